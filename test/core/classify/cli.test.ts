import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { run as classify } from '../../../src/cli/commands/classify.ts';
import { run as model } from '../../../src/cli/commands/model.ts';

function io(stdinText = '') {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), stdin: Readable.from([stdinText]) },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

const FEES = ['年费太高要求退还', '分期手续费太贵了', '利息收得太多', '违约金不合理', '罚息太多了要求减免', '手续费乱收'];
const COLLECTION = ['催收天天打电话', '暴力催收骚扰家人', '催收威胁恐吓我', '催收爆通讯录', '催收半夜打电话', '催收辱骂我'];

describe('kesu model / kesu classify', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kesu-classify-'));
    const lines: string[] = [];
    for (let i = 0; i < 5; i++) {
      for (const t of FEES) lines.push(JSON.stringify({ text: `${t}${i}`, label: 'fees', extra: 1 }));
      for (const t of COLLECTION) lines.push(JSON.stringify({ text: `${t}${i}`, label: 'collection' }));
    }
    lines.push('not json');
    await writeFile(join(dir, 'train.jsonl'), lines.join('\n') + '\n');
    await writeFile(
      join(dir, 'test.jsonl'),
      [JSON.stringify({ text: '年费太贵', label: 'fees' }), JSON.stringify({ text: '催收电话骚扰', label: 'collection' })].join('\n'),
    );
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('model train writes a model file, shows progress on stderr and skips bad lines with their number', async () => {
    const c = io();
    const code = await model(['train', '--in', join(dir, 'train.jsonl'), '--out', join(dir, 'm.json'), '--seed', '1'], c.io);
    assert.equal(code, 0);
    const m = JSON.parse(await readFile(join(dir, 'm.json'), 'utf8')) as { format: string; labels: string[] };
    assert.equal(m.format, 'kesu-linear/1');
    assert.deepEqual(m.labels, ['collection', 'fees']);
    assert.match(c.stderr(), /\[#+\.*\]/);
    assert.match(c.stderr(), /line 61 skipped/);
    assert.match(c.stderr(), /saved/);
  });

  test('model eval prints accuracy, macro-F1, per-class P/R and the confusion matrix', async () => {
    const c = io();
    const code = await model(['eval', '--model', join(dir, 'm.json'), '--in', join(dir, 'test.jsonl')], c.io);
    assert.equal(code, 0);
    const out = c.stdout();
    assert.match(out, /accuracy: 100\.0%/);
    assert.match(out, /macro-F1: 100\.0%/);
    assert.match(out, /collection\s+100\.0%\s+100\.0%/);
    assert.match(out, /confusion matrix/);
    const j = io();
    await model(['eval', '--model', join(dir, 'm.json'), '--in', join(dir, 'test.jsonl'), '--json'], j.io);
    assert.deepEqual((JSON.parse(j.stdout()) as { confusion: unknown }).confusion, { labels: ['collection', 'fees'], matrix: [[1, 0], [0, 1]] });
  });

  test('--from-db needs the injected loader: a clear error without it, the loader’s data with it', async () => {
    const c = io();
    assert.equal(await model(['train', '--from-db', '--label', 'category', '--out', join(dir, 'db.json')], c.io), 1);
    assert.match(c.stderr(), /--from-db is not available/);
    let asked = '';
    const d = io();
    const code = await model(['train', '--from-db', '--label', 'category', '--out', join(dir, 'db.json')], d.io, {
      loadLabelledFromDb: async (label) => {
        asked = label;
        return [...FEES.map((text) => ({ text, label: 'product' })), ...COLLECTION.map((text) => ({ text, label: 'service' }))];
      },
    });
    assert.equal(code, 0);
    assert.equal(asked, 'category');
    assert.deepEqual((JSON.parse(await readFile(join(dir, 'db.json'), 'utf8')) as { labels: string[] }).labels, ['product', 'service']);
  });

  test('missing arguments give usage and exit code 2', async () => {
    const c = io();
    assert.equal(await model(['train', '--in', 'x.jsonl'], c.io), 2);
    assert.match(c.stderr(), /--out/);
    assert.equal(await classify([], io().io), 2);
  });

  test('classify with a generic model echoes ids, ignores extra fields and reports bad lines by number', async () => {
    const input = [JSON.stringify({ id: 'a1', text: '年费太贵了', other: true }), '{broken', JSON.stringify({ id: 7 }), '', JSON.stringify({ id: 'b2', text: '催收骚扰' })].join('\n');
    await writeFile(join(dir, 'in.jsonl'), input);
    const c = io();
    const code = await classify(['--model', join(dir, 'm.json'), '--in', join(dir, 'in.jsonl')], c.io);
    assert.equal(code, 1);
    const rows = c.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(rows.length, 4);
    assert.deepEqual([rows[0]?.id, rows[0]?.label], ['a1', 'fees']);
    assert.ok(typeof rows[0]?.confidence === 'number' && (rows[0].confidence as number) > 0.5);
    assert.equal(rows[1]?.line, 2);
    assert.equal(rows[2]?.line, 3);
    assert.match(String(rows[2]?.error), /missing text/);
    assert.deepEqual([rows[3]?.id, rows[3]?.label], ['b2', 'collection']);
  });

  test('classify from stdin with the shipped bootstrap model gives category, codes, urgency and masked entities', async () => {
    const c = io(JSON.stringify({ id: 1, text: '催收天天打我单位同事电话，我的手机13812345678，再这样我就报警' }) + '\n');
    const code = await classify(['--in', '-'], c.io);
    assert.equal(code, 0);
    const row = JSON.parse(c.stdout()) as Record<string, unknown>;
    assert.equal(row.id, 1);
    assert.equal(row.category, 'service');
    assert.equal(row.reasonCode, 'C12');
    assert.equal(row.businessCode, 'B10');
    assert.equal(row.urgency, 'high');
    assert.ok(typeof row.confidence === 'number');
    assert.ok(!c.stdout().includes('13812345678'));
    assert.ok((row.entities as Array<{ text: string }>).some((e) => e.text === '138****5678'));
  });
});
