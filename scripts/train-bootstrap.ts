// `npm run train:bootstrap`: train the shipped bootstrap classifier from the invented corpus in data/training/
// and write data/models/bootstrap.json. Seeded and deterministic: the same corpus gives the same bytes.
//
//   node --import tsx scripts/train-bootstrap.ts [--seed 1] [--out data/models/bootstrap.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { encodeBootstrap, trainBootstrap, type CorpusRow } from '../src/core/classify/bootstrap.ts';

const CORPUS = ['data/training/generated.jsonl', 'data/training/handwritten.jsonl'];

function readRows(path: string): CorpusRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = JSON.parse(l) as CorpusRow;
      if (!r.text || !r.category || !r.reasonCode || !r.businessCode) throw new Error(`${path}:${i + 1}: missing field`);
      return r;
    });
}

function main(): void {
  const args = process.argv.slice(2);
  const get = (name: string, dflt: string): string => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? (args[i + 1] as string) : dflt;
  };
  const seed = Number(get('--seed', '1'));
  const out = get('--out', 'data/models/bootstrap.json');
  const rows = CORPUS.flatMap(readRows);
  const t0 = performance.now();
  let last = '';
  const model = trainBootstrap(rows, { seed }, (p) => {
    const line = `${p.phase} ${p.message ?? ''} ${p.done}/${p.total}`;
    if (p.done === p.total && line !== last) {
      process.stderr.write(`\r${line.padEnd(60)}`);
      last = line;
    }
  });
  const json = encodeBootstrap(model);
  const text = JSON.stringify(json) + '\n';
  writeFileSync(out, text);
  process.stderr.write('\n');
  const s = (performance.now() - t0) / 1000;
  console.log(`wrote ${out} (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB, ${json.version}) from ${rows.length} rows in ${s.toFixed(1)} s`);
  for (const [head, r] of Object.entries(model.meta.crossFit)) {
    console.log(
      `  ${head.padEnd(9)} λ=${r.lambda} T=${r.temperature} cross-fitted on hand-written rows: accuracy=${(100 * r.accuracy).toFixed(1)}% NLL ${r.nllBefore} → ${r.nllAfter}`,
    );
  }
}

main();
