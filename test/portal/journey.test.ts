import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testKesu, standardTree, type TestKesu, type Staff } from '../support/app.ts';
import { startMailbox, type Mailbox } from '../support/smtp.ts';
import { Worker } from '../../src/worker/worker.ts';
import { outboxHandlers } from '../../src/worker/registry.ts';
import { claimOutbox } from '../../src/db/outbox.ts';

let k: TestKesu;
let mb: Mailbox;
let worker: Worker;
let agent: Staff, handler: Staff, sup: Staff;

before(async () => {
  mb = await startMailbox();
  k = await testKesu({ deps: { transports: mb.transports, publicBaseUrl: 'https://kesu.bank.example' } });
  await standardTree(k);
  agent = await k.staff('agent1', ['agent'], 'HQ');
  handler = await k.staff('handler1', ['handler'], 'HQ');
  sup = await k.staff('sup1', ['supervisor'], 'HQ');
  worker = new Worker({ deps: k.deps, handlers: outboxHandlers, jobs: [], pollMs: 1000 });
});
after(async () => {
  await k?.close();
  await mb?.close();
});

const relay = async () => {
  while ((await worker.relayOutbox()) > 0);
};

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const sc = res.headers['set-cookie'];
  return String(Array.isArray(sc) ? sc[0] : sc).split(';')[0]!;
}

test('the customer journey: submit, acknowledgement by e-mail, track with a one-time code, supply information, decision, rating, review', async () => {
  const sub = await k.app.inject({
    method: 'POST',
    url: '/api/v1/portal/complaints',
    payload: { complainant: { name: '王五', email: 'wangwu@example.com' }, content: '手机银行转账失败但扣款了，三天没退回', demand: '尽快退回扣款', consent: true },
  });
  assert.equal(sub.statusCode, 201, sub.body);
  const trackingNo = sub.json().trackingNo as string;
  await relay();
  const ack = mb.mails.find((m) => m.text.includes(trackingNo));
  assert.ok(ack, 'acknowledgement e-mail carries the tracking number');
  assert.deepEqual(ack.to, ['wangwu@example.com']);

  // Unknown tracking numbers get the same answer as known ones.
  const unknown = await k.app.inject({ method: 'POST', url: '/api/v1/portal/otp', payload: { trackingNo: 'KS20991231-ZZZZZZ' } });
  const known = await k.app.inject({ method: 'POST', url: '/api/v1/portal/otp', payload: { trackingNo, via: 'email' } });
  assert.equal(unknown.statusCode, 202);
  assert.equal(known.statusCode, 202);
  assert.equal(unknown.body, known.body);
  await relay();
  const otpMail = mb.mails.at(-1)!;
  const code = /(\d{6})/.exec(otpMail.text)![1]!;
  const otpRow = await k.deps.db.selectFrom('portal_otp').select('code_hash').executeTakeFirstOrThrow();
  assert.ok(!otpRow.code_hash.includes(code), 'the code is stored hashed');

  const bad = await k.app.inject({ method: 'POST', url: '/api/v1/portal/session', payload: { trackingNo, code: code === '000000' ? '111111' : '000000' } });
  assert.equal(bad.statusCode, 401);
  const s = await k.app.inject({ method: 'POST', url: '/api/v1/portal/session', payload: { trackingNo, code } });
  assert.equal(s.statusCode, 200, s.body);
  const portal = { cookie: cookieOf(s), 'x-csrf-token': s.json().csrfToken as string };
  const reuse = await k.app.inject({ method: 'POST', url: '/api/v1/portal/session', payload: { trackingNo, code } });
  assert.equal(reuse.statusCode, 401, 'a code works once');

  let view = await k.app.inject({ method: 'GET', url: '/api/v1/portal/complaint', headers: portal });
  assert.equal(view.statusCode, 200);
  assert.equal(view.json().status, 'received');
  assert.ok(!view.body.includes('agent1') && !view.body.includes('handler1'), 'no staff names');

  // Staff move it on and ask for information.
  const id = (await k.deps.db.selectFrom('complaint').select('id').where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow()).id;
  const step = async (who: Staff, action: string, body: unknown = {}) => {
    const r = await k.as(who, { method: 'POST', url: `/api/v1/complaints/${id}/${action}`, payload: body as Record<string, unknown> });
    assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
  };
  await step(agent, 'accept');
  await step(agent, 'classify', { category: 'technical', complexity: 'general' });
  await step(sup, 'assign', { handlingUnitId: k.units.HQ, handlerId: handler.id });
  await step(handler, 'start');
  await step(handler, 'information-requests', { note: '请提供扣款短信截图说明' });
  await relay();
  assert.ok(mb.mails.some((m) => m.text.includes('扣款短信截图')), 'information request e-mail');

  view = await k.app.inject({ method: 'GET', url: '/api/v1/portal/complaint', headers: portal });
  assert.equal(view.json().canSupplyInformation, true);
  const supply = await k.app.inject({ method: 'POST', url: '/api/v1/portal/complaint/information', headers: portal, payload: { note: '扣款时间为11月20日14:05，短信已保存' } });
  assert.equal(supply.statusCode, 200, supply.body);
  assert.equal(supply.json().status, 'in_progress');

  await step(handler, 'decision', { outcome: 'upheld', remedy: '已退回扣款', factsChecked: '系统故障导致重复扣款', basisAndReasons: '交易日志显示转账未成功', remediesOpen: ['review', 'mediation', 'arbitration', 'lawsuit'] });
  await step(handler, 'feedback', { channel: 'email' });
  await relay();
  const notice = mb.mails.find((m) => m.text.includes('系统故障导致重复扣款'));
  assert.ok(notice, 'decision notice e-mail states the facts checked');
  assert.match(notice.text, /银行业保险业消费投诉处理管理办法/);

  view = await k.app.inject({ method: 'GET', url: '/api/v1/portal/complaint', headers: portal });
  assert.equal(view.json().decision.outcome, 'upheld');
  assert.equal(view.json().canRate, true);
  const rate = await k.app.inject({ method: 'POST', url: '/api/v1/portal/complaint/satisfaction', headers: portal, payload: { level: 'basically_satisfied', scores: { handlingTime: 3, resolution: 4, communication: 4, followUpService: 3 }, comment: '<script>alert(1)</script>' } });
  assert.equal(rate.statusCode, 200, rate.body);
  const review = await k.app.inject({ method: 'POST', url: '/api/v1/portal/complaint/review', headers: portal, payload: { reason: '希望赔偿利息损失' } });
  assert.equal(review.statusCode, 200, review.body);
  assert.equal(review.json().status, 'under_review');

  const notified = await k.deps.db.selectFrom('audit_entry').select('kind').where('entity_id', '=', id).where('kind', '=', 'CUSTOMER_NOTIFIED').execute();
  assert.ok(notified.length >= 3);
  // The portal session reaches only its own complaint: the staff API refuses its cookie.
  const other = await k.app.inject({ method: 'GET', url: `/api/v1/complaints/${id}`, headers: portal });
  assert.equal(other.statusCode, 401);
});

test('after the 30-day window a review request gets a clear error with the date it closed', async () => {
  const sub = await k.app.inject({ method: 'POST', url: '/api/v1/portal/complaints', payload: { complainant: { name: '赵六', email: 'zhao@example.com' }, content: '理财经理承诺保本，结果亏损', demand: '赔偿损失', consent: true } });
  const trackingNo = sub.json().trackingNo as string;
  const id = (await k.deps.db.selectFrom('complaint').select('id').where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow()).id;
  for (const [who, a, b] of [
    [agent, 'accept', {}], [agent, 'classify', { category: 'product', complexity: 'general' }], [sup, 'assign', { handlingUnitId: k.units.HQ, handlerId: handler.id }], [handler, 'start', {}],
    [handler, 'decision', { outcome: 'not_upheld', remedy: '无', factsChecked: '风险揭示书已签署', basisAndReasons: '产品为非保本型', remediesOpen: ['review', 'mediation', 'arbitration', 'lawsuit'] }],
    [handler, 'feedback', { channel: 'email' }],
  ] as const) {
    const r = await k.as(who, { method: 'POST', url: `/api/v1/complaints/${id}/${a}`, payload: b });
    assert.equal(r.statusCode, 200, r.body);
  }
  await relay();
  await k.app.inject({ method: 'POST', url: '/api/v1/portal/otp', payload: { trackingNo, via: 'email' } });
  await relay();
  const code = /(\d{6})/.exec(mb.mails.at(-1)!.text)![1]!;
  const s = await k.app.inject({ method: 'POST', url: '/api/v1/portal/session', payload: { trackingNo, code } });
  const portal = { cookie: cookieOf(s), 'x-csrf-token': s.json().csrfToken as string };
  k.clock.advance(31 * 86_400_000);
  // The portal session has an hour of life: sign in again after the clock moved.
  await k.app.inject({ method: 'POST', url: '/api/v1/portal/otp', payload: { trackingNo, via: 'email' } });
  await relay();
  const code2 = /(\d{6})/.exec(mb.mails.at(-1)!.text)![1]!;
  const s2 = await k.app.inject({ method: 'POST', url: '/api/v1/portal/session', payload: { trackingNo, code: code2 } });
  const portal2 = { cookie: cookieOf(s2), 'x-csrf-token': s2.json().csrfToken as string };
  void portal;
  const late = await k.app.inject({ method: 'POST', url: '/api/v1/portal/complaint/review', headers: portal2, payload: { reason: '不服' } });
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().error.code, 'REVIEW_WINDOW_CLOSED');
  assert.match(String(late.json().error.details.closesOn), /^\d{4}-\d{2}-\d{2}$/);
});

test('a notice is delivered exactly once even when a worker dies between claiming and sending', async () => {
  const before = mb.mails.length;
  const sub = await k.app.inject({ method: 'POST', url: '/api/v1/portal/complaints', payload: { complainant: { name: '钱七', email: 'qian@example.com' }, content: 'ATM吞卡', demand: '退卡', consent: true } });
  const trackingNo = sub.json().trackingNo as string;
  // A worker claims the event and "crashes" (never completes it).
  const claimed = await claimOutbox(k.deps.db, 'dead-worker', k.clock.now(), 50, 60_000);
  assert.ok(claimed.some((e) => e.topic === 'complaint.registered'));
  await relay();
  assert.equal(mb.mails.length, before, 'nothing is sent while the dead worker\'s lease holds');
  k.clock.advance(61_000);
  await relay();
  await relay();
  const mine = mb.mails.slice(before).filter((m) => m.text.includes(trackingNo));
  assert.equal(mine.length, 1);
});
