// Runtime configuration, read once from the environment at start-up.
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  dbPoolMax: number;
  /** Prepare repeated statements per connection (KESU_DB_PREPARE=0 behind PgBouncer < 1.21 in transaction mode). */
  dbPrepare: boolean;
  masterKey: string | null;
  trustProxy: boolean;
  secureCookies: boolean;
  logLevel: string;
  workerEnabled: boolean;
  /** The worker on a thread of its own (src/worker/thread.ts): PostgreSQL only, on unless KESU_WORKER_THREAD=0. */
  workerThread: boolean;
  /** How much lower the worker thread's CPU priority is than the server's (nice steps; 0: the same). */
  workerNice: number;
  workerPollMs: number;
  bodyLimitBytes: number;
  publicBaseUrl: string;
}

function int(v: string | undefined, dflt: number): number {
  if (v === undefined || v === '') return dflt;
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n)) throw new Error(`invalid integer in configuration: ${v}`);
  return n;
}

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  return ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.KESU_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    dbPoolMax: int(env.KESU_DB_POOL_MAX, 10),
    dbPrepare: bool(env.KESU_DB_PREPARE, true),
    masterKey: env.KESU_MASTER_KEY || null,
    trustProxy: bool(env.KESU_TRUST_PROXY, false),
    secureCookies: bool(env.KESU_SECURE_COOKIES, false),
    logLevel: env.LOG_LEVEL ?? (env.KESU_TEST ? 'silent' : 'info'),
    workerEnabled: bool(env.KESU_WORKER, true),
    workerThread: !!env.DATABASE_URL && bool(env.KESU_WORKER_THREAD, true),
    workerNice: Math.max(0, Math.min(19, int(env.KESU_WORKER_NICE, 10))),
    workerPollMs: int(env.KESU_WORKER_POLL_MS, 1000),
    bodyLimitBytes: int(env.KESU_BODY_LIMIT, 256 * 1024),
    publicBaseUrl: env.KESU_PUBLIC_URL ?? `http://localhost:${int(env.PORT, 3000)}`,
  };
}
