import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testKesu, standardTree, type TestKesu, type Staff } from '../support/app.ts';
import { verifyAudit } from '../../src/db/audit.ts';
import { BODY } from '../support/fixtures.ts';

let k: TestKesu;
let agent: Staff, handler: Staff, supervisor: Staff, cp: Staff, shHandler: Staff, auditor: Staff;

before(async () => {
  k = await testKesu();
  await standardTree(k);
  agent = await k.staff('agent1', ['agent'], 'BJ01');
  handler = await k.staff('handler1', ['handler'], 'BJ01');
  supervisor = await k.staff('sup1', ['supervisor'], 'BJ');
  cp = await k.staff('cp1', ['consumer_protection'], 'BJ');
  shHandler = await k.staff('sh1', ['handler'], 'SH');
  auditor = await k.staff('aud1', ['auditor'], 'HQ');
});
after(async () => k?.close());


async function post(s: Staff, url: string, payload: unknown = {}) {
  return k.as(s, { method: 'POST', url, payload: payload as Record<string, unknown> });
}

test('a phone complaint goes through the whole loop, every step audited, nothing shown outside the branch', async () => {
  const created = await post(agent, '/api/v1/complaints', BODY);
  assert.equal(created.statusCode, 201, created.body);
  const c = created.json();
  assert.equal(c.state, 'registered');
  assert.match(c.trackingNo, /^KS20261127-[2-9A-Z]{6}$/);
  assert.deepEqual(c.missing, []);
  assert.equal(c.complainant.phone, '139****5678');
  assert.ok(!created.body.includes('13912345678') && !created.body.includes('11010519491231002X'), 'no clear PII in the response');
  const decide = c.deadlines.find((d: { step: string }) => d.step === 'decide');
  assert.equal(decide.statutoryDue, '2026-12-12T15:59:59.000Z', '15 natural days from the day after receipt, 23:59:59 Shanghai');
  const id = c.id;

  // Another branch cannot see it: 404, not 403.
  assert.equal((await k.as(shHandler, { method: 'GET', url: `/api/v1/complaints/${id}` })).statusCode, 404);
  assert.equal((await post(shHandler, `/api/v1/complaints/${id}/accept`)).statusCode, 404);

  const steps: Array<[Staff, string, unknown, string]> = [
    [agent, 'accept', {}, 'accepted'],
    [agent, 'classify', { category: 'product', complexity: 'general', businessCode: 'B03', reasonCode: 'C08' }, 'classified'],
    [supervisor, 'assign', { handlingUnitId: k.units.BJ01, handlerId: handler.id }, 'assigned'],
    [handler, 'start', {}, 'in_progress'],
    [handler, 'decision', { outcome: 'upheld', remedy: '退还年费200元', remedyTypes: ['refund', 'apology'], refundAmount: 200, factsChecked: '核实办卡时营销人员承诺免年费', basisAndReasons: '依据营销记录，承诺有效', remediesOpen: ['review', 'mediation', 'arbitration', 'lawsuit'] }, 'decided'],
    [handler, 'feedback', { channel: 'phone' }, 'feedback_sent'],
    [handler, 'satisfaction', { level: 'satisfied', scores: { handlingTime: 5, resolution: 5, communication: 4, followUpService: 4 }, comment: '满意' }, 'feedback_sent'],
    [handler, 'follow-up', { reached: true, note: '客户确认已收到退款' }, 'followed_up'],
    [handler, 'close', {}, 'closed'],
  ];
  for (const [who, action, body, state] of steps) {
    const r = await post(who, `/api/v1/complaints/${id}/${action}`, body);
    assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
    assert.equal(r.json().state, state, action);
  }
  const tl = await k.as(auditor, { method: 'GET', url: `/api/v1/complaints/${id}/timeline` });
  assert.equal(tl.statusCode, 200);
  const kinds = tl.json().items.map((e: { kind: string }) => e.kind);
  assert.deepEqual(kinds, [
    'COMPLAINT_REGISTERED', 'COMPLAINT_ACCEPTED', 'COMPLAINT_CLASSIFIED', 'COMPLAINT_ASSIGNED', 'COMPLAINT_HANDLING_STARTED',
    'DECISION_RECORDED', 'RESULT_FEEDBACK_SENT', 'SATISFACTION_RECORDED', 'FOLLOW_UP_RECORDED', 'COMPLAINT_CLOSED',
  ]);
  const outbox = await k.deps.db.selectFrom('outbox').select('topic').where('aggregate_id', '=', id).execute();
  assert.ok(outbox.some((o) => o.topic === 'complaint.accepted'));
  assert.ok(outbox.some((o) => o.topic === 'complaint.decided'));
  const audit = JSON.stringify(await k.deps.db.selectFrom('audit_entry').select('data').execute());
  assert.ok(!audit.includes('13912345678') && !audit.includes('张三'), 'audit data carries no personal data');
  assert.equal((await verifyAudit(k.deps.db)).ok, true);

  // Closed: deciding again is an invalid transition and changes nothing.
  const again = await post(handler, `/api/v1/complaints/${id}/decision`, steps[4]![2]);
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'INVALID_TRANSITION');
});

test('an incomplete complaint is registered with what is missing and cannot be accepted', async () => {
  const r = await post(agent, '/api/v1/complaints', { ...BODY, complainant: { name: '李四' }, demand: undefined });
  assert.equal(r.statusCode, 201);
  assert.deepEqual(r.json().missing.sort(), ['contact', 'demand']);
  const acc = await post(agent, `/api/v1/complaints/${r.json().id}/accept`);
  assert.equal(acc.statusCode, 409);
  assert.equal(acc.json().error.code, 'INCOMPLETE_COMPLAINT');
  const events = await k.deps.db.selectFrom('outbox').select('topic').where('aggregate_id', '=', r.json().id).execute();
  assert.ok(events.some((e) => e.topic === 'complaint.information_requested'));
});

test('invalid values are refused with their own codes and nothing is stored', async () => {
  const before = (await k.deps.db.selectFrom('complaint').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const cases: Array<[unknown, number, string]> = [
    [{ ...BODY, complainant: { ...BODY.complainant, idNumber: '110105194912310021' } }, 400, 'INVALID_ID_CHECKSUM'],
    [{ ...BODY, complainant: { ...BODY.complainant, phone: '12345' } }, 400, 'INVALID_PHONE'],
    [{ ...BODY, content: '我的卡密码是123456，被人盗刷了' }, 400, 'C3_DATA_REFUSED'],
    [{ ...BODY, content: '长'.repeat(5001) }, 400, 'VALIDATION_FAILED'],
    [{ ...BODY, cvv: '123' }, 400, 'UNKNOWN_FIELD'],
    [{ ...BODY, channel: 'regulator' }, 400, 'REFERRAL_REQUIRED'],
    [{ ...BODY, content: 'a\u0000b' }, 400, 'INVALID_TEXT'],
    [{ ...BODY, receivedAt: '2030-01-01T00:00:00+08:00' }, 400, 'VALIDATION_FAILED'],
    // A regulator's due date before the receipt, or years after it, is a typing error, not a deadline.
    [{ ...BODY, channel: 'regulator', referral: { source: '12378', ref: 'R-1', dueAt: '9999-12-31T23:59:59Z' } }, 400, 'VALIDATION_FAILED'],
    [{ ...BODY, channel: 'regulator', referral: { source: '12378', ref: 'R-1', dueAt: '2020-01-01T00:00:00+08:00' } }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [body, status, code] of cases) {
    const r = await post(agent, '/api/v1/complaints', body);
    assert.equal(r.statusCode, status, `${code}: ${r.body}`);
    assert.equal(r.json().error.code, code);
    assert.ok(r.json().error.message.length > 0);
  }
  const after = (await k.deps.db.selectFrom('complaint').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  assert.equal(Number(after), Number(before));
});

test('Idempotency-Key: same body returns the same complaint (200); a different body is a 409', async () => {
  const h = { 'idempotency-key': 'cc-call-778899' };
  const a = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: BODY, headers: h });
  const b = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: BODY, headers: h });
  assert.equal(a.statusCode, 201);
  assert.equal(b.statusCode, 200);
  assert.equal(a.json().id, b.json().id);
  const c = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, demand: '别的诉求' }, headers: h });
  assert.equal(c.statusCode, 409);
  assert.equal(c.json().error.code, 'IDEMPOTENCY_CONFLICT');
});

test('a repeat complaint of the same person within 90 days is linked; the queue finds it by Chinese words', async () => {
  const first = (await post(agent, '/api/v1/complaints', { ...BODY, content: '网点柜员态度恶劣，拒绝办理挂失' })).json();
  const second = (await post(agent, '/api/v1/complaints', { ...BODY, complainant: { name: '张三', phone: '13912345678' }, content: '挂失还是没办好' })).json();
  assert.equal(second.repeatOf, first.id);
  const search = await k.as(handler, { method: 'GET', url: `/api/v1/complaints?q=${encodeURIComponent('挂失')}` });
  assert.equal(search.statusCode, 200);
  const ids = search.json().items.map((i: { id: string }) => i.id);
  assert.ok(ids.includes(first.id) && ids.includes(second.id));
  const none = await k.as(handler, { method: 'GET', url: `/api/v1/complaints?q=${encodeURIComponent('理财亏损')}` });
  assert.equal(none.json().items.length, 0);
});

test('the queue pages by effective due time with a keyset cursor', async () => {
  const seen = new Set<string>();
  let cursor: string | null = null;
  let lastDue = '';
  do {
    const url: string = `/api/v1/complaints?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const r = await k.as(cp, { method: 'GET', url });
    assert.equal(r.statusCode, 200);
    for (const it of r.json().items) {
      assert.ok(!seen.has(it.id));
      seen.add(it.id);
      const due = it.effectiveDueAt ?? '9999';
      assert.ok(due >= lastDue, 'sorted by effective due');
      lastDue = due;
    }
    cursor = r.json().nextCursor;
  } while (cursor);
  const total = await k.deps.db.selectFrom('complaint').select('id').execute();
  assert.equal(seen.size, total.length);
  // A cursor edited by hand is a clear 400, never a 500.
  for (const bad of ['garbage', Buffer.from(JSON.stringify(['not a date', total[0]!.id])).toString('base64url'), Buffer.from(JSON.stringify([null, "x' OR 1=1"])).toString('base64url')]) {
    const r = await k.as(cp, { method: 'GET', url: `/api/v1/complaints?cursor=${bad}` });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().error.code, 'VALIDATION_FAILED');
  }
});

test('revealing personal data needs pii:reveal and a reason, and is audited', async () => {
  const c = (await post(agent, '/api/v1/complaints', BODY)).json();
  const denied = await post(agent, `/api/v1/complaints/${c.id}/pii/reveal`, { fields: ['phone'], reason: '回访需要' });
  assert.equal(denied.statusCode, 403);
  const ok = await post(handler, `/api/v1/complaints/${c.id}/pii/reveal`, { fields: ['phone', 'idNumber'], reason: '回访核实身份' });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json(), { phone: '13912345678', idNumber: '11010519491231002X' });
  assert.equal(ok.headers['cache-control'], 'no-store');
  const entry = await k.deps.db.selectFrom('audit_entry').selectAll().where('kind', '=', 'CUSTOMER_PII_VIEWED').where('entity_id', '=', c.id).executeTakeFirstOrThrow();
  assert.equal(entry.actor_id, handler.id);
  assert.equal(entry.data.reason, '回访核实身份');
});
