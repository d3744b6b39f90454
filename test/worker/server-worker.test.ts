// The server's own worker, as `kesu serve` runs it: on PostgreSQL on a thread of its own (src/worker/thread.ts), on
// PGlite on the server's thread. Either way a complaint taken over HTTP gets its acknowledgement e-mail, and closing
// the server ends the worker and its connections.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { startServer, type RunningServer } from '../../src/server.ts';
import { loadConfig } from '../../src/config.ts';
import { systemCtx } from '../../src/app/context.ts';
import { createOrgUnit } from '../../src/app/admin/org-units.ts';
import { createApiKey } from '../../src/app/admin/api-keys.ts';
import { onPostgres, serverUnderTest } from '../support/db.ts';
import { startMailbox, type Mailbox } from '../support/smtp.ts';
import { BODY } from '../support/fixtures.ts';
import { waitFor } from '../support/wait.ts';

let mb: Mailbox;
let server: RunningServer | null = null;
let dataDir = '';
let env: NodeJS.ProcessEnv = {};
let drop: (() => Promise<void>) | null = null;

before(async () => {
  mb = await startMailbox();
  Object.assign(process.env, { KESU_SMTP_HOST: '127.0.0.1', KESU_SMTP_PORT: String(mb.port), KESU_SMTP_FROM: 'kesu@bank.example', KESU_SMTP_SECURE: 'false' });
  dataDir = mkdtempSync(join(tmpdir(), 'kesu-server-worker-'));
  const sut = await serverUnderTest(dataDir);
  env = sut.env;
  drop = sut.drop;
});

after(async () => {
  await server?.close();
  await mb?.close();
  await drop?.();
  rmSync(dataDir, { recursive: true, force: true });
});

async function kesuConnections(): Promise<number> {
  const c = new pg.Client({ connectionString: env.DATABASE_URL });
  await c.connect();
  try {
    const r = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kesu'`);
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

test('a complaint taken over HTTP gets its acknowledgement from the worker; closing the server ends the worker', async () => {
  server = await startServer(
    loadConfig({
      ...env,
      KESU_WORKER: 'true',
      KESU_WORKER_POLL_MS: '100',
      LOG_LEVEL: 'silent',
    }),
  );
  // Where the worker runs: its own thread on a database server, this thread on PGlite (its engine lives here).
  assert.equal(server.workerThread !== null, onPostgres);
  assert.equal(server.worker !== null, !onPostgres);
  // The worker thread runs 10 nice steps below this process's threads (Linux): answers first under full load.
  if (onPostgres && existsSync('/proc/self/task')) {
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const mine = niceOf(String(process.pid));
    const nices = readdirSync('/proc/self/task').map(niceOf);
    assert.ok(nices.includes(Math.min(19, mine + 10)), `a thread at nice ${mine + 10} among ${nices.join(',')}`);
  }

  const deps = server.runtime.deps;
  const ctx = () => systemCtx(new Date());
  const hq = await createOrgUnit(deps, ctx(), { code: 'HQ', name: '总行', level: 'head_office' });
  await createOrgUnit(deps, ctx(), { code: 'BJ01', name: '北京分行', level: 'branch', parentId: hq.id });
  const key = await createApiKey(deps, ctx(), { name: 'worker-test', scopes: ['complaint:create'] });
  const base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
  const email = 'zhangsan@example.cn';
  const r = await fetch(`${base}/api/v1/complaints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...BODY, complainant: { ...BODY.complainant, email } }),
  });
  const answer = await r.text();
  assert.equal(r.status, 201, answer);
  const { trackingNo } = JSON.parse(answer) as { trackingNo: string };

  await waitFor('the acknowledgement e-mail with the tracking number', () => mb.mails.find((m) => m.to.includes(email) && m.text.includes(trackingNo)), 20_000);
  // The worker marks the notice sent once the mail server took it: a moment after the mail is in the box.
  const sent = await waitFor('the notice marked sent', async () => {
    const rows = await deps.db.selectFrom('notification').select(['status', 'channel']).where('channel', '=', 'email').execute();
    return rows.length === 1 && rows[0]!.status !== 'pending' ? rows : undefined;
  });
  assert.deepEqual(sent, [{ status: 'sent', channel: 'email' }]);

  if (onPostgres) assert.ok((await kesuConnections()) >= 2, 'the server and its worker thread hold connections');
  await server.close();
  server = null;
  if (onPostgres) assert.equal(await kesuConnections(), 0, 'no connection of the server or its worker thread is left');
});
