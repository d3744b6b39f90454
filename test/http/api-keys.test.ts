// API keys are served from memory after their first use; revoking one must still lock it out at once, in this process
// and in every other process on the same database, and nothing may be served from memory while revocations could be
// missed (the listening connection down).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testKesu, standardTree, type TestKesu, type Staff } from '../support/app.ts';
import { onPostgres } from '../support/db.ts';
import { BODY } from '../support/fixtures.ts';
import { openDatabase } from '../../src/db/database.ts';
import { revokeApiKey } from '../../src/app/admin/api-keys.ts';
import { systemCtx } from '../../src/app/context.ts';
import { permissionsOf } from '../../src/core/access/permissions.ts';
import { ApiKeyCache, type ApiKeyRow } from '../../src/http/api-key-cache.ts';
import type { ChangeSignal } from '../../src/db/database.ts';

let k: TestKesu;
let admin: Staff;
before(async () => {
  k = await testKesu();
  await standardTree(k);
  admin = await k.staff('keyadmin', ['admin']);
});
after(async () => k?.close());

async function newKey(name: string): Promise<{ id: string; token: string }> {
  const r = await k.as(admin, { method: 'POST', url: '/api/v1/api-keys', payload: { name, scopes: ['complaint:create'] } });
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

let n = 0;
function post(token: string) {
  n++;
  return k.app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    headers: { authorization: `Bearer ${token}` },
    payload: { ...BODY, content: `${BODY.content}（第${n}次）` },
  });
}

/** Polls until the key is refused; returns how long that took. */
async function refusedWithin(token: string, ms: number): Promise<number> {
  const from = Date.now();
  for (;;) {
    const r = await post(token);
    if (r.statusCode === 401) {
      assert.equal(r.json().error.code, 'UNAUTHENTICATED');
      return Date.now() - from;
    }
    assert.equal(r.statusCode, 201, r.body);
    if (Date.now() - from > ms) assert.fail(`the revoked key was still accepted after ${ms} ms`);
    await new Promise((res) => setTimeout(res, 5));
  }
}

test('an administrator revokes an API key in use: the next requests with it are refused, other keys keep working', async () => {
  const kept = await newKey('核心系统');
  const key = await newKey('客服系统');
  for (let i = 0; i < 3; i++) assert.equal((await post(key.token)).statusCode, 201); // now served from memory
  assert.equal((await post(kept.token)).statusCode, 201);

  const r = await k.as(admin, { method: 'DELETE', url: `/api/v1/api-keys/${key.id}` });
  assert.equal(r.statusCode, 200);
  assert.ok(r.json().revokedAt);
  const took = await refusedWithin(key.token, 2000);
  assert.ok(took < 2000);
  assert.equal((await post(kept.token)).statusCode, 201);
  const stored = await k.deps.db.selectFrom('complaint').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(stored.n), n - 1, 'every accepted request stored one complaint; the refused one none');
});

test('a key revoked by another server process on the same PostgreSQL is refused here too', { skip: !onPostgres && 'needs a second process on a database server: runs in the PostgreSQL pass' }, async () => {
  const key = await newKey('渠道系统');
  assert.equal((await post(key.token)).statusCode, 201);
  assert.equal((await post(key.token)).statusCode, 201);
  const url = (k.database as { url?: string }).url!;
  const other = await openDatabase({ databaseUrl: url, poolMax: 1 });
  try {
    const ctx = systemCtx(k.clock.now());
    ctx.actor = { ...ctx.actor, permissions: permissionsOf(['admin']) };
    await revokeApiKey({ ...k.deps, db: other.db }, ctx, key.id);
  } finally {
    await other.close();
  }
  await refusedWithin(key.token, 2000);
});

test('while the process cannot hear revocations, keys are read from the database on every request', { skip: !onPostgres && 'PGlite hears its own notices in-process; the listening connection exists on PostgreSQL' }, async () => {
  const key = await newKey('外包呼叫中心');
  assert.equal((await post(key.token)).statusCode, 201);
  assert.equal((await post(key.token)).statusCode, 201); // cached
  // The listening connection is cut (a failover, a network blip) …
  const killed = await sql<{ n: number }>`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
    WHERE application_name = 'kesu-listen' AND datname = current_database()`.execute(k.deps.db);
  assert.equal(killed.rows[0]!.n, 1);
  // … and a revocation lands without a notice anyone hears (written straight to the table, no NOTIFY).
  await new Promise((res) => setTimeout(res, 200));
  await k.deps.db.updateTable('api_key').set({ revoked_at: k.clock.now() }).where('id', '=', key.id).execute();
  const r = await post(key.token);
  assert.equal(r.statusCode, 401, 'a key cached before the connection dropped must not be served');
  // Listening again after the reconnect (backoff 0.5 s): still refused.
  await new Promise((res) => setTimeout(res, 1200));
  assert.equal((await post(key.token)).statusCode, 401);
});

// The cache on its own, with a hand-driven notice feed.
function feed() {
  let on: ((s: ChangeSignal) => void) | null = null;
  return {
    listen: async (_c: string, cb: (s: ChangeSignal) => void) => {
      on = cb;
      cb('ready');
      return async () => undefined;
    },
    signal: (s: ChangeSignal) => on!(s),
  };
}
const ROW: ApiKeyRow = { id: 'k1', secret_hash: 'h', scopes: ['complaint:create'], revoked_at: null, last_used_at: null, org_unit_id: null, path: '/', name: 'x' };

test('a lookup that raced a revocation notice is served but not kept; a lost feed stops caching; entries expire', async () => {
  const f = feed();
  const cache = new ApiKeyCache({ ttlMs: 1000 });
  await cache.attach(f);
  let loads = 0;
  const load = async () => {
    loads++;
    return ROW;
  };
  await cache.lookup('p', 0, load);
  await cache.lookup('p', 10, load);
  assert.equal(loads, 1, 'the second lookup is served from memory');

  f.signal('change');
  const racing = async () => {
    loads++;
    f.signal('change'); // a revocation commits while this row is being read
    return ROW;
  };
  await cache.lookup('p', 20, racing);
  await cache.lookup('p', 30, load);
  assert.equal(loads, 3, 'the raced row was not cached');

  await cache.lookup('p', 1100, load);
  assert.equal(loads, 4, 'expired after the TTL');

  f.signal('lost');
  await cache.lookup('p', 1110, load);
  await cache.lookup('p', 1120, load);
  assert.equal(loads, 6, 'nothing served from memory while notices may be missed');
  f.signal('ready');
  await cache.lookup('p', 1130, load);
  await cache.lookup('p', 1140, load);
  assert.equal(loads, 7);

  await cache.lookup('r', 1150, async () => ({ ...ROW, revoked_at: new Date() }));
  let revokedLoads = 0;
  await cache.lookup('r', 1160, async () => (revokedLoads++, { ...ROW, revoked_at: new Date() }));
  assert.equal(revokedLoads, 1, 'revoked keys are never cached');
});
