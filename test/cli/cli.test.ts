import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { freshDatabase, onPostgres } from '../support/db.ts';
import { openRuntime } from '../../src/runtime.ts';
import { loadConfig } from '../../src/config.ts';

let dataDir: string;
let env: NodeJS.ProcessEnv;
let pgDb: Awaited<ReturnType<typeof freshDatabase>> | null = null;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kesu-cli-'));
  env = { ...process.env, KESU_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  if (onPostgres) {
    pgDb = await freshDatabase();
    await pgDb.close();
    env.DATABASE_URL = pgDb.url!;
  }
});
after(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  await pgDb?.drop();
});

function kesu(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/kesu.js', ...args], { env });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (b) => (stdout += b));
    p.stderr.on('data', (b) => (stderr += b));
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    p.stdin.end(input);
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('kesu admin create reads the password from stdin and refuses a weak one', async () => {
  const weak = await kesu(['admin', 'create', '--username', 'root1'], 'short\n');
  assert.equal(weak.code, 2);
  assert.match(weak.stderr, /WEAK_PASSWORD/);
  const ok = await kesu(['admin', 'create', '--username', 'root1', '--display-name', '管理员'], 'a long enough passphrase\n');
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /created user root1/);
});

test('kesu apikey create prints the token as the last line; only its hash is stored', async () => {
  const r = await kesu(['apikey', 'create', '--name', 'callcentre', '--scopes', 'complaint:create,complaint:read']);
  assert.equal(r.code, 0, r.stderr);
  const token = r.stdout.trim().split('\n').pop()!;
  assert.match(token, /^kesu_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/);
  const bad = await kesu(['apikey', 'create', '--name', 'x', '--scopes', 'user:manage']);
  assert.equal(bad.code, 2);
  const rt = await openRuntime(loadConfig(env));
  try {
    const rows = await rt.deps.db.selectFrom('api_key').selectAll().execute();
    assert.equal(rows.length, 1);
    const secret = token.slice('kesu_'.length + 12 + 1);
    assert.ok(!JSON.stringify(rows).includes(secret), 'the secret is not stored');
  } finally {
    await rt.database.close();
  }
});

test('personal data is encrypted at rest: no ID or phone number in clear in the data folder or a pg_dump', async () => {
  const idNumber = '11010519491231002X';
  const phone = '13912345678';
  const rt = await openRuntime(loadConfig(env));
  try {
    const k = rt.deps.keyring;
    await sql`INSERT INTO complaint (tracking_no, channel, received_at, registered_at, state, id_number_enc, phone_enc, id_number_bidx, phone_bidx, content, demand, created_at, updated_at)
      VALUES ('T-PII-1', 'phone', now(), now(), 'registered', ${k.encrypt('idNumber', idNumber)}, ${k.encrypt('phone', phone)},
              ${k.blindIndex('idNumber', idNumber)}, ${k.blindIndex('phone', phone)}, '卡被盗刷', '退款', now(), now())`.execute(rt.deps.db);
    const back = await rt.deps.db.selectFrom('complaint').selectAll().where('phone_bidx', '=', k.blindIndex('phone', phone)).executeTakeFirstOrThrow();
    assert.equal(await k.decrypt('idNumber', back.id_number_enc!), idNumber, 'blind index finds it, the key decrypts it');
    await sql`CHECKPOINT`.execute(rt.deps.db);
  } finally {
    await rt.database.close();
  }
  if (onPostgres) {
    const dump = spawnSync('pg_dump', [env.DATABASE_URL!], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(dump.status, 0, dump.stderr);
    assert.ok(dump.stdout.includes('T-PII-1'), 'the dump holds the row');
    assert.ok(!dump.stdout.includes(idNumber) && !dump.stdout.includes(phone), 'no clear PII in pg_dump');
  } else {
    const files = filesUnder(dataDir);
    const hay = files.map((f) => readFileSync(f));
    assert.ok(hay.some((b) => b.includes('T-PII-1')), 'the data folder holds the row in clear (control)');
    for (const b of hay) {
      assert.ok(!b.includes(idNumber) && !b.includes(phone), 'no clear PII in the data folder');
    }
  }
});

test('kesu calendar import takes the shipped file and a single-year file; a bad file is refused line by line, nothing imported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kesu-cal-'));
  try {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ year: 2029, holidays: ['2029-01-01', '2029-02-30'], workdays: ['2029-01-08'] }));
    const refused = await kesu(['calendar', 'import', bad]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /CALENDAR_INVALID/);
    assert.match(refused.stderr, /^INVALID_DATE years\.2029\.holidays\[1\] — 日期无效（应为 YYYY-MM-DD）: "2029-02-30" \/ invalid date/m);
    assert.match(refused.stderr, /^WORKDAY_NOT_WEEKEND years\.2029\.workdays — .*2029-01-08/m);
    const shipped = await kesu(['calendar', 'import', 'data/calendar/cn-2024-2026.json']);
    assert.equal(shipped.code, 0, shipped.stderr);
    assert.match(shipped.stdout, /imported calendar years: 2024, 2025, 2026/);
    const single = join(dir, '2028.json');
    const notice = '国务院办公厅关于2028年部分节假日安排的通知（测试）';
    writeFileSync(single, `\uFEFF${JSON.stringify({ $comment: '测试数据', year: 2028, notice, holidays: ['2028-01-01', '2028-01-02', '2028-01-03'], workdays: ['2028-01-09'] }, null, 2)}`);
    const r = await kesu(['calendar', 'import', single]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /imported calendar years: 2028/);
    const rt = await openRuntime(loadConfig(env));
    try {
      const years = await rt.deps.db.selectFrom('calendar_year').select(['year', 'source', 'workdays']).orderBy('year').execute();
      assert.deepEqual(years.map((y) => y.year), [2024, 2025, 2026, 2028], 'nothing of the refused 2029 file');
      assert.equal(years[1]!.source, '国务院办公厅关于2025年部分节假日安排的通知');
      assert.deepEqual([years[3]!.source, years[3]!.workdays], [notice, ['2028-01-09']]);
    } finally {
      await rt.database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kesu keys rotate re-encrypts every value under a new key; the audit chain verifies', async () => {
  const r = await kesu(['keys', 'rotate']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /rotated: (k[0-9a-f]+) → (k[0-9a-f]+); \d+ values re-encrypted/);
  const newKey = /→ (k[0-9a-f]+)/.exec(r.stdout)![1]!;
  const rt = await openRuntime(loadConfig(env));
  try {
    const c = await rt.deps.db.selectFrom('complaint').selectAll().where('tracking_no', '=', 'T-PII-1').executeTakeFirstOrThrow();
    assert.ok(c.phone_enc!.startsWith(`v1.${newKey}.`));
    assert.equal(await rt.deps.keyring.decrypt('phone', c.phone_enc!), '13912345678');
  } finally {
    await rt.database.close();
  }
  const v = await kesu(['audit', 'verify']);
  assert.equal(v.code, 0, v.stdout + v.stderr);
  assert.match(v.stdout, /intact/);
});

test('kesu audit verify fails and names the entry when a row was edited', async () => {
  const rt = await openRuntime(loadConfig(env));
  let id: number;
  try {
    const row = await rt.deps.db.selectFrom('audit_entry').select('id').where('kind', '=', 'USER_CREATED').executeTakeFirstOrThrow();
    id = Number(row.id);
    await sql`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update`.execute(rt.deps.db);
    await sql`UPDATE audit_entry SET actor_id = 'someone-else' WHERE id = ${id}`.execute(rt.deps.db);
    await sql`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update`.execute(rt.deps.db);
  } finally {
    await rt.database.close();
  }
  const v = await kesu(['audit', 'verify']);
  assert.equal(v.code, 1);
  assert.match(v.stdout, new RegExp(`entry id=${id}\\b`));
});

test('with PGlite, a CLI command run while the server holds the data folder gets a clear error', { skip: onPostgres && 'the data-folder lock only concerns PGlite' }, async () => {
  const rt = await openRuntime(loadConfig(env));
  try {
    const r = await kesu(['audit', 'verify']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /in use by process \d+/);
  } finally {
    await rt.database.close();
  }
  const again = await kesu(['migrate']);
  assert.equal(again.code, 0, again.stderr);
});
