// Two server processes on one PostgreSQL database: both migrate at once safely, both serve the same data.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, onPostgres } from '../support/db.ts';
import { BODY } from '../support/fixtures.ts';

const procs: ChildProcess[] = [];
const dirs: string[] = [];
let drop: (() => Promise<void>) | null = null;
after(async () => {
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await drop?.();
});

async function waitReady(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on ${port} not ready`);
}

test('two server processes share one PostgreSQL database', { skip: !onPostgres && 'a PostgreSQL server is needed: runs in the PostgreSQL pass' }, async () => {
  const db = await freshDatabase();
  await db.close();
  drop = db.drop;
  // Start from an empty database: both processes race to migrate it.
  const pg = await import('pg');
  const c = new pg.default.Client({ connectionString: db.url });
  await c.connect();
  await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await c.end();
  const base = 4300 + Math.floor(Math.random() * 500);
  const env = (port: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'kesu-two-'));
    dirs.push(dir);
    return { ...process.env, DATABASE_URL: db.url, PORT: String(port), KESU_DATA_DIR: dir, LOG_LEVEL: 'warn', KESU_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };
  };
  for (const port of [base, base + 1]) procs.push(spawn(process.execPath, ['bin/kesu.js', 'serve'], { env: env(port), stdio: 'ignore' }));
  await Promise.all([waitReady(base), waitReady(base + 1)]);

  const key = await new Promise<string>((resolve, reject) => {
    const p = spawn(process.execPath, ['bin/kesu.js', 'apikey', 'create', '--name', 'cc', '--scopes', 'complaint:create,complaint:read'], { env: env(0) });
    let out = '';
    p.stdout.on('data', (b) => (out += b));
    p.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop()!) : reject(new Error(`exit ${code}`))));
  });
  const head = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const created = await fetch(`http://127.0.0.1:${base}/api/v1/complaints`, { method: 'POST', headers: head, body: JSON.stringify({ ...BODY, orgUnitCode: undefined }) });
  assert.equal(created.status, 201, await created.clone().text());
  const id = ((await created.json()) as { id: string }).id;
  const read = await fetch(`http://127.0.0.1:${base + 1}/api/v1/complaints/${id}`, { headers: head });
  assert.equal(read.status, 200);
});
