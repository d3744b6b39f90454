// `kesu seed-demo`: a demo data set with every org level, every role, complaints in every state over two years;
// only the demo administrator's password is printed; the audit trail still verifies; a second run refuses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { freshDatabase, onPostgres } from '../support/db.ts';
import { openRuntime } from '../../src/runtime.ts';
import { loadConfig } from '../../src/config.ts';
import { run, DEMO_ADMIN } from '../../src/cli/commands/seed-demo.ts';
import type { Io } from '../../src/cli/args.ts';
import { COMPLAINT_STATES } from '../../src/core/complaints/index.ts';
import { ROLES } from '../../src/core/access/permissions.ts';
import { verifyPassword } from '../../src/security/passwords.ts';

const N = 60;
let dataDir: string;
let pgDb: Awaited<ReturnType<typeof freshDatabase>> | null = null;
let first: { code: number; stdout: string; stderr: string };

// The command reads its configuration from the environment, like the real CLI.
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kesu-seed-'));
  process.env.KESU_DATA_DIR = dataDir;
  process.env.KESU_MASTER_KEY = Buffer.alloc(32, 9).toString('base64');
  process.env.LOG_LEVEL = 'silent';
  delete process.env.DATABASE_URL;
  if (onPostgres) {
    pgDb = await freshDatabase();
    await pgDb.close();
    process.env.DATABASE_URL = pgDb.url!;
  }
  first = await seed(['--complaints', String(N), '--seed', '5']);
});
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await pgDb?.drop();
});

async function seed(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), stdin: Readable.from([]) };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

function kesu(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/kesu.js', ...args], { env: process.env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    p.stdin.end();
  });
}

async function withRuntime<T>(fn: (rt: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>): Promise<T> {
  const rt = await openRuntime(loadConfig(process.env));
  try {
    return await fn(rt);
  } finally {
    await rt.database.close();
  }
}

test('seed-demo makes N complaints in every state, the counts it prints are the stored ones, with a progress bar', async () => {
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /批量投诉 \/ complaints\s+\[█+\] 100%/, 'a progress bar on stderr');
  const printed = new Map([...first.stdout.matchAll(/^([a-z_]+)\s+(\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
  await withRuntime(async (rt) => {
    const rows = (await sql<{ state: string; n: number }>`SELECT state, count(*)::int AS n FROM complaint GROUP BY state`.execute(rt.deps.db)).rows;
    const stored = new Map(rows.map((r) => [r.state, r.n]));
    assert.equal(rows.reduce((a, r) => a + r.n, 0), N, 'exactly N complaints');
    for (const s of COMPLAINT_STATES) {
      assert.ok((stored.get(s) ?? 0) >= 1, `at least one complaint in state ${s}`);
      assert.equal(printed.get(s), stored.get(s), `printed count of ${s}`);
    }
    const span = (await sql<{ min: Date; max: Date; zh: number }>`SELECT min(received_at) AS min, max(received_at) AS max,
      count(*) FILTER (WHERE content ~ '[一-龥]{4,}')::int AS zh FROM complaint`.execute(rt.deps.db)).rows[0]!;
    assert.ok(Date.now() - span.min.getTime() > 300 * 86_400_000, `complaints reach back about two years (oldest ${span.min.toISOString()})`);
    assert.ok(Date.now() - span.max.getTime() < 30 * 86_400_000, 'and up to recent days');
    assert.equal(span.zh, N, 'every complaint has a Chinese text');
  });
});

test('every org level and every role exists; only the demo administrator password is printed, and it works', async () => {
  await withRuntime(async (rt) => {
    const db = rt.deps.db;
    const levels = new Set((await db.selectFrom('org_unit').select('level').execute()).map((r) => r.level));
    for (const l of ['head_office', 'branch', 'sub_branch', 'outlet']) assert.ok(levels.has(l), `an org unit at level ${l}`);
    const roles = new Set((await db.selectFrom('user_role').select('role').execute()).map((r) => r.role));
    for (const r of ROLES) assert.ok(roles.has(r), `a user with role ${r}`);
    const tokens = [...first.stdout.matchAll(/[A-Za-z0-9_-]{24}/g)].map((m) => m[0]);
    assert.equal(tokens.length, 1, 'one password-like string in the output');
    const adminHash = (await db.selectFrom('app_user').select('password_hash').where('username', '=', DEMO_ADMIN).executeTakeFirstOrThrow()).password_hash;
    assert.ok(await verifyPassword(adminHash, tokens[0]!), 'the printed password is the demo administrator’s');
    const other = (await db.selectFrom('app_user').select('password_hash').where('username', 'like', 'demo-bj01-handler-%').executeTakeFirstOrThrow()).password_hash;
    assert.equal(await verifyPassword(other, tokens[0]!), false, 'staff have their own passwords');
    assert.ok(!first.stdout.includes('$argon2'), 'no hashes printed');
  });
});

test('the workflow samples are audited and `kesu audit verify` passes after seeding', async () => {
  await withRuntime(async (rt) => {
    const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entry WHERE kind = 'COMPLAINT_REGISTERED'`.execute(rt.deps.db)).rows[0]!.n;
    assert.ok(n >= COMPLAINT_STATES.length, `registrations of the workflow samples are in the audit trail (${n})`);
  });
  const v = await kesu(['audit', 'verify']);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /audit trail intact/);
});

test('a second run refuses with a clear message and changes nothing', async () => {
  const again = await seed(['--complaints', '20']);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /演示数据已存在/);
  assert.match(again.stderr, /demo data already exists/);
  assert.equal(again.stdout, '');
  await withRuntime(async (rt) => {
    const n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM complaint`.execute(rt.deps.db)).rows[0]!.n;
    assert.equal(n, N);
  });
  const bad = await seed(['--complaints', '3']);
  assert.equal(bad.code, 2, 'too few complaints for one per state');
  assert.match(bad.stderr, /usage: kesu seed-demo/);
});
