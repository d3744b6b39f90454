// The bootstrap model: three linear heads (guide category, JR/T 0169 reason code C, business code B) trained on
// Kesu's invented corpus, calibrated on its hand-written part by cross-fitting, and stored compactly as JSON.
import { createHash } from 'node:crypto';
import { CODE_TABLE_VERSION } from './codes.ts';
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from './features.ts';
import {
  extractAll,
  fitTemperature,
  logitsForFeatures,
  negativeLogLikelihood,
  prepareCorpus,
  trainOnFeatures,
  type LinearModel,
  type ProgressCallback,
  type TrainOptions,
} from './linear.ts';
import { createRng, shuffleInPlace } from './prng.ts';

export interface CorpusRow {
  text: string;
  category: string;
  reasonCode: string;
  businessCode: string;
  /** `handwritten` rows calibrate the confidence (cross-fitted) and may weigh more. */
  source?: string;
}

export type HeadName = 'category' | 'reason' | 'business';
export const HEADS: readonly HeadName[] = ['category', 'reason', 'business'];

export interface BootstrapModel {
  format: 'kesu-bootstrap/1';
  version: string;
  codeTableVersion: string;
  category: LinearModel;
  reason: LinearModel;
  business: LinearModel;
  meta: BootstrapMeta;
}

export interface BootstrapMeta {
  seed: number;
  rows: number;
  handwritten: number;
  handwrittenWeight: number;
  folds: number;
  /** Cross-fitted results on the hand-written rows, per head (before and after temperature scaling). */
  crossFit: Record<HeadName, { accuracy: number; nllBefore: number; nllAfter: number; temperature: number; lambda: number }>;
}

export interface BootstrapTrainOptions {
  seed?: number;
  /** Folds for cross-fitting the temperature on hand-written rows (default 4). */
  folds?: number;
  /** Gradient weight of a hand-written row relative to a generated one (default 3). */
  handwrittenWeight?: number;
  /** Candidate λ per head, chosen by cross-fitted NLL on the hand-written rows (default [3e-6, 1e-5, 3e-5]). */
  lambdas?: readonly number[];
  /** Smaller weights are dropped (default 0.05: the shipped file stays small, accuracy unchanged). */
  minWeight?: number;
  epochs?: number;
  minDf?: number;
  features?: Partial<FeatureOptions>;
}

const label = (row: CorpusRow, head: HeadName): string =>
  head === 'category' ? row.category : head === 'reason' ? row.reasonCode : row.businessCode;

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/**
 * Train the three heads. Each head's λ and temperature come from K-fold cross-fitting on the hand-written rows
 * (the model never sees the fold it is scored on); the shipped heads are then trained on every row.
 */
export function trainBootstrap(rows: readonly CorpusRow[], options: BootstrapTrainOptions = {}, onProgress?: ProgressCallback): BootstrapModel {
  const seed = options.seed ?? 1;
  const folds = options.folds ?? 4;
  const hwWeight = options.handwrittenWeight ?? 3;
  const lambdas = options.lambdas ?? [3e-6, 1e-5, 3e-5];
  const features: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...options.features };
  const base: TrainOptions = {
    seed,
    epochs: options.epochs ?? 12,
    minDf: options.minDf ?? 2,
    features,
    classWeight: 'none',
    calibrationFraction: 0,
    minWeight: options.minWeight ?? 0.05,
  };
  const docs = extractAll(
    rows.map((r) => r.text),
    features,
    onProgress,
  );
  // One vocabulary and one set of vectors for every fit (cross-fitting folds and final heads).
  const corpus = prepareCorpus(docs, options.minDf ?? 2);
  const weights = rows.map((r) => (r.source === 'handwritten' ? hwWeight : 1));
  const handIdx = rows.map((r, i) => (r.source === 'handwritten' ? i : -1)).filter((i) => i >= 0);
  // Fold assignment: shuffled hand-written rows dealt round-robin (seeded).
  const foldOf = new Map<number, number>();
  shuffleInPlace(createRng(seed ^ 0x2545f491), [...handIdx]).forEach((row, j) => foldOf.set(row, j % folds));

  const heads = {} as Record<HeadName, LinearModel>;
  const crossFit = {} as BootstrapMeta['crossFit'];
  for (const head of HEADS) {
    const labels = rows.map((r) => label(r, head));
    let best: { lambda: number; nll: number; logits: Float64Array[]; ys: number[]; accuracy: number; nllBefore: number } | undefined;
    if (handIdx.length >= folds * 2) {
      for (const lambda of lambdas) {
        const logits: Float64Array[] = [];
        const ys: number[] = [];
        let correct = 0;
        for (let f = 0; f < folds; f++) {
          const trainIdx = rows.map((_, i) => i).filter((i) => foldOf.get(i) !== f);
          const testIdx = handIdx.filter((i) => foldOf.get(i) === f);
          const m = trainOnFeatures(
            corpus,
            labels,
            { ...base, lambda },
            (p) => onProgress?.({ ...p, phase: 'calibrate', message: `${head} λ=${lambda} fold ${f + 1}/${folds}` }),
            weights,
            trainIdx,
          );
          for (const i of testIdx) {
            const z = logitsForFeatures(m, docs[i] as Map<string, number>);
            const y = m.labels.indexOf(labels[i] as string);
            if (y < 0) continue; // a label only present in this fold: cannot be scored
            logits.push(z);
            ys.push(y);
            let arg = 0;
            for (let c = 1; c < z.length; c++) if ((z[c] as number) > (z[arg] as number)) arg = c;
            if (arg === y) correct++;
          }
        }
        const t = fitTemperature(logits, ys);
        const nll = negativeLogLikelihood(logits, ys, t);
        if (!best || nll < best.nll) {
          best = { lambda, nll, logits, ys, accuracy: correct / Math.max(1, ys.length), nllBefore: negativeLogLikelihood(logits, ys, 1) };
        }
      }
    }
    const lambda = best?.lambda ?? (lambdas[0] as number);
    const temperature = best ? fitTemperature(best.logits, best.ys) : 1;
    const model = trainOnFeatures(
      corpus,
      labels,
      { ...base, lambda, description: `bootstrap ${head} head` },
      (p) => onProgress?.({ ...p, message: `${head} (final)` }),
      weights,
    );
    model.temperature = round4(temperature);
    heads[head] = model;
    crossFit[head] = {
      accuracy: round4(best?.accuracy ?? 0),
      nllBefore: round4(best?.nllBefore ?? 0),
      nllAfter: round4(best?.nll ?? 0),
      temperature: round4(temperature),
      lambda,
    };
  }
  const meta: BootstrapMeta = {
    seed,
    rows: rows.length,
    handwritten: handIdx.length,
    handwrittenWeight: hwWeight,
    folds,
    crossFit,
  };
  const model: BootstrapModel = {
    format: 'kesu-bootstrap/1',
    version: '',
    codeTableVersion: CODE_TABLE_VERSION,
    category: heads.category,
    reason: heads.reason,
    business: heads.business,
    meta,
  };
  // Round-trip through the compact form so that the in-memory model equals what is shipped.
  const decoded = decodeBootstrap(encodeBootstrap(model));
  return decoded;
}

// ---------------------------------------------------------------------------------------------------------------
// Compact JSON: one shared vocabulary, weights quantised to integers and stored sparsely per class.

export interface BootstrapJson {
  format: 'kesu-bootstrap/1';
  version: string;
  codeTableVersion: string;
  features: FeatureOptions;
  vocab: string[];
  idf: number[];
  heads: Record<HeadName, HeadJson>;
  meta: BootstrapMeta;
}

interface HeadJson {
  labels: string[];
  bias: number[];
  temperature: number;
  /** Weight = integer × quantum. */
  quantum: number;
  /** Per label: [gap, q, gap, q, …] where gap = feature index − previous index (first: index + 1). */
  weights: number[][];
  meta: LinearModel['meta'];
}

const QUANTUM = 1e-3;

/** The compact, shippable form (deterministic: same model → same JSON text). */
export function encodeBootstrap(model: BootstrapModel): BootstrapJson {
  const vocab = model.category.vocab;
  for (const head of HEADS) {
    if (model[head].vocab.length !== vocab.length || model[head].vocab.some((k, i) => k !== vocab[i]))
      throw new Error('bootstrap heads must share one vocabulary');
  }
  const heads = {} as Record<HeadName, HeadJson>;
  for (const head of HEADS) {
    const m = model[head];
    const k = m.labels.length;
    const weights = m.labels.map((_, c) => {
      const out: number[] = [];
      let prev = -1;
      for (let f = 0; f < vocab.length; f++) {
        const q = Math.round((m.weights[f * k + c] as number) / QUANTUM);
        if (q === 0) continue;
        out.push(f - prev, q);
        prev = f;
      }
      return out;
    });
    heads[head] = { labels: m.labels, bias: m.bias, temperature: m.temperature, quantum: QUANTUM, weights, meta: m.meta };
  }
  const body = {
    format: 'kesu-bootstrap/1' as const,
    codeTableVersion: model.codeTableVersion,
    features: model.category.features,
    vocab,
    idf: model.category.idf,
    heads,
    meta: model.meta,
  };
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12);
  return { format: body.format, version: `bootstrap-${digest}`, codeTableVersion: body.codeTableVersion, features: body.features, vocab, idf: body.idf, heads, meta: body.meta };
}

/** Rebuild the in-memory model from its compact JSON (throws on a malformed file). */
export function decodeBootstrap(json: unknown): BootstrapModel {
  const j = json as Partial<BootstrapJson>;
  if (!j || j.format !== 'kesu-bootstrap/1' || !Array.isArray(j.vocab) || !Array.isArray(j.idf) || !j.heads || !j.features)
    throw new Error('不是有效的 Kesu 引导模型 / not a Kesu bootstrap model file');
  const vocab = j.vocab;
  const out = {} as Record<HeadName, LinearModel>;
  for (const head of HEADS) {
    const h = j.heads[head];
    if (!h || !Array.isArray(h.labels) || !Array.isArray(h.weights)) throw new Error(`模型缺少 ${head} / model lacks head ${head}`);
    const k = h.labels.length;
    const weights = new Array<number>(vocab.length * k).fill(0);
    h.weights.forEach((pairs, c) => {
      let f = -1;
      for (let p = 0; p + 1 < pairs.length; p += 2) {
        f += pairs[p] as number;
        weights[f * k + c] = (pairs[p + 1] as number) * h.quantum;
      }
    });
    out[head] = {
      format: 'kesu-linear/1',
      labels: h.labels,
      features: j.features,
      vocab,
      idf: j.idf,
      weights,
      bias: h.bias,
      temperature: h.temperature,
      meta: h.meta,
    };
  }
  return {
    format: 'kesu-bootstrap/1',
    version: String(j.version),
    codeTableVersion: String(j.codeTableVersion),
    category: out.category,
    reason: out.reason,
    business: out.business,
    meta: j.meta as BootstrapMeta,
  };
}

export function isBootstrapJson(value: unknown): value is BootstrapJson {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'kesu-bootstrap/1';
}
