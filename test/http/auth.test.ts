import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testKesu, standardTree, TEST_PASSWORD, type TestKesu } from '../support/app.ts';
import { totpCodeAt } from '../../src/security/totp.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { systemCtx } from '../../src/app/context.ts';
import { permissionsOf } from '../../src/core/access/permissions.ts';

let k: TestKesu;
before(async () => {
  k = await testKesu();
  await standardTree(k);
});
after(async () => k?.close());

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const sc = res.headers['set-cookie'];
  const first = Array.isArray(sc) ? sc[0] : String(sc);
  return first.split(';')[0]!;
}

async function makeUser(username: string, roles: Parameters<typeof permissionsOf>[0]) {
  const c = systemCtx(k.clock.now());
  c.actor = { ...c.actor, permissions: permissionsOf(['admin']) };
  return createUser(k.deps, c, { username, displayName: username, orgUnitId: k.units.HQ!, roles: [...roles], password: TEST_PASSWORD });
}

test('an administrator signs in, must enrol TOTP, then reaches admin routes; replayed codes are refused', async () => {
  await makeUser('alice', ['admin']);
  const login = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: TEST_PASSWORD } });
  assert.equal(login.statusCode, 200);
  assert.equal(login.json().mfa, 'enrolment_required');
  const setCookie = String(login.headers['set-cookie']);
  assert.match(setCookie, /HttpOnly/i);
  assert.match(setCookie, /SameSite=Strict/i);
  let cookie = cookieOf(login);
  let csrf = login.json().csrfToken as string;

  // Before enrolment, admin routes are refused.
  const early = await k.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie } });
  assert.equal(early.statusCode, 403);
  assert.equal(early.json().error.code, 'MFA_ENROLMENT_REQUIRED');

  const enrol = await k.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enroll', headers: { cookie, 'x-csrf-token': csrf } });
  assert.equal(enrol.statusCode, 200);
  const { secret, qrDataUrl } = enrol.json();
  assert.match(qrDataUrl, /^data:image\/png;base64,/);
  const code = await totpCodeAt(secret, k.clock.now());
  const act = await k.app.inject({ method: 'POST', url: '/api/v1/auth/totp/activate', headers: { cookie, 'x-csrf-token': csrf }, payload: { code } });
  assert.equal(act.statusCode, 200);
  assert.equal(act.json().recoveryCodes.length, 10);
  const oldCookie = cookie;
  cookie = cookieOf(act);
  csrf = act.json().csrfToken;
  assert.notEqual(cookie, oldCookie, 'session id rotates when MFA is passed');
  const oldSession = await k.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: oldCookie } });
  assert.equal(oldSession.statusCode, 401);

  const users = await k.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie } });
  assert.equal(users.statusCode, 200);
  assert.ok(users.json().items.some((u: { username: string }) => u.username === 'alice'));

  // Sign in again: the same TOTP code (same time step) is a replay and is refused; the next step's code works.
  const again = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ALICE', password: TEST_PASSWORD } });
  assert.equal(again.json().mfa, 'required');
  const c2 = cookieOf(again);
  const csrf2 = again.json().csrfToken;
  const replay = await k.app.inject({ method: 'POST', url: '/api/v1/auth/totp/verify', headers: { cookie: c2, 'x-csrf-token': csrf2 }, payload: { code } });
  assert.equal(replay.statusCode, 401);
  assert.equal(replay.json().error.code, 'INVALID_TOTP');
  k.clock.advance(30_000);
  const ok = await k.app.inject({ method: 'POST', url: '/api/v1/auth/totp/verify', headers: { cookie: c2, 'x-csrf-token': csrf2 }, payload: { code: await totpCodeAt(secret, k.clock.now()) } });
  assert.equal(ok.statusCode, 200);

  // A recovery code works once.
  const rc = act.json().recoveryCodes[0];
  const l3 = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: TEST_PASSWORD } });
  const r1 = await k.app.inject({ method: 'POST', url: '/api/v1/auth/totp/verify', headers: { cookie: cookieOf(l3), 'x-csrf-token': l3.json().csrfToken }, payload: { recoveryCode: rc } });
  assert.equal(r1.statusCode, 200);
  const l4 = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: TEST_PASSWORD } });
  const r2 = await k.app.inject({ method: 'POST', url: '/api/v1/auth/totp/verify', headers: { cookie: cookieOf(l4), 'x-csrf-token': l4.json().csrfToken }, payload: { recoveryCode: rc } });
  assert.equal(r2.statusCode, 401);

  const kinds = (await k.deps.db.selectFrom('audit_entry').select('kind').execute()).map((r) => r.kind);
  for (const kind of ['LOGIN_SUCCEEDED', 'MFA_ENROLLED', 'MFA_VERIFIED', 'MFA_FAILED', 'RECOVERY_CODE_USED']) assert.ok(kinds.includes(kind), kind);
});

test('unknown user and wrong password get the same answer; five failures lock the account', async () => {
  await makeUser('bob', ['auditor']);
  const unknown = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'whatever-password' }, headers: { 'accept-language': 'en' } });
  const wrong = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bob', password: 'wrong-password-1' }, headers: { 'accept-language': 'en' } });
  assert.equal(unknown.statusCode, 401);
  assert.deepEqual(unknown.json(), wrong.json());
  assert.equal(wrong.json().error.message, 'Wrong user name or password');
  for (let i = 0; i < 4; i++) await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bob', password: 'wrong-password-x' } });
  const locked = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bob', password: TEST_PASSWORD } });
  assert.equal(locked.statusCode, 423);
  assert.equal(locked.json().error.code, 'ACCOUNT_LOCKED');
  assert.match(locked.json().error.message, /锁定/);
  k.clock.advance(16 * 60_000);
  const after = await k.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bob', password: TEST_PASSWORD } });
  assert.equal(after.statusCode, 200);
  assert.equal(after.json().mfa, 'none', 'an auditor cannot reveal personal data, so no second factor is forced');
  const kinds = (await k.deps.db.selectFrom('audit_entry').select('kind').where('kind', '=', 'ACCOUNT_LOCKED').execute());
  assert.equal(kinds.length, 1);
});

test('state-changing requests with a session cookie need the CSRF token; logout ends the session on the server', async () => {
  const s = await k.staff('carol', ['admin']);
  const noCsrf = await k.app.inject({ method: 'POST', url: '/api/v1/org-units', headers: { cookie: s.cookie }, payload: { code: 'GZ', name: '广州分行', level: 'branch', parentId: k.units.HQ } });
  assert.equal(noCsrf.statusCode, 403);
  assert.equal(noCsrf.json().error.code, 'CSRF_TOKEN_INVALID');
  assert.equal((await k.deps.db.selectFrom('org_unit').select('id').where('code', '=', 'GZ').execute()).length, 0);
  const out = await k.as(s, { method: 'POST', url: '/api/v1/auth/logout' });
  assert.equal(out.statusCode, 200);
  const me = await k.as(s, { method: 'GET', url: '/api/v1/auth/me' });
  assert.equal(me.statusCode, 401);
});

test('sessions expire after 30 idle minutes', async () => {
  const s = await k.staff('dave', ['auditor']);
  assert.equal((await k.as(s, { method: 'GET', url: '/api/v1/auth/me' })).statusCode, 200);
  k.clock.advance(31 * 60_000);
  const r = await k.as(s, { method: 'GET', url: '/api/v1/auth/me' });
  assert.equal(r.statusCode, 401);
  assert.equal(r.json().error.code, 'SESSION_EXPIRED');
});

test('weak passwords are refused when creating users', async () => {
  const s = await k.staff('erin', ['admin']);
  const r = await k.as(s, { method: 'POST', url: '/api/v1/users', payload: { username: 'frank', displayName: 'F', orgUnitId: k.units.HQ, roles: ['agent'], password: 'short' } });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().error.code, 'WEAK_PASSWORD');
});

test('an administrator records a staff member\'s work e-mail for notices: shown masked, audited without the address', async () => {
  const admin = await k.staff('frank', ['admin']);
  const handler = await k.staff('gina', ['handler']);
  const bad = await k.as(admin, { method: 'PATCH', url: `/api/v1/users/${handler.id}`, payload: { email: 'not-an-address' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.details.field, 'email');
  const ok = await k.as(admin, { method: 'PATCH', url: `/api/v1/users/${handler.id}`, payload: { email: 'gina.wang@bank.example.cn' } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.ok(ok.json().email && !ok.json().email.includes('gina.wang'), `masked: ${ok.json().email}`);
  const row = await k.deps.db.selectFrom('app_user').select('email_enc').where('id', '=', handler.id).executeTakeFirstOrThrow();
  assert.equal(await k.deps.keyring.decrypt('email', row.email_enc!), 'gina.wang@bank.example.cn');
  const audit = await k.deps.db.selectFrom('audit_entry').select('data').where('entity_id', '=', handler.id).where('kind', '=', 'USER_UPDATED').execute();
  assert.deepEqual(audit.map((a) => a.data), [{ email: 'changed' }]);
  const cleared = await k.as(admin, { method: 'PATCH', url: `/api/v1/users/${handler.id}`, payload: { email: null } });
  assert.equal(cleared.json().email, null);
});
