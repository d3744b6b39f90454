import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { freshDatabase, onPostgres } from '../support/db.ts';
import { enqueue } from '../../src/db/outbox.ts';
import { Worker, backoffMs, MAX_ATTEMPTS, RELAY_BATCH } from '../../src/worker/worker.ts';
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

test('a burst larger than one batch is relayed in a single tick, before the periodic jobs; batch handlers see whole batches', async () => {
  const n = RELAY_BATCH * 2 + 7;
  await enqueue(d.db, Array.from({ length: n }, (_, i) => ({ topic: i % 2 ? 'test.burst.a' : 'test.burst.b', payload: { i } })), now);
  const seen: number[] = [];
  const sizes: number[] = [];
  const batch = {
    batch: async (events: Array<{ id: number; payload: Record<string, unknown> }>) => {
      sizes.push(events.length);
      for (const e of events) seen.push(Number(e.payload.i));
      return new Map([[events[0]!.id, new Error('first of each batch fails')]]);
    },
  };
  let jobRanAfter = -1;
  const w = new Worker({
    deps,
    handlers: { 'test.burst.a': batch, 'test.burst.b': batch },
    jobs: [{ name: 'test-burst-job', everyMs: 60_000, run: async () => void (jobRanAfter = seen.length) }],
    pollMs: 10,
  });
  const r = await w.tick();
  assert.equal(r.events, n);
  assert.equal(jobRanAfter, n, 'the job ran after the burst was relayed');
  assert.deepEqual(sizes, [RELAY_BATCH, RELAY_BATCH, 7], 'both topics of one handler in the same batch');
  assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
  const left = await d.db.selectFrom('outbox').select(['last_error']).where('topic', 'like', 'test.burst.%').where('done_at', 'is', null).execute();
  assert.deepEqual(left.map((x) => x.last_error), ['first of each batch fails', 'first of each batch fails', 'first of each batch fails'], 'only the failed events wait for a retry');
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
