// Test databases: PGlite cloned from a migrated template made once per run (scripts/prepare-test-db.ts),
// or, with KESU_TEST_DATABASE_URL, a fresh database on that PostgreSQL server copied from a template database.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { templatePaths } from './template.ts';

export const onPostgres = !!process.env.KESU_TEST_DATABASE_URL;

export function serverUrl(dbName: string): string {
  const u = new URL(process.env.KESU_TEST_DATABASE_URL!);
  u.pathname = `/${dbName}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.KESU_TEST_DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh, migrated database for one test file. Close it in `after`. */
export async function freshDatabase(opts: { poolMax?: number } = {}): Promise<Database & { url?: string; drop(): Promise<void> }> {
  const paths = templatePaths();
  if (onPostgres) {
    const name = `${paths.pgTemplate.replace(/_tpl$/, '')}_f${randomBytes(4).toString('hex')}`;
    await admin(async (c) => {
      for (let i = 0; ; i++) {
        try {
          await c.query(`CREATE DATABASE "${name}" TEMPLATE "${paths.pgTemplate}"`);
          return;
        } catch (e) {
          if (i >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    });
    const url = serverUrl(name);
    const database = await openDatabase({ databaseUrl: url, poolMax: opts.poolMax ?? 10 });
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await database.close();
    };
    return {
      ...database,
      url,
      close,
      drop: async () => {
        await close();
        await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      },
    };
  }
  if (!existsSync(paths.pgliteTarball)) await buildTemplate(); // a test file run on its own
  const blob = new Blob([readFileSync(paths.pgliteTarball)]);
  const database = await openDatabase({ loadDataDir: blob, noLock: true });
  return { ...database, drop: () => database.close() };
}

/**
 * The environment of a whole server under test whose data folder is `dataDir` (port chosen by the system, loopback, a
 * random master key) and its database: on PostgreSQL a fresh database in DATABASE_URL, on PGlite this run's migrated
 * template unpacked into `dataDir/db` (a fresh initdb costs seconds). `drop` removes the PostgreSQL database; the
 * caller removes `dataDir`.
 */
export async function serverUnderTest(dataDir: string): Promise<{ env: NodeJS.ProcessEnv; drop: () => Promise<void> }> {
  const env = (databaseUrl: string): NodeJS.ProcessEnv => ({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    KESU_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    KESU_MASTER_KEY: randomBytes(32).toString('base64'),
  });
  if (onPostgres) {
    const fresh = await freshDatabase();
    await fresh.close();
    return { env: env(fresh.url!), drop: fresh.drop };
  }
  const { pgliteTarball } = templatePaths();
  if (!existsSync(pgliteTarball)) await buildTemplate();
  mkdirSync(join(dataDir, 'db'), { recursive: true });
  const untar = spawnSync('tar', ['xzf', pgliteTarball, '-C', join(dataDir, 'db')], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`cannot unpack the template database: ${untar.stderr}`);
  return { env: env(''), drop: async () => {} };
}

/** Used by the prepare script: builds the template once per test run. */
export async function buildTemplate(): Promise<void> {
  const paths = templatePaths();
  if (onPostgres) {
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${paths.pgTemplate}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${paths.pgTemplate}"`);
    });
    const d = await openDatabase({ databaseUrl: serverUrl(paths.pgTemplate), poolMax: 1 });
    await migrateToLatest(d.db as never);
    await d.close();
    return;
  }
  const { writeFileSync } = await import('node:fs');
  const d = await openDatabase({ memory: true, noLock: true });
  await migrateToLatest(d.db as never);
  const dump = await d.pglite!.dumpDataDir('gzip');
  writeFileSync(paths.pgliteTarball, Buffer.from(await dump.arrayBuffer()));
  await d.close();
}
