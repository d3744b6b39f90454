// Every route: declares a permission, an operationId and schemas; without credentials → 401; with a role that
// lacks the permission → 403; with a bad body → 400 in the envelope; an id outside the caller's scope → 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { testKesu, standardTree, type TestKesu, type Staff } from '../support/app.ts';
import { ROLES, ROLE_PERMISSIONS, type Role } from '../../src/core/access/permissions.ts';
import { BODY } from '../support/fixtures.ts';

interface RouteInfo {
  method: string;
  url: string;
  permission: string;
  operationId?: string;
  hasBody: boolean;
  hasParams: boolean;
  hasQuery: boolean;
  hasResponse: boolean;
}

let k: TestKesu;
const routes: RouteInfo[] = [];
const SNAPSHOT = 'test/http/permissions.snapshot.json';

before(async () => {
  k = await testKesu();
  await standardTree(k);
});
after(async () => k?.close());

function collect(): RouteInfo[] {
  if (routes.length) return routes;
  for (const r of k.app.kesuRoutes) {
    if (!r.url.startsWith('/api/v1/') || r.url === '/api/v1/openapi.json') continue;
    const s = r.schema;
    routes.push({
      method: r.method,
      url: r.url,
      permission: r.permission,
      ...(typeof s.operationId === 'string' ? { operationId: s.operationId } : {}),
      hasBody: !!s.body,
      hasParams: !!s.params,
      hasQuery: !!s.querystring,
      hasResponse: !!s.response,
    });
  }
  return routes;
}

test('every API route has an operationId, a permission, and schemas for params, query, body and response', () => {
  const rs = collect().filter((r) => r.url.startsWith('/api/v1'));
  assert.ok(rs.length > 30);
  const ids = new Set<string>();
  for (const r of rs) {
    const where = `${r.method} ${r.url}`;
    assert.ok(r.operationId, `${where} has an operationId`);
    assert.ok(!ids.has(r.operationId!), `${where}: operationId unique`);
    ids.add(r.operationId!);
    assert.notEqual(r.permission, 'MISSING', where);
    assert.ok(r.hasResponse, `${where} has a response schema`);
    assert.ok(r.hasQuery, `${where} has a querystring schema`);
    if (r.url.includes(':')) assert.ok(r.hasParams, `${where} has a params schema`);
    if (['POST', 'PATCH', 'PUT'].includes(r.method) && !/\/(accept|start|archive|logout|enroll|mfa-reset|verify|resend|refresh|evaluate)$/.test(r.url) && r.url !== '/api/v1/audit/verify') {
      assert.ok(r.hasBody, `${where} has a body schema`);
    }
  }
});

test('the permission of every route matches the reviewed snapshot (a change here is a permission change)', () => {
  const current = Object.fromEntries(collect().filter((r) => r.url.startsWith('/api/v1')).map((r) => [`${r.method} ${r.url}`, r.permission]).sort());
  if (!existsSync(SNAPSHOT) || process.env.KESU_UPDATE_SNAPSHOTS === '1') writeFileSync(SNAPSHOT, JSON.stringify(current, null, 2) + '\n');
  assert.deepEqual(current, JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
});

function concrete(url: string, id: string): string {
  return url.replace(/:\w+/g, id);
}

test('no credentials → 401 UNAUTHENTICATED on every non-public route, in the envelope', async () => {
  for (const r of collect().filter((x) => x.permission !== 'public' && x.url.startsWith('/api/v1'))) {
    const res = await k.app.inject({ method: r.method as 'GET', url: concrete(r.url, '00000000-0000-4000-8000-000000000000'), payload: r.hasBody ? {} : undefined });
    assert.equal(res.statusCode, 401, `${r.method} ${r.url}`);
    assert.equal(res.json().error.code, 'UNAUTHENTICATED');
  }
});

test('a role without the permission → 403 FORBIDDEN; nothing changes', async () => {
  const staff: Partial<Record<Role, Staff>> = {};
  for (const role of ROLES) staff[role] = await k.staff(`p_${role}`, [role], 'BJ');
  for (const r of collect().filter((x) => x.url.startsWith('/api/v1') && !['public', 'authenticated', 'portal'].includes(x.permission))) {
    const lacking = ROLES.find((role) => !ROLE_PERMISSIONS[role].includes(r.permission as never));
    if (!lacking) continue;
    const res = await k.as(staff[lacking]!, { method: r.method as 'GET', url: concrete(r.url, '00000000-0000-4000-8000-000000000000'), payload: r.hasBody ? {} : undefined });
    assert.equal(res.statusCode, 403, `${r.method} ${r.url} as ${lacking}`);
    assert.equal(res.json().error.code, 'FORBIDDEN');
  }
});

test('a bad body → 400 in the envelope, localised; unknown fields are refused', async () => {
  const admin = await k.staff('v_admin', ['admin', 'consumer_protection'], 'HQ');
  for (const r of collect().filter((x) => x.hasBody && x.url.startsWith('/api/v1') && x.permission !== 'public' && x.permission !== 'portal')) {
    const res = await k.as(admin, { method: r.method as 'POST', url: concrete(r.url, '00000000-0000-4000-8000-000000000000'), payload: { definitelyNotAField: 1 }, headers: { 'accept-language': 'en-US' } });
    assert.equal(res.statusCode, 400, `${r.method} ${r.url}: ${res.body}`);
    const e = res.json().error;
    assert.ok(['VALIDATION_FAILED', 'UNKNOWN_FIELD'].includes(e.code), `${r.url}: ${e.code}`);
    assert.match(e.message, /^[A-Za-z]/, 'English message by Accept-Language');
  }
  const zh = await k.as(admin, { method: 'POST', url: '/api/v1/complaints', payload: { channel: 'fax' } });
  assert.equal(zh.statusCode, 400);
  assert.match(zh.json().error.message, /[\u4e00-\u9fff]/, 'zh-CN by default');
});

test('an id outside the caller\'s org subtree → 404 on every complaint route', async () => {
  const agent = await k.staff('o_agent', ['agent'], 'BJ01');
  const created = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: BODY });
  assert.equal(created.statusCode, 201);
  const id = created.json().id;
  const outsider = await k.staff('o_cp', ['consumer_protection', 'supervisor'], 'SH');
  for (const r of collect().filter((x) => x.url.startsWith('/api/v1/complaints/:id'))) {
    const res = await k.as(outsider, { method: r.method as 'GET', url: concrete(r.url, id), payload: r.hasBody ? samplePayload(r.url) : undefined });
    assert.equal(res.statusCode, 404, `${r.method} ${r.url}: ${res.body}`);
    assert.equal(res.json().error.code, 'COMPLAINT_NOT_FOUND');
  }
  const mine = await k.as(agent, { method: 'GET', url: `/api/v1/complaints/${id}` });
  assert.equal(mine.statusCode, 200);
});

function samplePayload(url: string): Record<string, unknown> {
  const m: Record<string, Record<string, unknown>> = {
    classify: { category: 'service', complexity: 'general' },
    assign: { handlingUnitId: '00000000-0000-4000-8000-000000000000' },
    transfer: { toUnitId: '00000000-0000-4000-8000-000000000000', reason: '转' },
    return: { reason: '退' },
    escalate: { reason: '升' },
    extension: { level: 1, reason: '复杂' },
    approval: { approved: true },
    decision: { outcome: 'upheld', remedy: 'x', factsChecked: 'x', basisAndReasons: 'x', remediesOpen: ['review'] },
    feedback: { channel: 'phone' },
    satisfaction: { level: 'satisfied' },
    'review-request': { reason: 'x' },
    'review-decision': { result: 'maintained', reasons: 'x' },
    'follow-up': { reached: true },
    reopen: { reason: 'x' },
    merge: { targetId: '00000000-0000-4000-8000-000000000000' },
    reveal: { fields: ['phone'], reason: '核实身份' },
    notes: { body: '备注' },
    attachments: { filename: 'a.png', contentBase64: 'iVBORw0KGgo=' },
  };
  const last = url.split('/').pop()!;
  return m[last] ?? {};
}
