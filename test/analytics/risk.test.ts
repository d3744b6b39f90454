import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { analyticsDatabase } from './support.ts';
import { at, insertComplaint, orgTree } from './fixtures.ts';
import { evaluateRisk } from '../../src/app/analytics/risk.ts';
import { actOnWarning, listIndicators, listWarnings, saveIndicator } from '../../src/app/analytics/warnings.ts';
import { systemCtx } from '../../src/app/context.ts';
import type { Deps } from '../../src/app/deps.ts';
import type { Keyring } from '../../src/security/keyring.ts';
import { DEFAULT_INDICATORS, validateIndicator } from '../../src/core/risk/indicators.ts';
import { evaluateReading, ewmaCrossing, periodsAt } from '../../src/core/risk/evaluate.ts';
import { nextWarningState } from '../../src/core/risk/plans.ts';
import { sampled } from '../../src/core/risk/improvement.ts';

describe('indicator rules (pure)', () => {
  const growth = DEFAULT_INDICATORS.find((i) => i.code === 'PRODUCT_WOW_GROWTH')!;
  const timeliness = DEFAULT_INDICATORS.find((i) => i.code === 'DECISION_TIMELINESS')!;
  test('the default indicators are valid', () => {
    for (const i of DEFAULT_INDICATORS) assert.deepEqual(validateIndicator(i), [], i.code);
    assert.ok(validateIndicator({ ...growth, mode: 'rate' }).length > 0, 'a count cannot be read as a rate');
    assert.ok(validateIndicator({ ...timeliness, warning: 0.9, alarm: 0.95 }).length > 0, 'a falling metric alarms below its warning');
  });
  test('growth compares with the previous period and needs enough volume there', () => {
    assert.equal(evaluateReading(growth, { value: 16, volume: 16 }, { value: 10, volume: 10 })?.level, 'warning');
    assert.equal(evaluateReading(growth, { value: 21, volume: 21 }, { value: 10, volume: 10 })?.level, 'alarm');
    assert.equal(evaluateReading(growth, { value: 14, volume: 14 }, { value: 10, volume: 10 }), null);
    assert.equal(evaluateReading(growth, { value: 9, volume: 9 }, { value: 3, volume: 3 }), null, 'below minVolume last week');
  });
  test('rates fall below thresholds only with enough volume', () => {
    assert.equal(evaluateReading(timeliness, { value: 0.93, volume: 40 }, null)?.level, 'warning');
    assert.equal(evaluateReading(timeliness, { value: 0.9, volume: 40 }, null)?.level, 'alarm');
    assert.equal(evaluateReading(timeliness, { value: 0.5, volume: 5 }, null), null);
  });
  test('EWMA flags a spike against a learned baseline and not ordinary noise', () => {
    const hist = [3, 4, 2, 3, 5, 3, 4, 3, 2, 4, 3, 3];
    assert.equal(ewmaCrossing(6, hist), null);
    assert.equal(ewmaCrossing(12, hist)?.level, 'warning');
    assert.equal(ewmaCrossing(25, hist)?.level, 'alarm');
    assert.equal(ewmaCrossing(25, [3, 4]), null, 'too little history');
  });
  test('periods are Asia/Shanghai calendar windows', () => {
    const p = periodsAt(new Date('2025-06-08T17:00:00Z'), 'week'); // Monday 9 June, 01:00 in Shanghai
    assert.deepEqual(p.current, { start: '2025-06-09', end: '2025-06-16' });
    assert.deepEqual(p.previous, { start: '2025-06-02', end: '2025-06-09' });
  });
  test('a warning is acknowledged once and resolved only with a note', () => {
    assert.equal(nextWarningState('open', 'acknowledge'), 'acknowledged');
    assert.equal(nextWarningState('acknowledged', 'acknowledge'), null);
    assert.equal(nextWarningState('acknowledged', 'resolve', '  '), null);
    assert.equal(nextWarningState('open', 'resolve', '已整改'), 'resolved');
    assert.equal(nextWarningState('resolved', 'resolve', 'again'), null);
  });
  test('retrospective sampling is reproducible and close to its rate', () => {
    const ids = Array.from({ length: 4000 }, (_, k) => `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`);
    const a = ids.filter((id) => sampled(id, 'seed-1', 0.1));
    assert.deepEqual(ids.filter((id) => sampled(id, 'seed-1', 0.1)), a);
    assert.ok(a.length > 340 && a.length < 460, String(a.length));
    assert.notDeepEqual(ids.filter((id) => sampled(id, 'seed-2', 0.1)), a);
  });
});

describe('evaluation against the database', () => {
  let d: Awaited<ReturnType<typeof analyticsDatabase>>;
  let deps: Deps;
  let u: Record<string, string>;
  let owners: Record<string, string>;
  const now = at('2025-06-11T15:00:00');
  const ctx = () => systemCtx(now);
  const count = async (q: string) => Number((await sql.raw(q).execute(d.db)).rows.length);

  before(async () => {
    d = await analyticsDatabase();
    deps = { db: d.db, keyring: null as unknown as Keyring, clock: () => now };
    u = await orgTree(d.db);
    owners = {};
    for (const code of ['HQ', 'BJ']) {
      const id = randomUUID();
      await d.db.insertInto('app_user').values({ id, username: `cp-${code}-${id.slice(0, 6)}`, display_name: `消保${code}`, org_unit_id: u[code]!, password_hash: 'x' }).execute();
      await d.db.insertInto('user_role').values({ user_id: id, role: 'consumer_protection' }).execute();
      owners[code] = id;
    }
    await sql`UPDATE risk_indicator SET active = false WHERE code = 'CATEGORY_SPIKE'`.execute(d.db);
    for (let k = 0; k < 10; k++) await insertComplaint(d.db, { received: `2025-06-0${2 + (k % 5)}T10:00:00`, unit: u.SH, product: '信用卡' });
    for (let k = 0; k < 16; k++) await insertComplaint(d.db, { received: `2025-06-${String(9 + (k % 3)).padStart(2, '0')}T0${k % 5}:00:00`, unit: u.SH, product: '信用卡' });
    await insertComplaint(d.db, { received: '2025-06-11T09:00:00', unit: u.SH, mass: true, complainants: 30 });
    await insertComplaint(d.db, { received: '2025-05-25T09:00:00', unit: u.SH, deadlines: [{ step: 'decide', statutory: '2025-06-10T23:59:59' }] });
    for (let k = 0; k < 20; k++) {
      await insertComplaint(d.db, { received: '2025-05-10T09:00:00', unit: u.BJ01,
        deadlines: [{ step: 'decide', policy: '2025-05-20T23:59:59', statutory: '2025-05-25T23:59:59', met: k < 2 ? '2025-05-27T10:00:00' : '2025-05-18T10:00:00' }] });
    }
  });
  after(async () => d?.drop());

  test('each crossing raises one warning, one outbox event and one audit entry, however often it is evaluated', async () => {
    const first = await evaluateRisk(deps, now);
    const second = await evaluateRisk(deps, now);
    assert.equal(second.raised, 0);
    assert.equal(second.escalated, 0);
    const warnings = await listWarnings(deps, ctx(), {});
    const by = (code: string) => warnings.filter((w) => w.indicatorCode === code);
    assert.equal(first.raised, warnings.length);
    assert.equal(by('MASS_COMPLAINT').length, 1);
    assert.equal(by('MASS_COMPLAINT')[0]!.level, 'alarm');
    assert.equal(by('STATUTORY_BREACH').length, 1, 'the limit that ran out at the end of 10 June');
    assert.equal(by('STATUTORY_BREACH')[0]!.periodStart, '2025-06-10');
    const growth = by('PRODUCT_WOW_GROWTH');
    assert.deepEqual(growth.map((w) => [w.scopeLabel, w.level, w.periodStart]), [['信用卡', 'warning', '2025-06-09']]);
    assert.equal(growth[0]!.observed, 0.6);
    const late = by('DECISION_TIMELINESS');
    assert.deepEqual(late.map((w) => [w.scopeLabel, w.level, w.periodStart, w.observed]), [['北京分行', 'alarm', '2025-05-01', 0.9]]);
    assert.equal(late[0]!.ownerId, owners.BJ, 'owned by the nearest consumer-protection officer');
    assert.equal(by('MASS_COMPLAINT')[0]!.ownerId, owners.HQ);
    assert.equal(await count(`SELECT 1 FROM outbox WHERE topic = 'risk_warning.raised'`), warnings.length);
    assert.equal(await count(`SELECT 1 FROM audit_entry WHERE kind = 'RISK_WARNING_RAISED'`), warnings.length);
    const mass = by('MASS_COMPLAINT')[0]!;
    assert.ok(mass.checklist.length >= 3 && mass.checklist.every((c) => c.done === false), 'contingency checklist copied');
    assert.equal(mass.dueAt, new Date(now.getTime() + 24 * 3_600_000).toISOString());
  });

  test('a warning that reaches the alarm threshold later in the same period is escalated once', async () => {
    for (let k = 0; k < 5; k++) await insertComplaint(d.db, { received: '2025-06-11T11:00:00', unit: u.SH, product: '信用卡', updated: '2025-06-11T14:58:00' });
    const a = await evaluateRisk(deps, now);
    const b = await evaluateRisk(deps, now);
    assert.deepEqual([a.escalated, a.raised, b.escalated, b.raised], [1, 0, 0, 0]);
    const growth = (await listWarnings(deps, ctx(), {})).filter((w) => w.indicatorCode === 'PRODUCT_WOW_GROWTH');
    assert.deepEqual(growth.map((w) => [w.level, w.observed]), [['alarm', 1.1]]);
    assert.equal(await count(`SELECT 1 FROM outbox WHERE topic = 'risk_warning.escalated'`), 1);
  });

  test('owners acknowledge, tick the checklist and resolve with a note; a resolved crossing does not fire again', async () => {
    const w = (await listWarnings(deps, ctx(), {})).find((x) => x.indicatorCode === 'MASS_COMPLAINT')!;
    await actOnWarning(deps, ctx(), w.id, { action: 'acknowledge' });
    await assert.rejects(actOnWarning(deps, ctx(), w.id, { action: 'acknowledge' }), /not allowed in the current state/);
    const ticked = await actOnWarning(deps, ctx(), w.id, { action: 'check', item: 0, done: true });
    assert.equal(ticked.checklist[0]!.done, true);
    await assert.rejects(actOnWarning(deps, ctx(), w.id, { action: 'resolve', note: ' ' }), /not valid/);
    const done = await actOnWarning(deps, ctx(), w.id, { action: 'resolve', note: '已联系全部投诉人并形成处置方案' });
    assert.equal(done.state, 'resolved');
    await evaluateRisk(deps, now);
    assert.equal((await listWarnings(deps, ctx(), {})).filter((x) => x.indicatorCode === 'MASS_COMPLAINT').length, 1);
    assert.equal(await count(`SELECT 1 FROM audit_entry WHERE kind IN ('RISK_WARNING_ACKNOWLEDGED','RISK_WARNING_RESOLVED','RISK_WARNING_CHECKLIST_UPDATED')`), 3);
  });

  test('an EWMA indicator saved by an administrator catches a spike without a threshold', async () => {
    await assert.rejects(saveIndicator(deps, ctx(), { ...DEFAULT_INDICATORS[5]!, code: 'BAD', mode: 'ewma', metric: 'resolution_rate' }), /not valid/);
    const spec = { ...DEFAULT_INDICATORS.find((i) => i.code === 'CATEGORY_SPIKE')!, code: 'TECH_SPIKE', zh: '技术类投诉激增', scopeValue: 'technical' };
    const saved = await saveIndicator(deps, ctx(), spec);
    assert.equal((await listIndicators(deps)).find((i) => i.code === 'TECH_SPIKE')!.id, saved.id);
    for (let day = 12; day <= 31; day++) {
      for (let k = 0; k < 2 + (day % 2); k++) await insertComplaint(d.db, { received: `2025-05-${day}T10:00:00`, unit: u.SH, category: 'technical', updated: '2025-06-11T14:59:00' });
    }
    for (let day = 1; day <= 10; day++) await insertComplaint(d.db, { received: `2025-06-${String(day).padStart(2, '0')}T10:00:00`, unit: u.SH, category: 'technical', updated: '2025-06-11T14:59:00' });
    let r = await evaluateRisk(deps, now);
    assert.equal((await listWarnings(deps, ctx(), {})).filter((w) => w.indicatorCode === 'TECH_SPIKE').length, 0, 'nothing unusual yet');
    for (let k = 0; k < 14; k++) await insertComplaint(d.db, { received: '2025-06-11T12:00:00', unit: u.SH, category: 'technical', updated: '2025-06-11T14:59:30' });
    r = await evaluateRisk(deps, now);
    const spike = (await listWarnings(deps, ctx(), {})).filter((w) => w.indicatorCode === 'TECH_SPIKE');
    assert.equal(r.raised, 1);
    assert.deepEqual(spike.map((w) => [w.scopeLabel, w.periodStart, w.level]), [['技术类', '2025-06-11', 'alarm']]);
    assert.ok(spike[0]!.baseline! > 1 && spike[0]!.baseline! < 3, String(spike[0]!.baseline));
  });
});
