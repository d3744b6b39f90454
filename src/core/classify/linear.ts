// A generic linear text classifier: TF-IDF features (jieba words + character n-grams), multinomial logistic
// regression trained by seeded SGD, confidence calibrated by temperature scaling on a held-out split.
// Pure: no I/O, no clock, no Math.random. Same examples + same options → same model, byte for byte.
import { DEFAULT_FEATURE_OPTIONS, extractFeatures, featureHash, forEachFeatureHash, type FeatureOptions } from './features.ts';
import { createRng, shuffleInPlace, stratifiedSplit } from './prng.ts';

export interface Example {
  text: string;
  label: string;
}

export interface TrainOptions {
  /** PRNG seed for shuffling and the calibration split (default 1). */
  seed?: number;
  /** Passes over the training data (default 12). */
  epochs?: number;
  /** L2 regularisation strength; an array means "choose the best on the held-out split" (default [3e-6, 1e-5, 3e-5]). */
  lambda?: number | readonly number[];
  /** Initial SGD step size (default 0.5). */
  learningRate?: number;
  /** Which features to use. */
  features?: Partial<FeatureOptions>;
  /** Drop features seen in fewer documents (default 2). */
  minDf?: number;
  /** Keep at most this many features, most frequent first (default: no limit). */
  maxFeatures?: number;
  /** `balanced` weighs each class inversely to its frequency (default `balanced`). */
  classWeight?: 'balanced' | 'none';
  /** Share of the data held out (stratified) to choose λ and fit the temperature; 0 = none, T = 1 (default 0.15). */
  calibrationFraction?: number;
  /** After calibration, train again on all examples with the chosen λ and keep the temperature (default true). */
  refit?: boolean;
  /** Average the weights over the second half of the epochs (default true). */
  average?: boolean;
  /** Weights are rounded to multiples of this (default 1e-4). */
  precision?: number;
  /** Weights with a smaller magnitude are dropped (stored as 0) to keep model files small (default 0). */
  minWeight?: number;
  /** Free-form description stored in the model. */
  description?: string;
}

const DEFAULT_LAMBDAS: readonly number[] = [3e-6, 1e-5, 3e-5];

export type TrainPhase = 'features' | 'select' | 'calibrate' | 'train';
export interface TrainProgress {
  phase: TrainPhase;
  /** Work done and total in this phase (epochs for training phases, documents for features). */
  done: number;
  total: number;
  message?: string;
}
export type ProgressCallback = (p: TrainProgress) => void;

/** The serialisable model (plain JSON). */
export interface LinearModel {
  format: 'kesu-linear/1';
  labels: string[];
  features: FeatureOptions;
  /** Feature keys, most frequent first: `w:` jieba word, `b:` pair of neighbouring words, else a character n-gram. */
  vocab: string[];
  /** Inverse document frequency per vocab entry. */
  idf: number[];
  /** Row-major: weights[f * labels.length + k]. */
  weights: number[];
  bias: number[];
  /** Logits are divided by this before the softmax. */
  temperature: number;
  meta: {
    examples: number;
    perLabel: Record<string, number>;
    seed: number;
    epochs: number;
    lambda: number;
    learningRate: number;
    minDf: number;
    classWeight: 'balanced' | 'none';
    calibration: null | { examples: number; temperature: number; nllBefore: number; nllAfter: number; accuracy: number; macroF1: number };
    description?: string;
  };
}

export interface Prediction {
  label: string;
  /** Calibrated probability of `label`. */
  confidence: number;
  /** Calibrated probability of every label. */
  scores: Record<string, number>;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Evaluation {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<string, ClassMetrics>;
  /** confusion.matrix[i][j]: items whose true label is labels[i], predicted labels[j]. */
  confusion: { labels: string[]; matrix: number[][] };
  /** Mean calibrated confidence of the predicted label, and expected calibration error (10 bins). */
  meanConfidence: number;
  ece: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Vectors

export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

export interface Vocabulary {
  keys: string[];
  index: Map<string, number>;
  idf: Float64Array;
}

function buildVocabulary(docs: readonly Map<string, number>[], which: readonly number[], minDf: number, maxFeatures: number): Vocabulary {
  const df = new Map<string, number>();
  for (const i of which) {
    for (const key of (docs[i] as Map<string, number>).keys()) df.set(key, (df.get(key) ?? 0) + 1);
  }
  // Most frequent first (ties by key): the rows of common features sit together in memory and stay in the CPU
  // cache, which is what limits prediction speed.
  let entries = [...df.entries()].filter(([, n]) => n >= minDf);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (entries.length > maxFeatures) entries = entries.slice(0, maxFeatures);
  const n = which.length;
  const keys = entries.map(([k]) => k);
  const idf = new Float64Array(keys.length);
  const index = new Map<string, number>();
  entries.forEach(([k, d], i) => {
    index.set(k, i);
    idf[i] = Math.log((1 + n) / (1 + d)) + 1;
  });
  return { keys, index, idf };
}

/** Sublinear TF × IDF, L2-normalised. Unknown features are ignored. */
function vectorize(counts: Map<string, number>, index: Map<string, number>, idf: ArrayLike<number>): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  let norm = 0;
  for (const [key, c] of counts) {
    const f = index.get(key);
    if (f === undefined) continue;
    const v = (1 + Math.log(c)) * (idf[f] as number);
    idx.push(f);
    val.push(v);
    norm += v * v;
  }
  const out = { idx: Int32Array.from(idx), val: Float64Array.from(val) };
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < out.val.length; j++) out.val[j] = (out.val[j] as number) * inv;
  }
  return out;
}

function logitsInto(z: Float64Array, vec: SparseVector, weights: ArrayLike<number>, bias: ArrayLike<number>, k: number, scale = 1): void {
  for (let c = 0; c < k; c++) z[c] = bias[c] as number;
  const { idx, val } = vec;
  for (let j = 0; j < idx.length; j++) {
    const base = (idx[j] as number) * k;
    const v = (val[j] as number) * scale;
    for (let c = 0; c < k; c++) z[c] = (z[c] as number) + (weights[base + c] as number) * v;
  }
}

/** Softmax of z / temperature, in place. */
function softmaxInPlace(z: Float64Array, temperature = 1): void {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) max = Math.max(max, (z[c] as number) / temperature);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp((z[c] as number) / temperature - max);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) z[c] = (z[c] as number) / sum;
}

// ---------------------------------------------------------------------------------------------------------------
// SGD

interface SgdParams {
  epochs: number;
  lambda: number;
  learningRate: number;
  seed: number;
  classWeights: Float64Array;
  average: boolean;
  sampleWeights?: readonly number[] | undefined;
}

function trainSgd(
  vecs: readonly SparseVector[],
  ys: readonly number[],
  k: number,
  v: number,
  p: SgdParams,
  onEpoch?: (epoch: number) => void,
): { weights: Float64Array | Float32Array; bias: Float64Array } {
  // Float32 weights: half the memory traffic of float64, and SGD needs no more precision than that.
  const weights = new Float32Array(v * k);
  const bias = new Float64Array(k);
  const z = new Float64Array(k);
  const order = Array.from({ length: vecs.length }, (_, i) => i);
  const rng = createRng(p.seed);
  let scale = 1; // true weights = scale × stored weights (cheap L2 shrinkage)
  let t = 0;
  const averageFrom = p.average ? Math.floor(p.epochs / 2) : Infinity;
  const avgW = p.average ? new Float32Array(v * k) : undefined;
  const avgB = p.average ? new Float64Array(k) : undefined;
  let averaged = 0;
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    shuffleInPlace(rng, order);
    for (const i of order) {
      const vec = vecs[i] as SparseVector;
      const y = ys[i] as number;
      const cw = (p.classWeights[y] as number) * (p.sampleWeights ? (p.sampleWeights[i] as number) : 1);
      const eta = p.learningRate / (1 + p.learningRate * p.lambda * t);
      t++;
      logitsInto(z, vec, weights, bias, k, scale);
      softmaxInPlace(z);
      z[y] = (z[y] as number) - 1; // gradient of the log loss w.r.t. the logits
      scale *= 1 - eta * p.lambda;
      if (scale < 1e-6) {
        for (let j = 0; j < weights.length; j++) weights[j] = (weights[j] as number) * scale;
        scale = 1;
      }
      const step = (eta * cw) / scale;
      const { idx, val } = vec;
      for (let j = 0; j < idx.length; j++) {
        const base = (idx[j] as number) * k;
        const g = (val[j] as number) * step;
        for (let c = 0; c < k; c++) weights[base + c] = (weights[base + c] as number) - g * (z[c] as number);
      }
      for (let c = 0; c < k; c++) bias[c] = (bias[c] as number) - eta * cw * (z[c] as number);
    }
    if (avgW && avgB && epoch + 1 > averageFrom) {
      // Tail averaging (Polyak–Ruppert at epoch granularity): mean of the iterates after each late epoch.
      averaged++;
      const r = 1 / averaged;
      for (let j = 0; j < weights.length; j++) avgW[j] = (avgW[j] as number) + ((weights[j] as number) * scale - (avgW[j] as number)) * r;
      for (let c = 0; c < k; c++) avgB[c] = (avgB[c] as number) + ((bias[c] as number) - (avgB[c] as number)) * r;
    }
    onEpoch?.(epoch + 1);
  }
  if (avgW && avgB && averaged > 0) return { weights: avgW, bias: avgB };
  for (let j = 0; j < weights.length; j++) weights[j] = (weights[j] as number) * scale;
  return { weights, bias };
}

// ---------------------------------------------------------------------------------------------------------------
// Calibration

/** Mean negative log-likelihood of the true labels under softmax(logits / T). */
export function negativeLogLikelihood(logits: readonly Float64Array[], ys: readonly number[], temperature: number): number {
  let total = 0;
  logits.forEach((z, i) => {
    let max = -Infinity;
    for (let c = 0; c < z.length; c++) max = Math.max(max, (z[c] as number) / temperature);
    let sum = 0;
    for (let c = 0; c < z.length; c++) sum += Math.exp((z[c] as number) / temperature - max);
    total += max + Math.log(sum) - (z[ys[i] as number] as number) / temperature;
  });
  return logits.length ? total / logits.length : 0;
}

/** The temperature T in [0.05, 50] minimising held-out NLL (golden-section search on log T). */
export function fitTemperature(logits: readonly Float64Array[], ys: readonly number[]): number {
  if (logits.length === 0) return 1;
  const f = (logT: number): number => negativeLogLikelihood(logits, ys, Math.exp(logT));
  let a = Math.log(0.05);
  let b = Math.log(50);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 60; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}

// ---------------------------------------------------------------------------------------------------------------
// Training

function round(x: number, precision: number): number {
  if (Math.abs(x) < precision) return 0;
  const r = Math.round(x / precision) * precision;
  // Math.round(x / p) * p can leave binary noise (0.30000000000000004); a short decimal string parses back exactly.
  const s = Number(r.toPrecision(12));
  return s === 0 ? 0 : s; // no -0 in JSON
}

function macroF1Of(pred: readonly number[], ys: readonly number[], k: number): number {
  const tp = new Float64Array(k);
  const fp = new Float64Array(k);
  const fn = new Float64Array(k);
  pred.forEach((p, i) => {
    const y = ys[i] as number;
    if (p === y) tp[p] = (tp[p] as number) + 1;
    else {
      fp[p] = (fp[p] as number) + 1;
      fn[y] = (fn[y] as number) + 1;
    }
  });
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    if ((tp[c] as number) + (fn[c] as number) + (fp[c] as number) === 0) continue;
    classes++;
    const denom = 2 * (tp[c] as number) + (fp[c] as number) + (fn[c] as number);
    sum += denom ? (2 * (tp[c] as number)) / denom : 0;
  }
  return classes ? sum / classes : 0;
}

function argmax(z: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < z.length; c++) if ((z[c] as number) > (z[best] as number)) best = c;
  return best;
}

/** A corpus's vocabulary (document frequencies over all its texts; labels unused) and TF-IDF vectors. */
export interface PreparedCorpus {
  readonly docs: readonly Map<string, number>[];
  readonly vocab: Vocabulary;
  readonly vecs: readonly SparseVector[];
}

/** Build the vocabulary and vectors once, for several trainings over (subsets of) the same texts. */
export function prepareCorpus(docs: readonly Map<string, number>[], minDf = 2, maxFeatures = Number.MAX_SAFE_INTEGER): PreparedCorpus {
  const vocab = buildVocabulary(
    docs,
    docs.map((_, i) => i),
    minDf,
    maxFeatures,
  );
  return { docs, vocab, vecs: docs.map((d) => vectorize(d, vocab.index, vocab.idf)) };
}

/** Features of every example's text (for `trainOnFeatures`, when several models share one corpus). */
export function extractAll(
  texts: readonly string[],
  features: Partial<FeatureOptions> = {},
  onProgress?: ProgressCallback,
): Map<string, number>[] {
  const opts: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...features };
  const total = texts.length;
  return texts.map((t, i) => {
    if (onProgress && ((i + 1) % 500 === 0 || i + 1 === total)) onProgress({ phase: 'features', done: i + 1, total });
    return extractFeatures(t, opts);
  });
}

/**
 * Train a classifier on labelled texts. Labels are whatever strings the examples carry (at least two distinct).
 * With `calibrationFraction` > 0 a stratified held-out split chooses λ (when several are given) by macro-F1 and
 * fits the temperature; then, with `refit`, the model is trained again on everything.
 */
export function train(examples: readonly Example[], options: TrainOptions = {}, onProgress?: ProgressCallback): LinearModel {
  const docs = extractAll(
    examples.map((e) => e.text),
    options.features,
    onProgress,
  );
  return trainOnFeatures(
    docs,
    examples.map((e) => e.label),
    options,
    onProgress,
  );
}

/**
 * `train` on features already extracted with `extractAll` (same `options.features`). `sampleWeights` (default 1)
 * scale each example's gradient, e.g. to count hand-written examples more than generated ones.
 */
export function trainOnFeatures(
  input: readonly Map<string, number>[] | PreparedCorpus,
  docLabels: readonly string[],
  options: TrainOptions = {},
  onProgress?: ProgressCallback,
  sampleWeights?: readonly number[],
  subset?: readonly number[],
): LinearModel {
  const docs = 'vecs' in input ? input.docs : input;
  if (docs.length !== docLabels.length) throw new Error('docs and labels differ in length');
  const seed = options.seed ?? 1;
  const epochs = options.epochs ?? 12;
  const lambdas: number[] =
    options.lambda === undefined ? [...DEFAULT_LAMBDAS] : typeof options.lambda === 'number' ? [options.lambda] : [...options.lambda];
  if (lambdas.length === 0 || lambdas.some((l) => !(l >= 0))) throw new Error('lambda 必须是非负数 / lambda must be ≥ 0');
  const learningRate = options.learningRate ?? 0.5;
  const features: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...options.features };
  const minDf = options.minDf ?? 2;
  const maxFeatures = options.maxFeatures ?? Number.MAX_SAFE_INTEGER;
  const classWeight = options.classWeight ?? 'balanced';
  const calibrationFraction = options.calibrationFraction ?? 0.15;
  const refit = options.refit ?? true;
  const precision = options.precision ?? 1e-4;
  const minWeight = options.minWeight ?? 0;
  const average = options.average ?? true;

  const all = subset ? [...subset] : docLabels.map((_, i) => i);
  const labels = [...new Set(all.map((i) => docLabels[i] as string))].sort();
  if (labels.length < 2) throw new Error(`训练需要至少两个类别 / training needs at least two labels (got ${labels.length})`);
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const ys = docLabels.map((l) => labelIndex.get(l) ?? -1);
  const k = labels.length;

  const classWeightsFor = (which: readonly number[]): Float64Array => {
    const w = new Float64Array(k).fill(1);
    if (classWeight === 'balanced') {
      const counts = new Float64Array(k);
      for (const i of which) counts[ys[i] as number] = (counts[ys[i] as number] as number) + 1;
      for (let c = 0; c < k; c++) w[c] = (counts[c] as number) > 0 ? which.length / (k * (counts[c] as number)) : 1;
    }
    return w;
  };

  // One vocabulary (document frequencies over all examples, labels unused) and one set of vectors serve the
  // λ-selection fits and the final fit alike.
  const { vocab, vecs } = 'vecs' in input ? input : prepareCorpus(input, minDf, maxFeatures);
  const fit = (which: readonly number[], lambda: number, phase: TrainPhase) => {
    const whichVecs = which.map((i) => vecs[i] as SparseVector);
    const whichYs = which.map((i) => ys[i] as number);
    const whichWeights = sampleWeights ? which.map((i) => sampleWeights[i] ?? 1) : undefined;
    const params: SgdParams = { epochs, lambda, learningRate, seed, classWeights: classWeightsFor(which), average, sampleWeights: whichWeights };
    const { weights, bias } = trainSgd(whichVecs, whichYs, k, vocab.keys.length, params, (epoch) =>
      onProgress?.({ phase, done: epoch, total: epochs, message: `λ=${lambda}` }),
    );
    return { vocab, weights, bias };
  };

  let chosenLambda = lambdas[0] as number;
  let temperature = 1;
  let calibration: LinearModel['meta']['calibration'] = null;
  let final: ReturnType<typeof fit> | undefined;

  if (calibrationFraction > 0 && all.length >= 10) {
    const split = stratifiedSplit(
      all.map((i) => docLabels[i] as string),
      calibrationFraction,
      seed ^ 0x5f3759df,
    );
    const kept = split.kept.map((j) => all[j] as number);
    const held = split.held.map((j) => all[j] as number);
    let best: { lambda: number; f1: number; nll: number; logits: Float64Array[]; model: ReturnType<typeof fit> } | undefined;
    const heldYs = held.map((i) => ys[i] as number);
    for (const lambda of lambdas) {
      const m = fit(kept, lambda, lambdas.length > 1 ? 'select' : 'calibrate');
      const logits = held.map((i) => {
        const z = new Float64Array(k);
        logitsInto(z, vecs[i] as SparseVector, m.weights, m.bias, k);
        return z;
      });
      const f1 = macroF1Of(logits.map(argmax), heldYs, k);
      const nll = negativeLogLikelihood(logits, heldYs, fitTemperature(logits, heldYs));
      if (!best || f1 > best.f1 + 1e-9 || (Math.abs(f1 - best.f1) <= 1e-9 && nll < best.nll)) best = { lambda, f1, nll, logits, model: m };
    }
    if (best) {
      chosenLambda = best.lambda;
      temperature = fitTemperature(best.logits, heldYs);
      const pred = best.logits.map(argmax);
      calibration = {
        examples: held.length,
        temperature: round(temperature, 1e-4),
        nllBefore: round(negativeLogLikelihood(best.logits, heldYs, 1), 1e-4),
        nllAfter: round(negativeLogLikelihood(best.logits, heldYs, temperature), 1e-4),
        accuracy: round(pred.filter((p, i) => p === heldYs[i]).length / Math.max(1, held.length), 1e-4),
        macroF1: round(best.f1, 1e-4),
      };
      if (!refit) final = best.model;
    }
  }
  final ??= fit(all, chosenLambda, 'train');

  const perLabel: Record<string, number> = {};
  for (const l of labels) perLabel[l] = 0;
  for (const i of all) perLabel[docLabels[i] as string] = (perLabel[docLabels[i] as string] ?? 0) + 1;

  const model: LinearModel = {
    format: 'kesu-linear/1',
    labels,
    features,
    vocab: final.vocab.keys,
    idf: Array.from(final.vocab.idf, (x) => round(x, 1e-4)),
    weights: Array.from(final.weights, (x) => (Math.abs(x) < minWeight ? 0 : round(x, precision))),
    bias: Array.from(final.bias, (x) => round(x, precision)),
    temperature: round(temperature, 1e-4),
    meta: {
      examples: all.length,
      perLabel,
      seed,
      epochs,
      lambda: chosenLambda,
      learningRate,
      minDf,
      classWeight,
      calibration,
      ...(options.description ? { description: options.description } : {}),
    },
  };
  return model;
}

// ---------------------------------------------------------------------------------------------------------------
// Prediction

/**
 * Open-addressing table from a feature's hash pair to its vocabulary index and IDF: 16-byte slots of
 * [h1, h2, index + 1, idf as float32] in one buffer, so that a lookup costs one cache line (memory latency, not
 * arithmetic, limits prediction speed).
 */
class HashIndex {
  readonly mask: number;
  /** log2 of the number of slots. */
  readonly bits: number;
  readonly slots: Int32Array;
  readonly idf: Float32Array;
  constructor(keys: readonly string[], idf: ArrayLike<number>) {
    let cap = 16;
    let bits = 4;
    while (cap < keys.length * 1.6) {
      cap *= 2;
      bits++;
    }
    this.mask = cap - 1;
    this.bits = bits;
    const buffer = new ArrayBuffer(cap * 16);
    this.slots = new Int32Array(buffer);
    this.idf = new Float32Array(buffer);
    const t = this.slots;
    keys.forEach((key, i) => {
      const [h1, h2] = featureHash(key);
      let slot = h1 & this.mask;
      while (t[slot * 4 + 2] !== 0) {
        if (t[slot * 4] === h1 && t[slot * 4 + 1] === h2) return; // duplicate hash pair: keep the first
        slot = (slot + 1) & this.mask;
      }
      t[slot * 4] = h1;
      t[slot * 4 + 1] = h2;
      t[slot * 4 + 2] = i + 1;
      this.idf[slot * 4 + 3] = idf[i] as number;
    });
  }
  /** The slot holding the feature, or -1. */
  slot(h1: number, h2: number): number {
    const t = this.slots;
    let slot = h1 & this.mask;
    for (;;) {
      const o = slot << 2;
      if (t[o + 2] === 0) return -1;
      if (t[o] === h1 && t[o + 1] === h2) return slot;
      slot = (slot + 1) & this.mask;
    }
  }
}

interface SharedVocabulary {
  index: Map<string, number>;
  hashed: HashIndex;
  idf: Float64Array;
}

interface Compiled {
  vocab: SharedVocabulary;
  weights: Float64Array;
  bias: Float64Array;
  k: number;
}

const compiledCache = new WeakMap<LinearModel, Compiled>();
// Heads of the bootstrap model share one vocabulary array: index it once.
const vocabCache = new WeakMap<readonly string[], SharedVocabulary>();

function compile(model: LinearModel): Compiled {
  let c = compiledCache.get(model);
  if (!c) {
    if (model.format !== 'kesu-linear/1') throw new Error(`不支持的模型格式 / unsupported model format: ${String(model.format)}`);
    const k = model.labels.length;
    if (model.weights.length !== model.vocab.length * k || model.bias.length !== k || model.idf.length !== model.vocab.length)
      throw new Error('模型文件已损坏 / model arrays have inconsistent lengths');
    let shared = vocabCache.get(model.vocab);
    if (!shared) {
      shared = {
        index: new Map(model.vocab.map((key, i) => [key, i])),
        hashed: new HashIndex(model.vocab, model.idf),
        idf: Float64Array.from(model.idf),
      };
      vocabCache.set(model.vocab, shared);
    }
    c = { vocab: shared, weights: Float64Array.from(model.weights), bias: Float64Array.from(model.bias), k };
    compiledCache.set(model, c);
  }
  return c;
}

/** A text's TF-IDF vector in a model's feature space (opaque; pass to predictVector). */
export interface TextVector {
  readonly vocab: readonly string[];
  readonly vec: SparseVector;
}

// Reused buffers for the slots a text's features hit and for sorting them (grown when needed).
let hitBuffer = new Int32Array(2048);
let sortBuffer = new Int32Array(2048);
const radixCounts = new Int32Array(257);

/**
 * Sort `a[0, n)` (non-negative integers below 2^bits) in place: a least-significant-digit radix sort, a byte per
 * pass. For the few hundred slots of a text it is several times faster than TypedArray.prototype.sort.
 */
function sortSlots(a: Int32Array, n: number, bits: number): void {
  if (sortBuffer.length < n) sortBuffer = new Int32Array(a.length);
  let src: Int32Array = a;
  let dst: Int32Array = sortBuffer;
  const counts = radixCounts;
  for (let shift = 0; shift < bits; shift += 8) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const b = (((src[i] as number) >>> shift) & 255) + 1;
      counts[b] = (counts[b] as number) + 1;
    }
    for (let b = 1; b < 257; b++) counts[b] = (counts[b] as number) + (counts[b - 1] as number);
    for (let i = 0; i < n; i++) {
      const v = src[i] as number;
      const b = (v >>> shift) & 255;
      const at = counts[b] as number;
      dst[at] = v;
      counts[b] = at + 1;
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src !== a) a.set(src.subarray(0, n));
}

/**
 * Vectorise a text for `model` (and every model sharing its vocabulary, like the bootstrap heads) without building
 * feature strings: the fast path for prediction.
 */
export function vectorizeText(model: LinearModel, text: string): TextVector {
  const { hashed } = compile(model).vocab;
  let hits = hitBuffer;
  let n = 0;
  forEachFeatureHash(text, model.features, (h1, h2) => {
    const slot = hashed.slot(h1, h2);
    if (slot < 0) return;
    if (n === hits.length) {
      const bigger = new Int32Array(hits.length * 2);
      bigger.set(hits);
      hits = hitBuffer = bigger;
    }
    hits[n++] = slot;
  });
  // In slot order (the order of the sums in prediction), runs of equal slots are the counts.
  sortSlots(hits, n, hashed.bits);
  let distinct = 0;
  for (let j = 0; j < n; j++) if (j === 0 || hits[j] !== hits[j - 1]) distinct++;
  const idx = new Int32Array(distinct);
  const val = new Float64Array(distinct);
  const { slots, idf } = hashed;
  let norm = 0;
  let d = 0;
  for (let j = 0; j < n; ) {
    const slot = hits[j] as number;
    let count = 1;
    while (j + count < n && hits[j + count] === slot) count++;
    const v = (1 + Math.log(count)) * (idf[slot * 4 + 3] as number);
    idx[d] = (slots[slot * 4 + 2] as number) - 1;
    val[d] = v;
    norm += v * v;
    d++;
    j += count;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < distinct; j++) val[j] = (val[j] as number) * inv;
  }
  return { vocab: model.vocab, vec: { idx, val } };
}

/**
 * Several models over one vocabulary (the bootstrap heads) fused into one weight matrix, so that one pass over a
 * text's features computes every head's logits. Weights are stored as 16-bit integers with a scale per output
 * (1/32767 of the largest weight of that output): a quarter of the float64 size, so that more of it stays in the
 * CPU cache; predictions equal the full-precision heads' to ~1e-4. Each feature's row is padded with zeros to a
 * multiple of 8 outputs (`stride`), for the accumulation in blocks of 8 below.
 */
export interface MultiHead {
  readonly models: readonly LinearModel[];
  readonly offsets: Int32Array;
  /** Outputs: the heads' labels, one after the other. */
  readonly width: number;
  /** Row length in `weights`: `width` rounded up to a multiple of 8. */
  readonly stride: number;
  readonly weights: Int16Array;
  readonly scale: Float64Array;
  readonly bias: Float64Array;
}

export function createMultiHead(models: readonly LinearModel[]): MultiHead {
  const first = models[0];
  if (!first) throw new Error('no models');
  for (const m of models) if (m.vocab !== first.vocab) throw new Error('models must share one vocabulary array');
  const offsets = new Int32Array(models.length + 1);
  models.forEach((m, i) => {
    offsets[i + 1] = (offsets[i] as number) + m.labels.length;
  });
  const width = offsets[models.length] as number;
  const stride = Math.ceil(width / 8) * 8;
  const v = first.vocab.length;
  const weights = new Int16Array(v * stride);
  const scale = new Float64Array(width);
  const bias = new Float64Array(width);
  models.forEach((m, i) => {
    const k = m.labels.length;
    const off = offsets[i] as number;
    for (let c = 0; c < k; c++) {
      let max = 0;
      for (let f = 0; f < v; f++) max = Math.max(max, Math.abs(m.weights[f * k + c] as number));
      const sc = max > 0 ? max / 32767 : 1;
      scale[off + c] = sc;
      for (let f = 0; f < v; f++) weights[f * stride + off + c] = Math.round((m.weights[f * k + c] as number) / sc);
      bias[off + c] = m.bias[c] as number;
    }
  });
  compile(first); // index the shared vocabulary
  return { models, offsets, width, stride, weights, scale, bias };
}

/** Every head's calibrated prediction for one text. */
export function predictMultiHead(mh: MultiHead, text: string): Prediction[] {
  const first = mh.models[0] as LinearModel;
  const { idx, val } = vectorizeText(first, text).vec;
  const { width, stride, weights: w } = mh;
  const n = idx.length;
  const acc = new Float64Array(stride);
  // acc[c] = Σ_j w[idx[j], c] · val[j], summed in the order of j, eight outputs at a time in local variables: the
  // same additions in the same order as one output at a time (identical results), with the running sums kept in
  // registers instead of memory.
  for (let c0 = 0; c0 < stride; c0 += 8) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    let a5 = 0;
    let a6 = 0;
    let a7 = 0;
    for (let j = 0; j < n; j++) {
      const b = (idx[j] as number) * stride + c0;
      const x = val[j] as number;
      a0 += (w[b] as number) * x;
      a1 += (w[b + 1] as number) * x;
      a2 += (w[b + 2] as number) * x;
      a3 += (w[b + 3] as number) * x;
      a4 += (w[b + 4] as number) * x;
      a5 += (w[b + 5] as number) * x;
      a6 += (w[b + 6] as number) * x;
      a7 += (w[b + 7] as number) * x;
    }
    acc[c0] = a0;
    acc[c0 + 1] = a1;
    acc[c0 + 2] = a2;
    acc[c0 + 3] = a3;
    acc[c0 + 4] = a4;
    acc[c0 + 5] = a5;
    acc[c0 + 6] = a6;
    acc[c0 + 7] = a7;
  }
  for (let c = 0; c < width; c++) acc[c] = (mh.bias[c] as number) + (acc[c] as number) * (mh.scale[c] as number);
  return mh.models.map((m, i) => toPrediction(m, acc.slice(mh.offsets[i] as number, mh.offsets[i + 1] as number)));
}

function toPrediction(model: LinearModel, z: Float64Array): Prediction {
  softmaxInPlace(z, model.temperature);
  const best = argmax(z);
  const scores: Record<string, number> = {};
  model.labels.forEach((l, i) => {
    scores[l] = z[i] as number;
  });
  return { label: model.labels[best] as string, confidence: z[best] as number, scores };
}

/** Calibrated prediction for a vector made by vectorizeText with a model of the same vocabulary. */
export function predictVector(model: LinearModel, v: TextVector): Prediction {
  if (v.vocab !== model.vocab && (v.vocab.length !== model.vocab.length || v.vocab.some((k, i) => k !== model.vocab[i])))
    throw new Error('vector and model have different vocabularies');
  const c = compile(model);
  const z = new Float64Array(c.k);
  logitsInto(z, v.vec, c.weights, c.bias, c.k);
  return toPrediction(model, z);
}

/** Raw (uncalibrated) logits for pre-extracted features. */
export function logitsForFeatures(model: LinearModel, counts: Map<string, number>): Float64Array {
  const c = compile(model);
  const z = new Float64Array(c.k);
  logitsInto(z, vectorize(counts, c.vocab.index, c.vocab.idf), c.weights, c.bias, c.k);
  return z;
}

/** Calibrated prediction from pre-extracted features (lets several models share one feature extraction). */
export function predictFeatures(model: LinearModel, counts: Map<string, number>): Prediction {
  return toPrediction(model, logitsForFeatures(model, counts));
}

/** Predict the label of one text, with calibrated confidence. */
export function predict(model: LinearModel, text: string): Prediction {
  return predictVector(model, vectorizeText(model, text));
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

/** Accuracy, macro-F1, per-class precision/recall/F1, confusion matrix and calibration error on labelled texts. */
export function evaluate(model: LinearModel, examples: readonly Example[]): Evaluation {
  const preds = examples.map((e) => predict(model, e.text));
  return evaluatePredictions(
    examples.map((e) => e.label),
    preds.map((p) => p.label),
    preds.map((p) => p.confidence),
  );
}

/** The same metrics for labels predicted elsewhere (e.g. by a baseline). `confidences` optional. */
export function evaluatePredictions(truth: readonly string[], predicted: readonly string[], confidences?: readonly number[]): Evaluation {
  const labels = [...new Set([...truth, ...predicted])].sort();
  const li = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  let correct = 0;
  truth.forEach((t, i) => {
    const p = predicted[i] as string;
    const row = matrix[li.get(t) as number] as number[];
    const j = li.get(p) as number;
    row[j] = (row[j] as number) + 1;
    if (t === p) correct++;
  });
  const perClass: Record<string, ClassMetrics> = {};
  let f1Sum = 0;
  labels.forEach((l, i) => {
    const tp = (matrix[i] as number[])[i] as number;
    const support = (matrix[i] as number[]).reduce((a, b) => a + b, 0);
    const predictedCount = matrix.reduce((a, row) => a + (row[i] as number), 0);
    const precision = predictedCount ? tp / predictedCount : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[l] = { precision, recall, f1, support };
    f1Sum += f1;
  });
  let meanConfidence = 0;
  let ece = 0;
  if (confidences && confidences.length === truth.length && truth.length > 0) {
    const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, correct: 0 }));
    confidences.forEach((c, i) => {
      meanConfidence += c;
      const b = bins[Math.min(9, Math.floor(c * 10))] as { n: number; conf: number; correct: number };
      b.n++;
      b.conf += c;
      if (truth[i] === predicted[i]) b.correct++;
    });
    meanConfidence /= truth.length;
    for (const b of bins) if (b.n) ece += (b.n / truth.length) * Math.abs(b.conf / b.n - b.correct / b.n);
  }
  return {
    n: truth.length,
    accuracy: truth.length ? correct / truth.length : 0,
    macroF1: labels.length ? f1Sum / labels.length : 0,
    perClass,
    confusion: { labels, matrix },
    meanConfidence,
    ece,
  };
}

/** Check that a parsed JSON value looks like a model (cheap structural test before use). */
export function isLinearModel(value: unknown): value is LinearModel {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<LinearModel>;
  return (
    m.format === 'kesu-linear/1' &&
    Array.isArray(m.labels) &&
    Array.isArray(m.vocab) &&
    Array.isArray(m.weights) &&
    Array.isArray(m.idf) &&
    Array.isArray(m.bias) &&
    typeof m.temperature === 'number'
  );
}
