// Repeated statements are prepared once per connection (src/db/prepared.ts): same answers, fewer parses — on the
// database of this pass (PGlite or PostgreSQL) and, for the budget, on a pool of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { freshDatabase } from '../support/db.ts';
import type { Database } from '../../src/db/database.ts';
import { pgliteEngine, pglitePool } from '../../src/db/pglite-wire.ts';
import { prepareRepeatedStatements } from '../../src/db/prepared.ts';

let d: Database & { drop(): Promise<void> };
const any = () => d.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
before(async () => {
  d = await freshDatabase({ poolMax: 1 }); // one connection: what one statement prepared, the next one sees
  await sql`CREATE TABLE prep_t (id int PRIMARY KEY, v text)`.execute(d.db);
  await sql`INSERT INTO prep_t VALUES (1, '一'), (2, '二'), (3, '三')`.execute(d.db);
});
after(async () => d?.drop());

const preparedCount = async (fragment: string) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE ${`%${fragment}%`} AND NOT from_sql`.execute(d.db)).rows[0]!.n);

test('a statement run again is prepared on its connection and still answers each run with its own parameters; a one-off is not', async () => {
  const byId = (id: number) => any().selectFrom('prep_t').select('v').where('id', '=', id).where('v', 'like', '%').executeTakeFirst();
  assert.deepEqual(await byId(1), { v: '一' });
  assert.equal(await preparedCount('"v" like'), 0, 'seen once: not prepared');
  assert.deepEqual(await byId(2), { v: '二' });
  assert.deepEqual(await byId(3), { v: '三' });
  assert.deepEqual(await byId(4), undefined);
  assert.equal(await preparedCount('"v" like'), 1, 'seen again: prepared once, reused after');
  // A failure in a prepared statement (a unique violation) is reported as usual and the statement keeps working.
  const insert = (id: number) => sql`INSERT INTO prep_t (id, v) VALUES (${id}, ${'新'})`.execute(d.db);
  await insert(10);
  await insert(11);
  await assert.rejects(insert(11), (e: { code?: string }) => e.code === '23505');
  await insert(12);
  assert.equal(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM prep_t WHERE v = ${'新'}`.execute(d.db)).rows[0]!.n), 3);
});

test('a statement with an array parameter is never prepared: it is planned for the length of each array it gets', async () => {
  const byIds = (ids: number[]) => sql<{ v: string }>`SELECT v FROM prep_t WHERE id = ANY(${ids}::int[]) ORDER BY id`.execute(d.db);
  assert.deepEqual((await byIds([1])).rows, [{ v: '一' }]);
  assert.deepEqual((await byIds([2, 3])).rows, [{ v: '二' }, { v: '三' }]);
  assert.deepEqual((await byIds([3, 1, 99])).rows, [{ v: '一' }, { v: '三' }]);
  assert.equal(await preparedCount('ANY('), 0);
});

test('after a column is added, a prepared SELECT * outside a transaction answers with the new column instead of failing', async () => {
  await sql`CREATE TABLE prep_s (id int PRIMARY KEY, v text)`.execute(d.db);
  await sql`INSERT INTO prep_s VALUES (1, 'a')`.execute(d.db);
  const all = () => any().selectFrom('prep_s').selectAll().where('id', '=', 1).executeTakeFirst();
  await all();
  assert.deepEqual(await all(), { id: 1, v: 'a' }); // prepared now
  await sql`ALTER TABLE prep_s ADD COLUMN w int DEFAULT 7`.execute(d.db);
  assert.deepEqual(await all(), { id: 1, v: 'a', w: 7 });
  assert.deepEqual(await all(), { id: 1, v: 'a', w: 7 });
});

test('inside a transaction the changed result type fails that transaction, reported; the statement works again after it', async () => {
  await sql`CREATE TABLE prep_u (id int PRIMARY KEY, v text)`.execute(d.db);
  await sql`INSERT INTO prep_u VALUES (1, 'a')`.execute(d.db);
  const all = (db: Kysely<Record<string, Record<string, unknown>>>) => db.selectFrom('prep_u').selectAll().where('id', '=', 1).executeTakeFirst();
  await all(any());
  await all(any());
  await assert.rejects(
    any().transaction().execute(async (trx) => {
      await sql`ALTER TABLE prep_u ADD COLUMN w int DEFAULT 7`.execute(trx);
      await all(trx);
    }),
    (e: { code?: string }) => e.code === '0A000',
  );
  // The transaction rolled back (no column w); the text is no longer prepared, so it answers with the table as it is.
  assert.deepEqual(await all(any()), { id: 1, v: 'a' });
});

test('once the budget of named texts is spent, further texts run unnamed and answer correctly', async () => {
  const pglite = await PGlite.create('memory://');
  const pool = pglitePool(pgliteEngine(pglite));
  prepareRepeatedStatements(pool, { maxNamed: 2 });
  const client = await pool.connect(); // as Kysely does: query(text, values) on a client of the pool
  try {
    for (let round = 0; round < 3; round++) {
      for (let k = 1; k <= 4; k++) {
        const r = await client.query(`SELECT $1::int * ${k} AS x`, [round + 1]);
        assert.equal(r.rows[0].x, (round + 1) * k);
      }
    }
    const named = await client.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE NOT from_sql AND statement LIKE $1`, ['SELECT $1::int *%']);
    assert.equal(named.rows[0].n, 2);
  } finally {
    client.release();
    await pool.end();
    await pglite.close();
  }
});

test('KESU_DB_PREPARE=0: nothing is prepared (for a pooler that cannot keep prepared statements)', async () => {
  const { openDatabase } = await import('../../src/db/database.ts');
  const { loadConfig } = await import('../../src/config.ts');
  const config = loadConfig({ KESU_DB_PREPARE: '0' });
  assert.equal(config.dbPrepare, false);
  const off = await openDatabase({ memory: true, noLock: true, prepare: config.dbPrepare });
  try {
    for (let i = 0; i < 3; i++) await sql`SELECT ${i}::int + 1 AS x`.execute(off.db);
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE NOT from_sql`.execute(off.db);
    assert.equal(n.rows[0]!.n, 0);
  } finally {
    await off.close();
  }
});
