// Running Kesu for a benchmark: a PostgreSQL database of its own (kesu_bench_*), the `kesu` CLI and the server
// as child processes, and a small org tree made in-process before the server starts (PGlite allows one process).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openRuntime } from '../../src/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { systemCtx } from '../../src/app/context.ts';
import { createOrgUnit } from '../../src/app/admin/org-units.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ADMIN_URL = process.env.KESU_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function adminQuery(q: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

/**
 * Writes out what is dirty on the server before a measured run (creating or dropping a database, the previous
 * run's rows), so that no run — Kesu's or pgbench's — pays for the one before it. Needs a superuser or pg_checkpoint;
 * returns false when refused (the run goes on, noisier).
 */
export async function checkpoint(): Promise<boolean> {
  try {
    await adminQuery('CHECKPOINT');
    return true;
  } catch {
    return false;
  }
}

export interface BenchDb {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database `kesu_bench_<suffix>` on the server named by KESU_BENCH_DATABASE_URL. */
export async function createBenchDb(suffix: string = `${process.pid}_${randomBytes(3).toString('hex')}`): Promise<BenchDb> {
  const name = `kesu_bench_${suffix}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  if (!name.startsWith('kesu_bench_')) throw new Error('bench databases are named kesu_bench_*');
  await adminQuery(`CREATE DATABASE "${name}"`);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return { name, url: u.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export interface KesuEnv {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  cleanup(): void;
}

/** Environment for a Kesu process: its own data folder (PGlite, or the key file's home), a fixed master key. */
export function kesuEnv(opts: { databaseUrl?: string; port?: number; logLevel?: string; worker?: boolean; poolMax?: number } = {}): KesuEnv {
  const dataDir = mkdtempSync(join(tmpdir(), 'kesu-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KESU_DATA_DIR: dataDir,
    KESU_MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: opts.logLevel ?? 'info',
    PORT: String(opts.port ?? 0),
    HOST: '127.0.0.1',
    KESU_WORKER: opts.worker === false ? 'off' : 'on',
  };
  delete env.DATABASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  if (opts.poolMax) env.KESU_DB_POOL_MAX = String(opts.poolMax);
  return { env, dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** Runs `kesu <args>` to completion. */
export function kesuCli(env: NodeJS.ProcessEnv, args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [join(ROOT, 'bin/kesu.js'), ...args], { env, cwd: ROOT });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
    p.stdin.end(input);
  });
}

/** `kesu apikey create`: returns the token (the last line of stdout). */
export async function createApiKey(env: NodeJS.ProcessEnv, name = 'bench', scopes = 'complaint:create,complaint:read'): Promise<string> {
  const r = await kesuCli(env, ['apikey', 'create', '--name', name, '--scopes', scopes]);
  if (r.code !== 0) throw new Error(`kesu apikey create failed (${r.code}): ${r.stderr}`);
  return r.stdout.trim().split('\n').pop()!.trim();
}

export const BENCH_UNITS = ['HQ', 'BJ', 'BJ01', 'BJ02', 'SH', 'SH01', 'GZ', 'GZ01'] as const;

/** Migrates the database and creates a small org tree (head office, three branches, sub-branches). */
export async function prepareKesu(env: NodeJS.ProcessEnv): Promise<void> {
  const rt = await openRuntime(loadConfig(env));
  try {
    const deps = rt.deps;
    if (await deps.db.selectFrom('org_unit').select('id').where('code', '=', 'HQ').executeTakeFirst()) return;
    const ctx = systemCtx(new Date());
    const hq = await createOrgUnit(deps, ctx, { code: 'HQ', name: '总行', level: 'head_office' });
    for (const [code, name, subs] of [['BJ', '北京分行', ['BJ01', 'BJ02']], ['SH', '上海分行', ['SH01']], ['GZ', '广州分行', ['GZ01']]] as const) {
      const br = await createOrgUnit(deps, ctx, { code, name, level: 'branch', parentId: hq.id });
      for (const s of subs) await createOrgUnit(deps, ctx, { code: s, name: `${name}${s.slice(-2)}支行`, level: 'sub_branch', parentId: br.id });
    }
  } finally {
    await rt.database.close();
  }
}

export interface ServerProc {
  proc: ChildProcess;
  base: URL;
  /** Sends a signal (default SIGTERM) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The node flags `npm start` and `kesu serve` start the server with (package.json, bin/kesu.js's first line). */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

/** Starts `kesu serve` as `npm start` does (optionally with extra node flags such as --cpu-prof) and waits for /readyz. */
export async function startServer(env: NodeJS.ProcessEnv, opts: { nodeFlags?: string[]; logFile?: string } = {}): Promise<ServerProc> {
  const port = Number(env.PORT) || 20000 + Math.floor(Math.random() * 20000);
  const fd = opts.logFile ? openSync(opts.logFile, 'a') : 'ignore';
  const proc = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(opts.nodeFlags ?? []), join(ROOT, 'bin/kesu.js'), 'serve'], {
    env: { ...env, PORT: String(port) },
    cwd: ROOT,
    stdio: ['ignore', fd, fd],
  });
  if (typeof fd === 'number') closeSync(fd);
  const base = new URL(`http://127.0.0.1:${port}`);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`kesu serve exited early (${proc.exitCode ?? proc.signalCode})`);
    try {
      if ((await fetch(new URL('/readyz', base))).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 600) {
      proc.kill('SIGKILL');
      throw new Error('kesu serve not ready after 60 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    proc,
    base,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}
