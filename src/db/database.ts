// Opens the database: embedded PGlite in the data folder by default, or a PostgreSQL server with DATABASE_URL.
// Both go through Kysely's PostgresDialect over a `pg` Pool, so every query and migration is the same SQL.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DB } from './schema.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';

export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DbKind;
  /** The embedded engine, when on PGlite (dumps and tests use it). */
  pglite?: { dumpDataDir(compression?: 'gzip' | 'none' | 'auto'): Promise<File | Blob> };
  close(): Promise<void>;
}

// timestamptz → Date (pg default), bigint (int8) → number when safe: counts and ids stay below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));

export interface OpenOptions {
  databaseUrl?: string | null;
  dataDir?: string;
  poolMax?: number;
  /** PGlite only: load this data-dir tarball instead of opening a folder (tests). */
  loadDataDir?: Blob;
  /** PGlite only: in-memory database. */
  memory?: boolean;
  /** Skip the single-process lock (only for in-memory / test instances). */
  noLock?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolMax ?? 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      statement_timeout: 30_000,
      application_name: 'kesu',
    });
    pool.on('error', () => undefined); // idle client errors are surfaced on next use
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  let lock: DataDirLock | null = null;
  let dataDir: string | undefined;
  if (!opts.memory && !opts.loadDataDir) {
    if (!opts.dataDir) throw new Error('dataDir is required for PGlite');
    mkdirSync(opts.dataDir, { recursive: true });
    if (!opts.noLock) lock = acquireDataDirLock(opts.dataDir);
    dataDir = join(opts.dataDir, 'db');
  }
  let pglite;
  try {
    pglite = await PGlite.create(dataDir ?? 'memory://', opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  } catch (e) {
    lock?.release();
    throw e;
  }
  const pool = new pg.Pool({ ...(createPgConfig(pglite) as unknown as pg.PoolConfig), max: 1 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    pglite,
    async close() {
      await db.destroy();
      await pglite.close();
      lock?.release();
    },
  };
}
