import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { freshDatabase, onPostgres } from '../support/db.ts';
import { enqueue } from '../../src/db/outbox.ts';
import { Worker, backoffMs, MAX_ATTEMPTS } from '../../src/worker/worker.ts';
import { Keyring } from '../../src/security/keyring.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import type { Deps } from '../../src/app/deps.ts';

let d: Awaited<ReturnType<typeof freshDatabase>>;
let now = new Date('2026-11-27T02:00:00Z');
let deps: Deps;
before(async () => {
  d = await freshDatabase({ poolMax: 4 });
  deps = { db: d.db, keyring: new Keyring(randomBytes(32), d.db), clock: () => now };
  await deps.keyring.load();
});
after(async () => d?.drop());

test('a failing handler is retried with growing backoff, then dead-lettered', async () => {
  await enqueue(d.db, { topic: 'test.fail', payload: { n: 1 } }, now);
  let calls = 0;
  const failing = new Worker({ deps, handlers: { 'test.fail': async () => { calls++; throw new Error('boom'); } }, jobs: [], pollMs: 10 });
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    assert.equal(await failing.relayOutbox(), 1, `attempt ${i + 1} runs once its backoff has passed`);
    assert.equal(await failing.relayOutbox(), 0, 'not again before the backoff');
    now = new Date(now.getTime() + backoffMs(i + 1) + 1);
  }
  assert.equal(calls, MAX_ATTEMPTS);
  const row = await d.db.selectFrom('outbox').selectAll().where('topic', '=', 'test.fail').executeTakeFirstOrThrow();
  assert.ok(row.dead_at, 'dead-lettered after the last attempt');
  assert.equal(row.last_error, 'boom');
  assert.equal(await failing.relayOutbox(), 0);
});

test('several workers on one PostgreSQL handle each event exactly once', { skip: !onPostgres && 'PGlite has a single connection: runs in the PostgreSQL pass' }, async () => {
  const n = 300;
  await enqueue(d.db, Array.from({ length: n }, (_, i) => ({ topic: 'test.count', payload: { i } })), now);
  const seen: number[] = [];
  const name = (await sql<{ d: string }>`SELECT current_database() AS d`.execute(d.db)).rows[0]!.d;
  const u = new URL(process.env.KESU_TEST_DATABASE_URL!);
  u.pathname = `/${name}`;
  const dbs: Database[] = await Promise.all([0, 1, 2].map(() => openDatabase({ databaseUrl: u.toString(), poolMax: 2 })));
  try {
    const workers = dbs.map((x) => new Worker({ deps: { ...deps, db: x.db }, handlers: { 'test.count': async (e) => void seen.push(Number(e.payload.i)) }, jobs: [], pollMs: 10 }));
    await Promise.all(workers.map(async (w) => { while ((await w.relayOutbox(7)) > 0); }));
  } finally {
    await Promise.all(dbs.map((x) => x.close()));
  }
  assert.equal(seen.length, n, 'no event handled twice');
  assert.equal(new Set(seen).size, n, 'every event handled');
});
