// A Kesu app for HTTP tests: fresh database, test keyring, adjustable clock, helpers to make staff and sign in.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import assert from 'node:assert/strict';
import { freshDatabase } from './db.ts';
import { BODY } from './fixtures.ts';
import { Keyring } from '../../src/security/keyring.ts';
import { buildApp } from '../../src/http/app.ts';
import { ApiKeyCache } from '../../src/http/api-key-cache.ts';
import type { Database } from '../../src/db/database.ts';
import type { NoticeDeps } from '../../src/app/notifications/notices.ts';
import { systemCtx } from '../../src/app/context.ts';
import { createOrgUnit, type Level } from '../../src/app/admin/org-units.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { createSession } from '../../src/app/auth/sessions.ts';
import type { Role } from '../../src/core/access/permissions.ts';
import { permissionsOf } from '../../src/core/access/permissions.ts';
import type { RoutePlugin } from '../../src/http/routes/index.ts';

export class TestClock {
  constructor(public t: Date = new Date('2026-11-27T09:30:00+08:00')) {}
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
  set(iso: string | Date): void {
    this.t = new Date(iso);
  }
}

export const TEST_PASSWORD = 'correct horse battery staple';

export interface Staff {
  id: string;
  username: string;
  cookie: string;
  csrf: string;
  orgUnitId: string;
}

export interface TestKesu {
  database: Database;
  app: FastifyInstance;
  deps: NoticeDeps;
  clock: TestClock;
  masterKey: Buffer;
  units: Record<string, string>;
  close(): Promise<void>;
  unit(code: string, name: string, level: Level, parentCode?: string): Promise<string>;
  staff(username: string, roles: Role[], unitCode?: string): Promise<Staff>;
  /** A fresh session for the same user at the current (test) time. */
  signIn(s: Staff): Promise<Staff>;
  as(s: Staff | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function testKesu(opts: { plugins?: RoutePlugin[]; deps?: Partial<NoticeDeps> } = {}): Promise<TestKesu> {
  const database = await freshDatabase();
  const clock = new TestClock();
  const masterKey = randomBytes(32);
  const keyring = new Keyring(masterKey, database.db);
  await keyring.load();
  const deps: NoticeDeps = { db: database.db, keyring, clock: clock.now, ...(opts.deps ?? {}) };
  // API keys are served from a cache as in the server, so every test that uses a key goes through it.
  const apiKeyCache = new ApiKeyCache();
  await apiKeyCache.attach(database);
  const app = await buildApp({ deps, logLevel: process.env.KESU_TEST_LOG ?? 'silent', plugins: opts.plugins ?? [], apiKeyCache });
  await app.ready();
  const units: Record<string, string> = {};
  const adminCtx = () => {
    const c = systemCtx(clock.now());
    c.actor = { ...c.actor, permissions: permissionsOf(['admin']) };
    return c;
  };
  const t: TestKesu = {
    app,
    deps,
    clock,
    masterKey,
    units,
    database,
    async close() {
      await app.close();
      await apiKeyCache.detach();
      await database.drop();
    },
    async unit(code, name, level, parentCode) {
      const u = await createOrgUnit(deps, adminCtx(), { code, name, level, parentId: parentCode ? units[parentCode]! : null });
      units[code] = u.id;
      return u.id;
    },
    async staff(username, roles, unitCode = 'HQ') {
      if (!units[unitCode]) throw new Error(`unknown unit ${unitCode}`);
      const u = await createUser(deps, adminCtx(), { username, displayName: username, orgUnitId: units[unitCode], roles, password: TEST_PASSWORD });
      const s = await createSession(deps.db, u.id, true, clock.now());
      return { id: u.id, username, cookie: `kesu_sid=${s.token}`, csrf: s.csrfToken, orgUnitId: units[unitCode] };
    },
    async signIn(st) {
      const s = await createSession(deps.db, st.id, true, clock.now());
      return { ...st, cookie: `kesu_sid=${s.token}`, csrf: s.csrfToken };
    },
    as(s, o) {
      const headers: Record<string, string> = { ...((o.headers as Record<string, string>) ?? {}) };
      if (s) {
        headers.cookie = s.cookie;
        headers['x-csrf-token'] = s.csrf;
      }
      return app.inject({ ...o, headers });
    },
  };
  return t;
}

/** A standard org tree: HQ → BJ (branch) → BJ01 (sub-branch); HQ → SH (branch). */
export async function standardTree(k: TestKesu): Promise<void> {
  await k.unit('HQ', '总行', 'head_office');
  await k.unit('BJ', '北京分行', 'branch', 'HQ');
  await k.unit('BJ01', '北京海淀支行', 'sub_branch', 'BJ');
  await k.unit('SH', '上海分行', 'branch', 'HQ');
}

/** A phone complaint received at `receivedAt` (the clock is set there) for `unit`, taken through accept, classify
 * (product, general), assign to `who.handler` and start: the state the deadline tests begin from. */
/** A complaint received at `receivedAt` (the clock is set there), accepted, classified, assigned to `who.handler` and
 * started. `opts.body` overrides fields of the intake body, `opts.complexity` the classification's. */
export async function complaintInHandling(
  k: TestKesu,
  receivedAt: string,
  who: { agent: Staff; sup: Staff; handler: Staff },
  unit = 'BJ01',
  opts: { body?: Record<string, unknown>; complexity?: 'general' | 'complex' } = {},
): Promise<{ id: string; trackingNo: string; major: boolean }> {
  k.clock.set(receivedAt);
  const c = await k.as(who.agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, orgUnitCode: unit, ...opts.body, receivedAt } });
  assert.equal(c.statusCode, 201, c.body);
  const id = c.json().id as string;
  for (const [s, a, b] of [
    [who.agent, 'accept', {}],
    [who.agent, 'classify', { category: 'product', complexity: opts.complexity ?? 'general' }],
    [who.sup, 'assign', { handlingUnitId: k.units[unit], handlerId: who.handler.id }],
    [who.handler, 'start', {}],
  ] as const) {
    const r = await k.as(s, { method: 'POST', url: `/api/v1/complaints/${id}/${a}`, payload: b });
    assert.equal(r.statusCode, 200, `${a}: ${r.body}`);
  }
  return { id, trackingNo: c.json().trackingNo as string, major: c.json().major as boolean };
}
