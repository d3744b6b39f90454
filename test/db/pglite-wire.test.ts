// Embedded PGlite reached through `pg` over the wire protocol (src/db/pglite-wire.ts): what every query of the
// embedded product goes through. PGlite-only by nature; on the PostgreSQL pass these run against a throwaway
// in-memory engine all the same, since they test the bridge, not the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { pgliteEngine, pglitePool } from '../../src/db/pglite-wire.ts';

let d: Database;
before(async () => {
  d = await openDatabase({ memory: true, noLock: true });
  await sql`CREATE TABLE wire_t (id int PRIMARY KEY, v text, b bytea)`.execute(d.db);
});
after(async () => d?.close());

test('text, bytes and many parameters go through intact; a failed statement is reported with its SQLSTATE and the next one runs', async () => {
  const text = '客户投诉：信用卡分期手续费未告知😀 — "quoted" \\ back';
  const bytes = Buffer.from([0, 1, 2, 254, 255]);
  await sql`INSERT INTO wire_t (id, v, b) VALUES (1, ${text}, ${bytes})`.execute(d.db);
  const row = await d.db.selectFrom('wire_t' as never).selectAll().executeTakeFirstOrThrow() as { id: number; v: string; b: Buffer };
  assert.equal(row.v, text);
  assert.deepEqual([...row.b], [...bytes]);
  await assert.rejects(sql`INSERT INTO wire_t (id, v) VALUES (1, 'again')`.execute(d.db), (e: { code?: string; constraint?: string }) => e.code === '23505' && e.constraint === 'wire_t_pkey');
  await assert.rejects(sql`SELECT no_such_column FROM wire_t`.execute(d.db), (e: { code?: string }) => e.code === '42703');
  // As many parameters as a full intake batch (32 complaints × about 150), in one statement.
  const rows = Array.from({ length: 2500 }, (_, i) => ({ id: 100 + i, v: `第${i}条` }));
  await d.db.insertInto('wire_t' as never).values(rows as never).execute();
  const back = await sql<{ n: number; last: string }>`SELECT count(*)::int AS n, max(v) FILTER (WHERE id = 2599) AS last FROM wire_t WHERE id >= 100`.execute(d.db);
  assert.deepEqual(back.rows[0], { n: 2500, last: '第2499条' });
});

test('a transaction that throws leaves nothing behind; queries sent at once are each answered with their own rows', async () => {
  await assert.rejects(
    d.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO wire_t (id, v) VALUES (2, 'rolled back')`.execute(trx);
      throw new Error('abort');
    }),
    /abort/,
  );
  const many = await Promise.all(Array.from({ length: 40 }, (_, i) => sql<{ x: number; n: number }>`SELECT ${i}::int AS x, (SELECT count(*) FROM wire_t WHERE id = 2)::int AS n`.execute(d.db)));
  assert.deepEqual(many.map((r) => r.rows[0]!.x), Array.from({ length: 40 }, (_, i) => i));
  assert.ok(many.every((r) => r.rows[0]!.n === 0), 'the rolled-back row is not there');
});

test('a change notified inside a transaction is heard once it commits, not when it rolls back, and not after unsubscribing', async () => {
  const heard: string[] = [];
  const stop = await d.listen('wire_changes', (s) => heard.push(s));
  assert.deepEqual(heard, ['ready']);
  await assert.rejects(
    d.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_notify('wire_changes', '')`.execute(trx);
      throw new Error('abort');
    }),
  );
  await sql`SELECT 1`.execute(d.db);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(heard, ['ready'], 'a rolled-back notice is not heard');
  await d.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_notify('wire_changes', '')`.execute(trx);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(heard, ['ready'], 'not before the commit');
  });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(heard, ['ready', 'change']);
  // Two subscribing at once: each hears `ready` only once listening, so a change committed right after is heard by both.
  const a: string[] = [];
  const b: string[] = [];
  const [stopA, stopB] = await Promise.all([d.listen('wire_pair', (s) => a.push(s)), d.listen('wire_pair', (s) => b.push(s))]);
  await sql`SELECT pg_notify('wire_pair', '')`.execute(d.db);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual([a, b], [['ready', 'change'], ['ready', 'change']]);
  await stopA();
  await stopB();
  // While a transaction holds the one connection, nobody subscribing is told `ready` (their LISTEN cannot run yet): a
  // change committed by that transaction was never promised to them.
  const c: string[] = [];
  const e: string[] = [];
  let pending: Array<Promise<() => Promise<void>>> = [];
  await d.db.transaction().execute(async (trx) => {
    pending = [d.listen('wire_late', (s) => c.push(s)), d.listen('wire_late', (s) => e.push(s))];
    await sql`SELECT pg_notify('wire_late', '')`.execute(trx);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual([c, e], [[], []], 'not ready while their LISTEN waits behind the transaction');
  });
  const stops = await Promise.all(pending);
  assert.deepEqual([c, e], [['ready'], ['ready']]);
  await Promise.all(stops.map((s) => s()));
  await sql`SELECT pg_notify('other_channel', '')`.execute(d.db);
  await stop();
  await sql`SELECT pg_notify('wire_changes', '')`.execute(d.db);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(heard, ['ready', 'change'], 'another channel and notices after unsubscribing are not heard');
});

test('a client that leaves does not end the engine: the next client of the pool sees the same data', async () => {
  const pglite = await PGlite.create('memory://');
  const pool = pglitePool(pgliteEngine(pglite));
  try {
    const first = await pool.connect();
    await first.query('CREATE TABLE kept (v text)');
    await first.query('INSERT INTO kept VALUES ($1)', ['still here']);
    first.release(true); // destroys the client: pg sends Terminate and ends its socket
    const second = await pool.connect();
    const r = await second.query<{ v: string }>('SELECT v FROM kept');
    second.release();
    assert.deepEqual(r.rows, [{ v: 'still here' }]);
  } finally {
    await pool.end();
    await pglite.close();
  }
});
