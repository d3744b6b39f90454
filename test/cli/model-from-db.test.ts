// `kesu model train --from-db`: trains on the labels people confirmed on finished complaints (closed or archived,
// not merged), optionally only those closed since a date, and with --register stores the model (not active).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, onPostgres } from '../support/db.ts';
import { openRuntime } from '../../src/runtime.ts';
import { loadConfig } from '../../src/config.ts';

let dir: string;
let env: NodeJS.ProcessEnv;
let pgDb: Awaited<ReturnType<typeof freshDatabase>> | null = null;

const FEES = ['年费太高要求退还', '分期手续费太贵了', '利息收得太多', '违约金不合理', '罚息太多了要求减免', '手续费乱收'];
const COLLECTION = ['催收天天打电话', '暴力催收骚扰家人', '催收威胁恐吓我', '催收爆通讯录', '催收半夜打电话', '催收辱骂我'];
const CARD = ['卡被盗刷了', '银行卡被冻结', '卡片无法取现', '卡被吞了', '信用卡额度被降', '借记卡无法转账'];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kesu-model-db-'));
  env = { ...process.env, KESU_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  if (onPostgres) {
    pgDb = await freshDatabase();
    await pgDb.close();
    env.DATABASE_URL = pgDb.url!;
  }
  const rt = await openRuntime(loadConfig(env));
  try {
    let n = 0;
    const add = async (texts: string[], state: string, label: string, closedAt: string | null) => {
      for (const [i, t] of texts.entries()) {
        for (let r = 0; r < 2; r++) {
          n++;
          await rt.deps.db
            .insertInto('complaint')
            .values({
              tracking_no: `T-M-${n}`, channel: 'phone', received_at: '2026-01-05T09:00:00+08:00', registered_at: '2026-01-05T09:00:00+08:00',
              state, content: `${t}${i}${r}`, demand: '请尽快处理', category: label, reason_code: label === 'service' ? 'C12' : 'C08',
              closed_at: closedAt ? new Date(closedAt) : null, created_at: new Date(), updated_at: new Date(),
            })
            .execute();
        }
      }
    };
    await add(FEES, 'closed', 'product', '2026-03-01T10:00:00+08:00');
    await add(COLLECTION, 'archived', 'service', '2026-03-02T10:00:00+08:00');
    await add(CARD, 'closed', 'business', '2024-06-01T10:00:00+08:00'); // closed long ago: out with --since 2025-01-01
    await add(CARD, 'in_progress', 'technical', null); // not finished: never used
    // Merged into another complaint: never used, even when archived.
    const target = await rt.deps.db.selectFrom('complaint').select('id').where('tracking_no', '=', 'T-M-1').executeTakeFirstOrThrow();
    for (let i = 0; i < 6; i++) {
      await rt.deps.db.insertInto('complaint').values({ tracking_no: `T-MERGED-${i}`, channel: 'phone', received_at: new Date(), registered_at: new Date(), state: 'archived', content: `重复投诉${i}`, demand: '同上', category: 'other', merged_into: target.id, closed_at: new Date('2026-03-03T10:00:00+08:00'), created_at: new Date(), updated_at: new Date() }).execute();
    }
  } finally {
    await rt.database.close();
  }
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pgDb?.drop();
});

function kesu(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/kesu.js', ...args], { env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    p.stdin.end();
  });
}

test('kesu model train --from-db uses closed and archived complaints\' confirmed labels, never open or merged ones', async () => {
  const out = join(dir, 'all.json');
  const r = await kesu(['model', 'train', '--from-db', '--label', 'category', '--out', out, '--seed', '1']);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(readFileSync(out, 'utf8')) as { format: string; labels: string[]; meta: { examples: number } };
  assert.equal(m.format, 'kesu-linear/1');
  assert.deepEqual(m.labels, ['business', 'product', 'service'], 'no technical (open) and no other (merged)');
  assert.equal(m.meta.examples, 36);
  assert.match(r.stderr, /reading closed complaints: 36/);
  assert.match(r.stderr, /\[#+\.*\]/, 'the training progress bar');
});

test('--since keeps complaints closed from that date; --register stores the model, not active, with an audit entry', async () => {
  const out = join(dir, 'recent.json');
  const r = await kesu(['model', 'train', '--from-db', '--label', 'category', '--since', '2025-01-01', '--out', out, '--seed', '1', '--register', '--name', '近期分类模型']);
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(out, 'utf8');
  assert.deepEqual((JSON.parse(text) as { labels: string[] }).labels, ['product', 'service']);
  const sha = createHash('sha256').update(text).digest('hex');
  assert.match(r.stderr, new RegExp(`registered \\(not active\\): category-${sha.slice(0, 12)}`));

  const reason = await kesu(['model', 'train', '--from-db', '--label', 'reason', '--out', join(dir, 'reason.json')]);
  assert.equal(reason.code, 0, reason.stderr);
  assert.deepEqual((JSON.parse(readFileSync(join(dir, 'reason.json'), 'utf8')) as { labels: string[] }).labels, ['C08', 'C12']);

  const bad = await kesu(['model', 'train', '--from-db', '--label', 'urgency', '--out', join(dir, 'x.json')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--label must be category, reason or business/);

  const rt = await openRuntime(loadConfig(env));
  try {
    const rows = await rt.deps.db.selectFrom('classifier_model').select(['name', 'head', 'version', 'sha256', 'active']).execute();
    assert.deepEqual(rows, [{ name: '近期分类模型', head: 'category', version: `category-${sha.slice(0, 12)}`, sha256: sha, active: false }]);
    const audit = await rt.deps.db.selectFrom('audit_entry').select(['auth_method', 'stream']).where('kind', '=', 'MODEL_REGISTERED').execute();
    assert.deepEqual(audit, [{ auth_method: 'cli', stream: 'config' }]);
  } finally {
    await rt.database.close();
  }
});
