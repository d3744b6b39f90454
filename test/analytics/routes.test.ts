import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import ExcelJS from 'exceljs';
import { testKesu, standardTree, type Staff, type TestKesu } from '../support/app.ts';
import { up } from '../../src/db/migrations/0100-analytics.ts';
import { insertComplaint } from './fixtures.ts';

let k: TestKesu;
let agent: Staff;
let supervisorBJ: Staff;
let cp: Staff;
let compliance: Staff;

before(async () => {
  k = await testKesu();
  const has = await sql<{ t: string | null }>`SELECT to_regclass('metric_fact')::text AS t`.execute(k.deps.db);
  if (!has.rows[0]?.t) await up(k.deps.db as never);
  await standardTree(k);
  agent = await k.staff('agent1', ['agent'], 'BJ');
  supervisorBJ = await k.staff('sup1', ['supervisor'], 'BJ');
  cp = await k.staff('cp1', ['consumer_protection'], 'HQ');
  compliance = await k.staff('comp1', ['compliance'], 'HQ');
  k.clock.set('2026-11-27T09:30:00+08:00');
  await insertComplaint(k.deps.db, { received: '2026-11-02T10:00:00', unit: k.units.BJ01, product: '信用卡', closed: '2026-11-10T10:00:00', outcome: 'upheld' });
  await insertComplaint(k.deps.db, { received: '2026-11-03T10:00:00', unit: k.units.SH, mass: true, complainants: 22 });
  await insertComplaint(k.deps.db, { received: '2026-11-27T08:00:00', unit: k.units.SH, mass: true, complainants: 31 });
});
after(async () => k?.close());

const get = (s: Staff, url: string) => k.as(s, { method: 'GET', url: `/api/v1${url}` });

test('dashboards need report:read and stay inside the caller’s subtree', async () => {
  assert.equal((await get(agent, '/analytics/summary?from=2026-11-01&to=2026-11-30')).statusCode, 403);
  await k.as(cp, { method: 'POST', url: '/api/v1/analytics/refresh' });
  const mine = await get(supervisorBJ, '/analytics/summary?from=2026-11-01&to=2026-11-30&metrics=received,resolution_rate');
  assert.equal(mine.statusCode, 200, mine.body);
  assert.deepEqual(mine.json().metrics.map((m: { id: string; value: number }) => [m.id, m.value]), [['received', 1], ['resolution_rate', 1]]);
  assert.equal(mine.json().metrics[1].target, 0.9);
  const other = await get(supervisorBJ, `/analytics/summary?from=2026-11-01&to=2026-11-30&unitId=${k.units.SH}`);
  assert.equal(other.statusCode, 404);
  assert.equal(other.json().error.code, 'ORG_UNIT_NOT_FOUND');
  const all = await get(cp, '/analytics/breakdown?from=2026-11-01&to=2026-11-30&by=unit&metrics=received');
  assert.deepEqual(all.json().rows.map((r: { zh: string; values: { received: number } }) => [r.zh, r.values.received]), [['上海分行', 2], ['北京分行', 1]]);
});

test('bad periods and unknown metrics are refused with VALIDATION_FAILED', async () => {
  for (const q of ['from=2026-02-30&to=2026-03-01', 'from=2026-03-01&to=2026-02-01', 'from=2026-01-01&to=2026-01-31&metrics=nope', 'from=2020-01-01&to=2026-01-01']) {
    const r = await get(cp, `/analytics/summary?${q}`);
    assert.equal(r.statusCode, 400, q);
    assert.equal(r.json().error.code, 'VALIDATION_FAILED', q);
  }
  assert.equal((await get(cp, '/analytics/series?from=2026-11-01&to=2026-11-30&granularity=hour')).statusCode, 400);
});

test('the regulatory workbook downloads as xlsx for report:export, and the export is audited', async () => {
  assert.equal((await get(supervisorBJ, '/analytics/reports/regulatory?from=2026-11-01&to=2026-11-30')).statusCode, 403);
  assert.equal((await get(compliance, '/analytics/reports/regulatory?from=2025-01-01&to=2026-11-30')).statusCode, 400, 'at most a year');
  const r = await get(compliance, '/analytics/reports/regulatory?from=2026-11-01&to=2026-11-30');
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  assert.match(String(r.headers['content-disposition']), /regulatory-2026-11-01-2026-11-30\.xlsx/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  assert.equal(wb.worksheets.length, 7);
  const audit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entry WHERE kind = 'EXPORT_CREATED' AND actor_id = ${compliance.id}`.execute(k.deps.db);
  assert.equal(audit.rows[0]!.n, 1);
});

test('warnings: evaluated on demand, listed, acknowledged once; indicators are validated', async () => {
  assert.equal((await k.as(supervisorBJ, { method: 'POST', url: '/api/v1/analytics/warnings/evaluate' })).statusCode, 403);
  const ev = await k.as(cp, { method: 'POST', url: '/api/v1/analytics/warnings/evaluate' });
  assert.equal(ev.statusCode, 200, ev.body);
  assert.ok(ev.json().raised >= 1);
  const list = (await get(cp, '/analytics/warnings?state=open')).json().items as Array<{ id: string; indicatorCode: string; periodStart: string }>;
  const mass = list.filter((w) => w.indicatorCode === 'MASS_COMPLAINT');
  assert.deepEqual(mass.map((w) => w.periodStart), ['2026-11-27'], 'today’s mass complaint; 3 November is outside the window');
  const act = (body: object) => k.as(cp, { method: 'POST', url: `/api/v1/analytics/warnings/${mass[0]!.id}/actions`, payload: body });
  assert.equal((await act({ action: 'acknowledge' })).json().state, 'acknowledged');
  const again = await act({ action: 'acknowledge' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'INVALID_TRANSITION');
  const bad = await k.as(cp, { method: 'POST', url: '/api/v1/analytics/indicators', payload: {
    code: 'X_RATE', zh: '测试', en: 'test', metric: 'received', scopeType: 'institution', scopeValue: null, window: 'day', mode: 'rate', direction: 'above',
    warning: 0.5, alarm: null, minVolume: 0, riskType: 'complaint', dueHours: 24, ownerRole: 'consumer_protection' } });
  assert.equal(bad.statusCode, 400);
  assert.ok(JSON.stringify(bad.json().error.details).includes('metric'));
});

test('root causes are recorded by whoever may close complaints, on complaints in their subtree; improvement planning stays with consumer protection', async () => {
  const handlerBJ = await k.staff('handlerRC', ['handler'], 'BJ');
  const admin = await k.staff('adminRC', ['admin'], 'HQ');
  const closedBJ = await insertComplaint(k.deps.db, { received: '2026-11-04T10:00:00', unit: k.units.BJ01, closed: '2026-11-12T10:00:00', outcome: 'upheld' });
  const closedSH = await insertComplaint(k.deps.db, { received: '2026-11-04T10:00:00', unit: k.units.SH, closed: '2026-11-12T10:00:00', outcome: 'upheld' });
  const handledInBJ = await insertComplaint(k.deps.db, { received: '2026-11-04T10:00:00', unit: k.units.SH, handlingUnit: k.units.BJ01, closed: '2026-11-12T10:00:00', outcome: 'upheld' });
  const openBJ = await insertComplaint(k.deps.db, { received: '2026-11-04T10:00:00', unit: k.units.BJ01 });
  const put = (s: Staff, id: string, body: object = { code: 'RC03', detail: '限额规则未告知' }) => k.as(s, { method: 'PUT', url: `/api/v1/analytics/root-causes/${id}`, payload: body });

  const ok = await put(handlerBJ, closedBJ);
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().code, 'RC03');
  assert.equal((await put(handlerBJ, handledInBJ)).statusCode, 200, 'handled in the subtree: visible, like every complaint query');
  const outside = await put(handlerBJ, closedSH);
  assert.deepEqual([outside.statusCode, outside.json().error.code], [404, 'COMPLAINT_NOT_FOUND'], 'outside the subtree it does not exist');
  assert.equal((await put(handlerBJ, openBJ)).statusCode, 409, 'only closed complaints');
  assert.equal((await put(supervisorBJ, closedBJ, { code: 'RC01' })).statusCode, 200);
  assert.equal((await put(cp, closedSH, { code: 'RC01' })).statusCode, 200, 'consumer protection at head office sees every unit');
  for (const s of [agent, compliance, admin]) assert.equal((await put(s, closedBJ)).statusCode, 403, 'cannot close complaints: cannot record root causes');
  const audit = await sql<{ actor_id: string }>`SELECT actor_id FROM audit_entry WHERE kind = 'ROOT_CAUSE_RECORDED' AND entity_id = ${closedBJ} ORDER BY seq`.execute(k.deps.db);
  assert.deepEqual(audit.rows.map((r) => r.actor_id), [handlerBJ.id, supervisorBJ.id]);

  const remediation = { title: '修订限额告知话术', type: 'process', dueAt: '2026-12-31T00:00:00+08:00', complaintIds: [closedBJ] };
  assert.equal((await k.as(supervisorBJ, { method: 'POST', url: '/api/v1/analytics/remediations', payload: remediation })).statusCode, 403);
  assert.equal((await k.as(supervisorBJ, { method: 'PUT', url: '/api/v1/analytics/retrospective/config', payload: { rate: 0.5, seed: 'x' } })).statusCode, 403);
  const created = await k.as(cp, { method: 'POST', url: '/api/v1/analytics/remediations', payload: remediation });
  assert.equal(created.statusCode, 201, created.body);
});
