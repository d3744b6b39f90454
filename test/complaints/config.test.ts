import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { testKesu, standardTree, complaintInHandling, type TestKesu, type Staff } from '../support/app.ts';
import { BODY } from '../support/fixtures.ts';
import { reloadConfig } from '../../src/app/config/calendar.ts';
import { DEFAULT_TEMPLATES } from '../../src/core/notify/index.ts';

let k: TestKesu;
let admin: Staff, cp: Staff, agent: Staff, sup: Staff, handler: Staff;
before(async () => {
  k = await testKesu();
  await standardTree(k);
  await reloadConfig(k.deps.db);
  admin = await k.staff('admin1', ['admin'], 'HQ');
  cp = await k.staff('cp1', ['consumer_protection'], 'HQ');
  agent = await k.staff('agent1', ['agent'], 'BJ01');
  sup = await k.staff('sup1', ['supervisor'], 'BJ');
  handler = await k.staff('handler1', ['handler'], 'BJ01');
});
after(async () => {
  await k?.close();
  await reloadConfig(k.deps.db).catch(() => undefined);
});

test('an administrator imports a calendar year; complaints received in it get due dates that skip its holidays', async () => {
  const y2027 = {
    source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
    years: { '2027': { holidays: ['2027-01-01', '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'], workdays: ['2027-09-26', '2027-10-09'] } },
  };
  k.clock.set('2027-09-30T10:00:00+08:00');
  [admin, agent] = [await k.signIn(admin), await k.signIn(agent)];
  const before = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, receivedAt: '2027-09-30T10:00:00+08:00' } });
  const bad = await k.as(admin, { method: 'POST', url: '/api/v1/calendar/import', payload: { years: { '2027': { holidays: ['2027-10-02'], workdays: ['2027-10-02'] } } } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'CALENDAR_INVALID');
  const r = await k.as(admin, { method: 'POST', url: '/api/v1/calendar/import', payload: y2027 });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().years, [2027]);
  const after = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, receivedAt: '2027-09-30T10:00:00+08:00' } });
  const policyDue = (c: { deadlines: Array<{ step: string; policyDue: string }> }) => c.deadlines.find((d) => d.step === 'decide')!.policyDue;
  assert.notEqual(policyDue(before.json()), policyDue(after.json()));
  // 7 working days after 30 Sep 2027 with 1–7 Oct off and 9 Oct worked: 8, 9, 11, 12, 13, 14, 15 → 15 Oct.
  assert.equal(policyDue(after.json()), '2027-10-15T15:59:59.000Z');
  const audit = await k.deps.db.selectFrom('audit_entry').select(['kind', 'actor_id']).where('kind', '=', 'CALENDAR_IMPORTED').execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.actor_id, admin.id);
  const cal = await k.as(agent, { method: 'GET', url: '/api/v1/calendar' });
  assert.ok(cal.json().coverage.includes(2027));
});

test('the API takes the calendar file forms the CLI takes: the shipped 2024–2026 file and a single-year file', async () => {
  k.clock.set('2027-11-20T10:00:00+08:00');
  admin = await k.signIn(admin);
  // The shipped file as it is: $comment and source at the top, a notice in each year.
  const shipped = JSON.parse(readFileSync(new URL('../../data/calendar/cn-2024-2026.json', import.meta.url), 'utf8'));
  const r = await k.as(admin, { method: 'POST', url: '/api/v1/calendar/import', payload: shipped });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().years, [2024, 2025, 2026]);
  // A single-year file, as `kesu calendar import` takes it (made-up 2028 dates: 1 Jan is a Saturday, 9 Jan worked).
  const y2028 = { $comment: '2028 年安排（测试数据）', year: 2028, notice: '国务院办公厅关于2028年部分节假日安排的通知（测试）', holidays: ['2028-01-01', '2028-01-02', '2028-01-03'], workdays: ['2028-01-09'] };
  const r2 = await k.as(admin, { method: 'POST', url: '/api/v1/calendar/import', payload: y2028 });
  assert.equal(r2.statusCode, 200, r2.body);
  assert.deepEqual(r2.json().years, [2028]);
  const cal = (await k.as(admin, { method: 'GET', url: '/api/v1/calendar' })).json();
  assert.ok(cal.coverage.includes(2028));
  const imported = new Map<number, { source: string; holidays: number; workdays: number }>(cal.imported.map((y: { year: number }) => [y.year, y]));
  assert.equal(imported.get(2025)?.source, '国务院办公厅关于2025年部分节假日安排的通知', 'each year records its own notice');
  assert.deepEqual([imported.get(2028)?.source, imported.get(2028)?.holidays, imported.get(2028)?.workdays], [y2028.notice, 3, 1]);
});

test('the API refuses a calendar file with the core\'s error codes and paths', async () => {
  admin = await k.signIn(admin);
  const cases: [unknown, string, string][] = [
    [{ year: 2029, holidays: ['2029-02-30'], workdays: [] }, 'INVALID_DATE', 'years.2029.holidays[0]'],
    [{ years: { '2029': { holidays: ['2029-01-01', '2029-01-06'], workdays: ['2029-01-06'] } } }, 'DATE_BOTH_HOLIDAY_AND_WORKDAY', 'years.2029.workdays'],
    [{ year: 2029, holidays: ['2029-01-01'], workdays: ['2029-01-08'] }, 'WORKDAY_NOT_WEEKEND', 'years.2029.workdays'],
    [{ years: { '2029': { holidays: ['2029-01-01'], workdays: [], workday: ['2029-01-06'] } } }, 'UNKNOWN_FIELD', 'years.2029.workday'],
  ];
  for (const [payload, code, path] of cases) {
    const r = await k.as(admin, { method: 'POST', url: '/api/v1/calendar/import', payload: payload as Record<string, unknown>, headers: { 'accept-language': 'en' } });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().error.code, 'CALENDAR_INVALID', r.body);
    assert.deepEqual(r.json().error.details.errors.map((e: { code: string; path: string }) => [e.code, e.path]), [[code, path]], r.body);
  }
  // A misspelt field at the top of the file is refused by the request schema, naming it.
  const typo = await k.as(admin, { method: 'POST', url: '/api/v1/calendar/import', payload: { year: 2029, holidays: ['2029-01-01'], workdays: [], workday: ['2029-01-06'] } });
  assert.equal(typo.statusCode, 400, typo.body);
  assert.equal(typo.json().error.code, 'UNKNOWN_FIELD');
  assert.ok(JSON.stringify(typo.json().error.details).includes('workday"'), typo.body);
  const cal = (await k.as(admin, { method: 'GET', url: '/api/v1/calendar' })).json();
  assert.ok(!cal.coverage.includes(2029), 'nothing of a refused file is imported');
});

test('routing rules send an accepted complaint to the responsible unit', async () => {
  k.clock.set('2026-11-27T10:00:00+08:00');
  [admin, cp, agent] = [await k.signIn(admin), await k.signIn(cp), await k.signIn(agent)];
  const rule = await k.as(cp, { method: 'POST', url: '/api/v1/routing-rules', payload: { orgUnitId: k.units.BJ, businessCode: 'B03', targetUnitId: k.units.BJ, priority: 10 } });
  assert.equal(rule.statusCode, 201, rule.body);
  const card = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, businessCode: 'B03' } });
  const other = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, businessCode: 'B01' } });
  const a1 = await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${card.json().id}/accept`, payload: {} });
  const a2 = await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${other.json().id}/accept`, payload: {} });
  assert.equal(a1.json().handlingUnitId, k.units.BJ, 'the rule routes card complaints to the branch');
  assert.equal(a2.json().handlingUnitId, k.units.BJ01, 'without a rule the receiving unit keeps it');

  // The rule is edited in place: card complaints now go to the head office; the one routed before stays where it is.
  const ruleId = rule.json().id as string;
  const put = (who: Staff, id: string, payload: Record<string, unknown>) => k.as(who, { method: 'PUT', url: `/api/v1/routing-rules/${id}`, payload });
  const edit = { orgUnitId: k.units.BJ, businessCode: 'B03', targetUnitId: k.units.HQ, priority: 5 };
  assert.equal((await put(agent, ruleId, edit)).statusCode, 403);
  const badUnit = await put(cp, ruleId, { ...edit, targetUnitId: '00000000-0000-4000-8000-000000000000' });
  assert.equal(badUnit.json().error.code, 'ORG_UNIT_NOT_FOUND');
  assert.equal((await put(cp, '00000000-0000-4000-8000-000000000000', edit)).statusCode, 404);
  const edited = await put(cp, ruleId, edit);
  assert.equal(edited.statusCode, 200, edited.body);
  assert.deepEqual(edited.json(), { id: ruleId, priority: 5, orgUnitId: k.units.BJ, businessCode: 'B03', category: null, channel: null, targetUnitId: k.units.HQ });
  const listed = (await k.as(cp, { method: 'GET', url: '/api/v1/routing-rules' })).json().items as Array<{ id: string; targetUnitId: string }>;
  assert.deepEqual(listed.map((r) => [r.id, r.targetUnitId]), [[ruleId, k.units.HQ]], 'one rule, changed — not a second one');
  const card2 = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, businessCode: 'B03' } });
  const a3 = await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${card2.json().id}/accept`, payload: {} });
  assert.equal(a3.json().handlingUnitId, k.units.HQ);
  assert.equal((await k.as(agent, { method: 'GET', url: `/api/v1/complaints/${card.json().id}` })).json().handlingUnitId, k.units.BJ);
  const audit = await k.deps.db.selectFrom('audit_entry').select('data').where('entity_id', '=', ruleId).where('kind', '=', 'CONFIG_CHANGED').orderBy('id').execute();
  const updated = audit.map((a) => a.data as { action: string; before?: { targetUnitId: string }; after?: { targetUnitId: string } }).find((d) => d.action === 'routing_rule.updated');
  assert.deepEqual([updated?.before?.targetUnitId, updated?.after?.targetUnitId], [k.units.BJ, k.units.HQ], 'the audit keeps the rule as it was');

  // A deleted rule cannot be edited back to life.
  assert.equal((await k.as(cp, { method: 'DELETE', url: `/api/v1/routing-rules/${ruleId}` })).statusCode, 200);
  assert.equal((await put(cp, ruleId, edit)).statusCode, 404);
});

test('classification codes come from the active code table; a new version can be loaded', async () => {
  const c = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: BODY });
  const id = c.json().id;
  await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${id}/accept`, payload: {} });
  const bad = await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${id}/classify`, payload: { category: 'product', complexity: 'general', reasonCode: 'C77' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'UNKNOWN_CODE');
  const table = { version: 'bank-2027.1', channel: [{ code: 'A01', zh: '前台', en: 'Front' }], business: [{ code: 'B01', zh: '储蓄', en: 'Savings' }], reason: [{ code: 'C77', zh: '新原因', en: 'New reason' }] };
  const denied = await k.as(agent, { method: 'POST', url: '/api/v1/code-tables', payload: { activate: true, table } });
  assert.equal(denied.statusCode, 403);
  const loaded = await k.as(admin, { method: 'POST', url: '/api/v1/code-tables', payload: { activate: true, table } });
  assert.equal(loaded.statusCode, 201, loaded.body);
  const ok = await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${id}/classify`, payload: { category: 'product', complexity: 'general', reasonCode: 'C77' } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().reasonCode, 'C77');
  const row = await k.deps.db.selectFrom('complaint').select('code_table_version').where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.code_table_version, 'bank-2027.1');
});

test('a staged code table version is put in force later, and the earlier one can be put back', async () => {
  const activeVersion = async () => (await k.as(agent, { method: 'GET', url: '/api/v1/code-tables' })).json().active.version as string;
  const before = await activeVersion();
  const table = { version: 'bank-2027.2', channel: [{ code: 'A01', zh: '前台', en: 'Front' }], business: [{ code: 'B01', zh: '储蓄', en: 'Savings' }], reason: [{ code: 'C88', zh: '暂存原因', en: 'Staged reason' }] };
  const staged = await k.as(admin, { method: 'POST', url: '/api/v1/code-tables', payload: { activate: false, table } });
  assert.equal(staged.statusCode, 201, staged.body);
  assert.equal(await activeVersion(), before, 'loading without activating leaves the table in force');

  // Only code table managers may switch; an unknown version is refused; neither changes the table in force.
  const denied = await k.as(agent, { method: 'POST', url: '/api/v1/code-tables/bank-2027.2/activate', payload: {} });
  assert.equal(denied.statusCode, 403);
  const unknown = await k.as(admin, { method: 'POST', url: '/api/v1/code-tables/no-such-version/activate', payload: {} });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().error.code, 'CODE_TABLE_NOT_FOUND');
  assert.match(unknown.json().error.message, /代码表/);
  assert.equal(await activeVersion(), before);

  const on = await k.as(admin, { method: 'POST', url: '/api/v1/code-tables/bank-2027.2/activate', payload: {} });
  assert.equal(on.statusCode, 200, on.body);
  assert.deepEqual(on.json(), { version: 'bank-2027.2', active: true, replaced: before });
  assert.equal(await activeVersion(), 'bank-2027.2');
  const c = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: BODY });
  await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${c.json().id}/accept`, payload: {} });
  const classified = await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${c.json().id}/classify`, payload: { category: 'product', complexity: 'general', reasonCode: 'C88' } });
  assert.equal(classified.statusCode, 200, classified.body);

  // Roll back: the earlier version is in force again and the staged code is refused; exactly one version is active.
  const back = await k.as(admin, { method: 'POST', url: `/api/v1/code-tables/${before}/activate`, payload: {} });
  assert.equal(back.statusCode, 200, back.body);
  assert.equal(back.json().replaced, 'bank-2027.2');
  const again = await k.as(admin, { method: 'POST', url: `/api/v1/code-tables/${before}/activate`, payload: {} });
  assert.equal(again.json().replaced, null, 'activating the version in force changes nothing');
  const list = (await k.as(admin, { method: 'GET', url: '/api/v1/code-tables' })).json();
  assert.deepEqual(list.versions.filter((v: { active: boolean }) => v.active).map((v: { version: string }) => v.version), [before]);
  const mine = list.versions.find((v: { version: string }) => v.version === 'bank-2027.2');
  assert.equal(mine.loadedByName, admin.username, 'the list names who loaded a version');
  const c2 = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: BODY });
  await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${c2.json().id}/accept`, payload: {} });
  const refused = await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${c2.json().id}/classify`, payload: { category: 'product', complexity: 'general', reasonCode: 'C88' } });
  assert.equal(refused.json().error.code, 'UNKNOWN_CODE');

  const audit = await k.deps.db.selectFrom('audit_entry').select(['entity_id', 'data']).where('kind', '=', 'CODE_TABLE_ACTIVATED').orderBy('id').execute();
  assert.deepEqual(audit.map((a) => [a.entity_id, (a.data as { replaced: string }).replaced]), [['bank-2027.2', before], [before, 'bank-2027.2']]);

  // Switching back and forth at once (on PostgreSQL, concurrently on several connections): every request is answered,
  // none with a server error, and exactly one version is in force afterwards.
  const flips = await Promise.all(Array.from({ length: 8 }, (_, i) => k.as(admin, { method: 'POST', url: `/api/v1/code-tables/${i % 2 ? before : 'bank-2027.2'}/activate`, payload: {} })));
  assert.deepEqual(flips.map((r) => r.statusCode), Array(8).fill(200), flips.map((r) => r.body).join('\n'));
  const inForce = await k.deps.db.selectFrom('code_table').select('version').where('active', '=', true).execute();
  assert.equal(inForce.length, 1);
  await k.as(admin, { method: 'POST', url: `/api/v1/code-tables/${before}/activate`, payload: {} });
});

test('handling rules: the repeat window, in-person feedback for major complaints and notice of the first extension are policy an administrator changes', async () => {
  const rules = async () => (await k.as(agent, { method: 'GET', url: '/api/v1/complaint-policy' })).json();
  const defaults = { repeatWindowDays: 90, majorRequiresInPersonFeedback: true, notifyCustomerOnFirstExtension: false };
  assert.deepEqual(await rules(), defaults);
  const put = (who: Staff, payload: Record<string, unknown>) => k.as(who, { method: 'PUT', url: '/api/v1/complaint-policy', payload });

  // Refused: not a policy manager; out of range, not whole days, a missing or unknown field. Nothing changes.
  assert.equal((await put(agent, { ...defaults, repeatWindowDays: 30 })).statusCode, 403);
  for (const bad of [{ ...defaults, repeatWindowDays: 0 }, { ...defaults, repeatWindowDays: 366 }, { ...defaults, repeatWindowDays: 7.5 }, { repeatWindowDays: 30 }, { ...defaults, reviewWindowDays: 10 }, { ...defaults, majorRequiresInPersonFeedback: 'no' }]) {
    const r = await put(admin, bad);
    assert.equal(r.statusCode, 400, JSON.stringify(bad));
    assert.ok(['VALIDATION_FAILED', 'UNKNOWN_FIELD'].includes(r.json().error.code), r.body);
    assert.ok(r.json().error.message, 'the envelope carries a message');
  }
  assert.deepEqual(await rules(), defaults);

  // The repeat window: 60 days links a complaint 40 days after the first; 30 days does not link one 40 days later.
  // (Moving the clock by weeks ends sessions: everyone signs in again at the new time.)
  const at = async (time: string) => {
    k.clock.set(time);
    admin = await k.signIn(admin);
    agent = await k.signIn(agent);
    sup = await k.signIn(sup);
    handler = await k.signIn(handler);
  };
  const person = { name: '李四', phone: '13700001111' };
  const intake = async (receivedAt: string) => {
    await at(receivedAt);
    const r = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, complainant: person, receivedAt } });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { id: string; repeatOf: string | null };
  };
  const set60 = await put(admin, { ...defaults, repeatWindowDays: 60 });
  assert.equal(set60.statusCode, 200, set60.body);
  assert.deepEqual(set60.json(), { ...defaults, repeatWindowDays: 60 });
  const first = await intake('2028-01-05T10:00:00+08:00');
  const second = await intake('2028-02-14T10:00:00+08:00');
  assert.equal(second.repeatOf, first.id, 'within 60 days: a repeat');
  assert.equal((await put(admin, { ...defaults, repeatWindowDays: 30 })).statusCode, 200);
  const third = await intake('2028-03-25T10:00:00+08:00');
  assert.equal(third.repeatOf, null, '40 days after the last one, with a 30-day window: not a repeat');

  // A major complaint's result by phone: refused while the rule holds, accepted once an administrator lifts it.
  await at('2028-04-10T10:00:00+08:00');
  const { id, major } = await complaintInHandling(k, '2028-04-10T10:00:00+08:00', { agent, sup, handler }, 'BJ01', { body: { complainant: { name: '王五', phone: '13700002222' }, complainantCount: 25 } });
  assert.equal(major, true);
  const decided = await k.as(handler, { method: 'POST', url: `/api/v1/complaints/${id}/decision`, payload: { outcome: 'upheld', remedy: '退还年费', remedyTypes: ['refund'], refundAmount: 200, factsChecked: '核实营销记录', basisAndReasons: '承诺有效', remediesOpen: ['review', 'mediation', 'arbitration', 'lawsuit'] } });
  assert.equal(decided.statusCode, 200, decided.body);
  const byPhone = () => k.as(handler, { method: 'POST', url: `/api/v1/complaints/${id}/feedback`, payload: { channel: 'phone' } });
  const refused = await byPhone();
  assert.equal(refused.statusCode, 400, refused.body);
  assert.equal((await k.as(handler, { method: 'GET', url: `/api/v1/complaints/${id}` })).json().state, 'decided');
  assert.equal((await put(admin, { ...defaults, majorRequiresInPersonFeedback: false })).statusCode, 200);
  const accepted = await byPhone();
  assert.equal(accepted.statusCode, 200, accepted.body);
  assert.equal(accepted.json().state, 'feedback_sent');

  // Notice of the first extension: none by default (the law asks it for the second); sent once the rule says so.
  const extendFirst = async (phone: string) => {
    const { id: cid } = await complaintInHandling(k, '2028-04-10T10:00:00+08:00', { agent, sup, handler }, 'BJ01', { body: { complainant: { name: '赵六', phone } }, complexity: 'complex' });
    const x = await k.as(handler, { method: 'POST', url: `/api/v1/complaints/${cid}/extension`, payload: { level: 1, reason: '需调取外部机构材料' } });
    assert.equal(x.statusCode, 200, x.body);
    return (await k.deps.db.selectFrom('outbox').select('topic').where('aggregate_id', '=', cid).where('topic', '=', 'customer_notice.requested').execute()).length;
  };
  assert.equal(await extendFirst('13700003333'), 0, 'by default the first extension sends no notice');
  assert.equal((await put(admin, { ...defaults, majorRequiresInPersonFeedback: false, notifyCustomerOnFirstExtension: true })).statusCode, 200);
  assert.equal(await extendFirst('13700004444'), 1, 'with the rule on, the complainant is told of the first extension');
  assert.equal((await put(admin, { ...defaults, majorRequiresInPersonFeedback: false })).statusCode, 200);

  const changes = await k.deps.db.selectFrom('audit_entry').select('data').where('kind', '=', 'CONFIG_CHANGED').where('entity_id', '=', 'complaint.policy').orderBy('id').execute();
  assert.deepEqual(changes.map((a) => (a.data as { rules: { repeatWindowDays: number } }).rules.repeatWindowDays), [60, 30, 90, 90, 90], 'each change is audited');
  assert.deepEqual(changes.map((a) => (a.data as { previous: { repeatWindowDays: number } }).previous.repeatWindowDays), [90, 60, 30, 90, 90], 'with the rules it replaced');
  assert.deepEqual(changes.map((a) => (a.data as { previous: { notifyCustomerOnFirstExtension: boolean } }).previous.notifyCustomerOnFirstExtension), [false, false, false, false, true]);
  assert.equal((await put(admin, defaults)).statusCode, 200);
});

test('templates are versioned, validated and previewed with sample data', async () => {
  const t = structuredClone(DEFAULT_TEMPLATES.acknowledgement) as unknown as { locales: Record<string, { subject: string }> };
  t.locales['zh-CN']!.subject = '【{{org_name}}】投诉受理回执 {{tracking_no}}';
  const saved = await k.as(admin, { method: 'PUT', url: '/api/v1/notification-templates/acknowledgement', payload: { template: t } });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal(saved.json().version, 1);
  const broken = structuredClone(t);
  broken.locales['zh-CN']!.subject = '{{id_number}}';
  const refused = await k.as(admin, { method: 'PUT', url: '/api/v1/notification-templates/acknowledgement', payload: { template: broken } });
  assert.equal(refused.statusCode, 400);
  const preview = await k.as(admin, { method: 'POST', url: '/api/v1/notification-templates/acknowledgement/preview', payload: {} });
  assert.equal(preview.statusCode, 200);
  assert.match(preview.json().email.subject, /投诉受理回执/);
  void sup;
});
