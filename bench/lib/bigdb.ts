// A large PostgreSQL database for the queue and sweep benchmarks: created (kesu_bench_*), migrated, filled with
// generateComplaints (src/app/analytics/generate.ts) and timed; or an existing kept one reused with --db NAME.
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { up as analyticsUp } from '../../src/db/migrations/0100-analytics.ts';
import { Keyring } from '../../src/security/keyring.ts';
import { searchText } from '../../src/app/complaints/search-text.ts';
import type { Deps } from '../../src/app/deps.ts';
import { generateComplaints, type GenerateOptions } from '../../src/app/analytics/generate.ts';
import { ADMIN_URL, createBenchDb } from './kesu.ts';
import { fmt } from './stats.ts';

export interface BigDb {
  database: Database;
  deps: Deps;
  url: string;
  name: string;
  /** True when the database was made by this run (and so is dropped unless kept). */
  created: boolean;
  close(keep: boolean): Promise<void>;
}

function urlOf(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function exists(name: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await c.end();
  }
}

/** Opens `--db NAME` when given and present, else creates `kesu_bench_<prefix>_<pid>`; migrates; loads a keyring. */
export async function openBigDb(prefix: string, reuse?: string): Promise<BigDb> {
  let name: string;
  let created = false;
  let drop: (() => Promise<void>) | null = null;
  if (reuse && (await exists(reuse))) name = reuse;
  else {
    const b = await createBenchDb(reuse ? reuse.replace(/^kesu_bench_/, '') : `${prefix}_${process.pid}`);
    name = b.name;
    drop = b.drop;
    created = true;
  }
  const url = urlOf(name);
  const database = await openDatabase({ databaseUrl: url, poolMax: 4 });
  await migrateToLatest(database.db as never);
  // generateComplaints marks analytics stale (metric_watermark): the analytics tables must exist. Their migration
  // is not (yet) in the registered list, so it is applied here as bench/dashboard.ts does.
  const has = await sql<{ t: string | null }>`SELECT to_regclass('metric_watermark')::text AS t`.execute(database.db);
  if (!has.rows[0]?.t) await analyticsUp(database.db as never);
  // A fixed master key per database name, so a kept database can be reused by a later run.
  const master = Buffer.from(name.padEnd(32, '#').slice(0, 32));
  const keyring = new Keyring(master, database.db);
  await keyring.load();
  const deps: Deps = { db: database.db, keyring, clock: () => new Date() };
  return {
    database,
    deps,
    url,
    name,
    created,
    async close(keep) {
      await database.close();
      if (!keep && drop) await drop();
    },
  };
}

/** Runs maintenance SQL (bulk UPDATE, CREATE INDEX, VACUUM) on its own connection, without the app pool's
 * 30 s statement timeout. */
export async function maint(url: string, ...statements: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`SET maintenance_work_mem = '256MB'`);
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

export async function complaintCount(db: Kysely<DB>): Promise<number> {
  return Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM complaint`.execute(db)).rows[0]!.n);
}

/** Runs generateComplaints with a progress line on stderr; returns the elapsed time in ms. */
export async function generate(db: Kysely<DB>, opts: GenerateOptions): Promise<{ ms: number; complaints: number; deadlines: number }> {
  const t0 = performance.now();
  let lastPrint = 0;
  const r = await generateComplaints(db, {
    ...opts,
    onProgress: (done, n) => {
      const now = performance.now();
      if (now - lastPrint > 2000 || done >= n) {
        lastPrint = now;
        process.stderr.write(`\r  generated ${done.toLocaleString()} / ${n.toLocaleString()} (${fmt((now - t0) / 1000)} s)   `);
      }
    },
  });
  process.stderr.write('\n');
  return { ms: performance.now() - t0, complaints: r.complaints, deadlines: r.deadlines };
}

/**
 * Intake stores search_text as jieba-segmented words (src/app/complaints/search-text.ts); if the generator wrote
 * raw text instead, full-text search finds nothing. Checks a sample and, when needed, re-segments every row
 * (GIN index dropped during the update and rebuilt after). Returns ms spent, or 0 when nothing had to be done.
 * Either way the search index exists afterwards.
 */
export async function ensureSegmentedSearchText(db: Kysely<DB>, url: string): Promise<number> {
  const index = `CREATE INDEX IF NOT EXISTS complaint_search_idx ON complaint USING gin (to_tsvector('simple', search_text))`;
  const sample = await sql<{ content: string; demand: string; product_name: string | null; search_text: string }>`
    SELECT content, demand, product_name, search_text FROM complaint TABLESAMPLE SYSTEM (1) LIMIT 200`.execute(db);
  const rows = sample.rows.length ? sample.rows : (await sql<{ content: string; demand: string; product_name: string | null; search_text: string }>`SELECT content, demand, product_name, search_text FROM complaint LIMIT 200`.execute(db)).rows;
  const wrong = rows.filter((r) => r.search_text !== searchText(r.content, r.demand, r.product_name)).length;
  if (rows.length === 0 || wrong < rows.length / 2) {
    await maint(url, index);
    return 0;
  }
  const t0 = performance.now();
  process.stderr.write(`  search_text is not segmented like intake's (${wrong}/${rows.length} sampled rows differ): re-segmenting…\n`);
  await sql`DROP INDEX IF EXISTS complaint_search_idx`.execute(db);
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const batch = await sql<{ id: string; content: string; demand: string; product_name: string | null }>`
      SELECT id, content, demand, product_name FROM complaint WHERE id > ${after}::uuid ORDER BY id LIMIT 10000`.execute(db);
    if (batch.rows.length === 0) break;
    const ids = batch.rows.map((r) => r.id);
    const texts = batch.rows.map((r) => searchText(r.content, r.demand, r.product_name));
    await sql`UPDATE complaint SET search_text = v.s FROM unnest(${ids}::uuid[], ${texts}::text[]) AS v(id, s) WHERE complaint.id = v.id`.execute(db);
    after = ids[ids.length - 1]!;
    done += ids.length;
    process.stderr.write(`\r  re-segmented ${done.toLocaleString()} (${fmt((performance.now() - t0) / 1000)} s)   `);
  }
  process.stderr.write('\n');
  await maint(url, index, 'VACUUM (ANALYZE) complaint');
  return performance.now() - t0;
}
