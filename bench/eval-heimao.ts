// Evaluation of Kesu's classifier on the 黑猫 (heimao) consumer complaints. Evaluation only: nothing is saved and no
// text from the data set is written anywhere.
//
//   node --import tsx bench/eval-heimao.ts /work/shared/data/heimao [--seed 1] [--errors N] [--skip-b]
//
// (a) the shipped bootstrap model's five-category accuracy on categories.jsonl (277 items with agreed labels);
// (b) on eval.jsonl's `reason` labels, a stratified seeded 80/20 split: Kesu's generic trainer vs a baseline
//     (TF-IDF character 1–3-grams + one-vs-rest linear SVM, L2-loss, C = 1, trained by dual coordinate descent).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseComplaint, loadedBootstrapModel } from '../src/core/classify/analyse.ts';
import { evaluate, evaluatePredictions, train, type Evaluation } from '../src/core/classify/linear.ts';
import { createRng, shuffleInPlace, stratifiedSplit } from '../src/core/classify/prng.ts';

interface EvalItem {
  id: string;
  text: string;
  reason: string;
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function pct(x: number): string {
  return (100 * x).toFixed(1) + '%';
}

function printEvaluation(title: string, ev: Evaluation): void {
  console.log(`${title}: n=${ev.n} accuracy=${pct(ev.accuracy)} macro-F1=${pct(ev.macroF1)}`);
  for (const [label, m] of Object.entries(ev.perClass)) {
    console.log(
      `  ${label.padEnd(12)} P=${pct(m.precision).padStart(6)} R=${pct(m.recall).padStart(6)} F1=${pct(m.f1).padStart(6)} n=${m.support}`,
    );
  }
  console.log('  confusion (rows = truth): ' + ev.confusion.labels.join(' | '));
  ev.confusion.matrix.forEach((row, i) => console.log(`  ${String(ev.confusion.labels[i]).padEnd(12)} ${row.map((n) => String(n).padStart(4)).join(' ')}`));
}

// ---------------------------------------------------------------------------------------------------------------
// Baseline: TF-IDF char 1–3-grams (sublinear tf, smooth idf, L2) + one-vs-rest linear SVM (squared hinge, C = 1).

function charNgrams(text: string): Map<string, number> {
  const t = text.toLowerCase();
  const m = new Map<string, number>();
  for (let i = 0; i < t.length; i++) {
    for (let n = 1; n <= 3 && i + n <= t.length; n++) {
      const g = t.slice(i, i + n);
      m.set(g, (m.get(g) ?? 0) + 1);
    }
  }
  return m;
}

interface Sparse {
  idx: Int32Array;
  val: Float64Array;
}

function baselineSvm(trainTexts: string[], trainLabels: string[], testTexts: string[], seed: number): string[] {
  const docs = trainTexts.map(charNgrams);
  const df = new Map<string, number>();
  for (const d of docs) for (const g of d.keys()) df.set(g, (df.get(g) ?? 0) + 1);
  const keys = [...df.keys()].sort();
  const index = new Map(keys.map((g, i) => [g, i]));
  const n = docs.length;
  const idf = Float64Array.from(keys, (g) => Math.log((1 + n) / (1 + (df.get(g) as number))) + 1);
  const vec = (counts: Map<string, number>): Sparse => {
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (const [g, c] of counts) {
      const f = index.get(g);
      if (f === undefined) continue;
      const v = (1 + Math.log(c)) * (idf[f] as number);
      idx.push(f);
      val.push(v);
      norm += v * v;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    // liblinear-style bias: an extra constant feature 1 at index `keys.length`.
    idx.push(keys.length);
    val.push(1);
    return { idx: Int32Array.from(idx), val: Float64Array.from(val, (v, j) => (j < val.length - 1 ? v * inv : v)) };
  };
  const xs = docs.map(vec);
  const dim = keys.length + 1;
  const labels = [...new Set(trainLabels)].sort();
  const weights = labels.map((label) => {
    // Dual coordinate descent for L2-regularised L2-loss SVM (Hsieh et al. 2008), C = 1.
    const C = 1;
    const D = 1 / (2 * C);
    const y = trainLabels.map((l) => (l === label ? 1 : -1));
    const alpha = new Float64Array(n);
    const w = new Float64Array(dim);
    const qd = xs.map((x) => x.val.reduce((a, v) => a + v * v, 0) + D);
    const order = Array.from({ length: n }, (_, i) => i);
    const rng = createRng(seed);
    for (let iter = 0; iter < 200; iter++) {
      shuffleInPlace(rng, order);
      let maxPg = -Infinity;
      let minPg = Infinity;
      for (const i of order) {
        const x = xs[i] as Sparse;
        const yi = y[i] as number;
        let dot = 0;
        for (let j = 0; j < x.idx.length; j++) dot += (w[x.idx[j] as number] as number) * (x.val[j] as number);
        const a = alpha[i] as number;
        const g = yi * dot - 1 + D * a;
        const pg = a === 0 ? Math.min(g, 0) : g;
        maxPg = Math.max(maxPg, pg);
        minPg = Math.min(minPg, pg);
        if (Math.abs(pg) > 1e-12) {
          const na = Math.max(a - g / (qd[i] as number), 0);
          const delta = (na - a) * yi;
          alpha[i] = na;
          for (let j = 0; j < x.idx.length; j++) w[x.idx[j] as number] = (w[x.idx[j] as number] as number) + delta * (x.val[j] as number);
        }
      }
      if (maxPg - minPg < 0.1) break;
    }
    return w;
  });
  return testTexts.map((t) => {
    const x = vec(charNgrams(t));
    let best = 0;
    let bestScore = -Infinity;
    weights.forEach((w, c) => {
      let s = 0;
      for (let j = 0; j < x.idx.length; j++) s += (w[x.idx[j] as number] as number) * (x.val[j] as number);
      if (s > bestScore) {
        bestScore = s;
        best = c;
      }
    });
    return labels[best] as string;
  });
}

// ---------------------------------------------------------------------------------------------------------------

function main(): void {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--'));
  if (!dir) {
    console.error('用法 / usage: node --import tsx bench/eval-heimao.ts <path-to-heimao-dir> [--seed N] [--errors N] [--skip-b]');
    process.exit(2);
  }
  const seedArg = args.indexOf('--seed');
  const seed = seedArg >= 0 ? Number(args[seedArg + 1]) : 1;
  const errArg = args.indexOf('--errors');
  const showErrors = errArg >= 0 ? Number(args[errArg + 1]) : 0;
  const items = readJsonl<EvalItem>(join(dir, 'eval.jsonl'));
  const byId = new Map(items.map((x) => [x.id, x]));

  // (a) bootstrap model, five categories
  const cats = readJsonl<{ id: string; category: string }>(join(dir, 'categories.jsonl'));
  const model = loadedBootstrapModel();
  const truth: string[] = [];
  const pred: string[] = [];
  const conf: number[] = [];
  const errors: string[] = [];
  const t0 = performance.now();
  for (const c of cats) {
    const item = byId.get(c.id);
    if (!item) continue;
    const r = analyseComplaint(item.text, model);
    truth.push(c.category);
    pred.push(r.category);
    conf.push(r.categoryConfidence);
    if (r.category !== c.category) errors.push(`${c.id} truth=${c.category} pred=${r.category} (${r.categoryConfidence.toFixed(2)})`);
  }
  const ms = performance.now() - t0;
  const evA = evaluatePredictions(truth, pred, conf);
  console.log(`(a) bootstrap model ${model.version}, five categories on categories.jsonl (${(ms / truth.length).toFixed(2)} ms/text)`);
  printEvaluation('    bootstrap', evA);
  console.log(`    mean confidence=${pct(evA.meanConfidence)} ECE=${pct(evA.ece)}`);
  if (showErrors > 0) {
    // ids only: the texts stay in the data set
    for (const e of errors.slice(0, showErrors)) console.log('    miss ' + e);
  }

  // (c) informational: the bootstrap reason head against eval.jsonl's weak `reason` labels, through an approximate
  // mapping of JR/T 0169 reason codes to those six classes (not a target: the taxonomies differ).
  const toHeimao: Record<string, string> = { C12: '催收行为类', C09: '合同条款类', C08: '定价收费类', C01: '客户服务类', C04: '营销宣传类' };
  const evC = evaluatePredictions(
    items.map((x) => x.reason),
    items.map((x) => toHeimao[analyseComplaint(x.text, model).reasonCode] ?? '其他类'),
  );
  console.log(
    `\n(c) informational: bootstrap reason head vs eval.jsonl reason labels (approximate code mapping, n=${evC.n}): accuracy=${pct(evC.accuracy)} macro-F1=${pct(evC.macroF1)}`,
  );

  if (args.includes('--skip-b')) return;

  // (b) generic trainer vs baseline on reason labels
  const { kept, held } = stratifiedSplit(
    items.map((x) => x.reason),
    0.2,
    seed,
  );
  const trainSet = kept.map((i) => ({ text: (items[i] as EvalItem).text, label: (items[i] as EvalItem).reason }));
  const testSet = held.map((i) => ({ text: (items[i] as EvalItem).text, label: (items[i] as EvalItem).reason }));
  console.log(`\n(b) reason labels: train=${trainSet.length} test=${testSet.length} (stratified 80/20, seed ${seed})`);
  let t = performance.now();
  const kesu = train(trainSet, { seed });
  const trainMs = performance.now() - t;
  const evK = evaluate(kesu, testSet);
  printEvaluation(`    kesu (train ${(trainMs / 1000).toFixed(1)} s, λ=${kesu.meta.lambda}, T=${kesu.temperature})`, evK);
  console.log(`    mean confidence=${pct(evK.meanConfidence)} ECE=${pct(evK.ece)}`);
  t = performance.now();
  const basePred = baselineSvm(
    trainSet.map((e) => e.text),
    trainSet.map((e) => e.label),
    testSet.map((e) => e.text),
    seed,
  );
  const baseMs = performance.now() - t;
  const evB = evaluatePredictions(
    testSet.map((e) => e.label),
    basePred,
  );
  printEvaluation(`    baseline tfidf-char1-3 + linear SVM (${(baseMs / 1000).toFixed(1)} s)`, evB);
  const diff = evK.macroF1 - evB.macroF1;
  console.log(
    `\n    macro-F1 kesu ${pct(evK.macroF1)} vs baseline ${pct(evB.macroF1)} → ${diff >= 0 ? 'kesu ≥ baseline' : 'kesu BELOW baseline'} (${diff >= 0 ? '+' : ''}${(100 * diff).toFixed(1)} pts)`,
  );
}

main();
