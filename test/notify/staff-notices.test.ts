// Notices to staff: the SLA sweep's breach / statutory-near events and risk warnings reach the right people — an
// in-app notice and an e-mail to a real (local) SMTP server — once per event, whatever the outbox redelivers; and
// each user's inbox is their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testKesu, standardTree, type TestKesu, type Staff, complaintInHandling } from '../support/app.ts';
import { startMailbox, type Mailbox } from '../support/smtp.ts';
import { BODY } from '../support/fixtures.ts';
import { Worker, type OutboxHandler } from '../../src/worker/worker.ts';
import { outboxHandlers } from '../../src/worker/registry.ts';
import { sweepSla } from '../../src/worker/jobs/sla-sweep.ts';

let k: TestKesu;
let mb: Mailbox;
let worker: Worker;
let agent: Staff, handler: Staff, sup: Staff, supBranch: Staff, cpHead: Staff;
let agentSh: Staff, handlerSh: Staff, supSh: Staff, cpShDept: Staff;

const ADDR: Record<string, string> = {};

before(async () => {
  mb = await startMailbox();
  k = await testKesu({ deps: { transports: mb.transports, publicBaseUrl: 'https://kesu.bank.example' } });
  await standardTree(k);
  await k.unit('SHCP', '上海分行消费者权益保护部', 'department', 'SH');
  agent = await k.staff('agent1', ['agent'], 'BJ01');
  handler = await k.staff('handler1', ['handler'], 'BJ01');
  sup = await k.staff('sup1', ['supervisor'], 'BJ01');
  supBranch = await k.staff('supbj', ['supervisor'], 'BJ');
  cpHead = await k.staff('cphq', ['consumer_protection'], 'HQ');
  agentSh = await k.staff('agentsh', ['agent'], 'SH');
  handlerSh = await k.staff('handlersh', ['handler'], 'SH');
  supSh = await k.staff('supsh', ['supervisor'], 'SH');
  cpShDept = await k.staff('cpsh', ['consumer_protection'], 'SHCP'); // no e-mail address
  await k.staff('supoff', ['supervisor'], 'BJ01').then((s) => sql`UPDATE app_user SET status = 'disabled' WHERE id = ${s.id}`.execute(k.deps.db));
  for (const s of [handler, sup, supBranch, cpHead, handlerSh, supSh]) {
    ADDR[s.id] = `${s.username}@bank.example`;
    await sql`UPDATE app_user SET email_enc = ${k.deps.keyring.encrypt('email', ADDR[s.id]!)} WHERE id = ${s.id}`.execute(k.deps.db);
  }
  worker = new Worker({ deps: k.deps, handlers: outboxHandlers, jobs: [], pollMs: 1000 });
});
after(async () => {
  await k?.close();
  await mb?.close();
});

const relay = async () => {
  while ((await worker.relayOutbox()) > 0);
};

const inProgress = (receivedAt: string, who: { agent: Staff; sup: Staff; handler: Staff }, unit: string) => complaintInHandling(k, receivedAt, who, unit);

const decideRow = (id: string) =>
  k.deps.db.selectFrom('complaint_deadline').selectAll().where('complaint_id', '=', id).where('step', '=', 'decide').executeTakeFirstOrThrow();

async function notices(where: { complaintId?: string; warningId?: string; kind: string }) {
  let q = k.deps.db.selectFrom('staff_notice').selectAll().where('kind', '=', where.kind);
  if (where.complaintId) q = q.where('complaint_id', '=', where.complaintId);
  if (where.warningId) q = q.where('warning_id', '=', where.warningId);
  return q.orderBy('user_id').execute();
}

const PERSONAL = [BODY.complainant.name, BODY.complainant.phone, BODY.complainant.idNumber, BODY.content, BODY.demand];
function assertNoPersonalData(text: string): void {
  for (const p of PERSONAL) assert.ok(!text.includes(p), `no complainant data in a staff notice (${p.slice(0, 4)}…)`);
}

let breached: { id: string; trackingNo: string };

test('a tier-1 breach of "decide" notifies the handler and the unit\'s supervisor, in the console and by e-mail, once even when the event is delivered twice', async () => {
  breached = await inProgress('2025-01-27T10:00:00+08:00', { agent, sup, handler }, 'BJ01');
  const { id, trackingNo } = breached;
  const decide = await decideRow(id);
  assert.equal(decide.binding, 'statutory');
  const due = decide.effective_due_at.getTime(); // 11 February 2025 23:59:59 Beijing time

  // Everything that fires before the limit (earlier steps, at risk, statutory near) is delivered first.
  k.clock.set(new Date(due - 60_000));
  await sweepSla(k.deps, k.clock.now());
  await relay();
  assert.deepEqual(await notices({ complaintId: id, kind: 'sla_breached' }).then((n) => n.filter((x) => x.title_zh.includes('处理决定'))), []);
  const mailsBefore = mb.mails.length;

  k.clock.set(new Date(due + 1_000));
  assert.ok((await sweepSla(k.deps, k.clock.now())).breached >= 1);
  await relay();
  const inApp = (await notices({ complaintId: id, kind: 'sla_breached' })).filter((n) => n.title_zh.includes('处理决定'));
  assert.deepEqual(inApp.map((n) => n.user_id).sort(), [handler.id, sup.id].sort(), 'the handler and the supervisor of BJ01 — not the branch supervisor, not a disabled one');
  for (const n of inApp) {
    assert.equal(n.title_zh, `投诉 ${trackingNo}「处理决定」已超时`);
    assert.equal(n.title_en, `Complaint ${trackingNo}: "Decision" is overdue`);
    assert.match(n.body_zh, /截止时间：2025年2月11日 23:59（北京时间）/);
    assert.match(n.body_zh, /计时依据：法定时限/);
    assert.match(n.body_zh, /处理层级：第1级（已自动升级至第2级）/);
    assert.match(n.body_en, /Due: 11 February 2025, 23:59 \(Beijing time\)/);
    assert.match(n.body_en, /Binding clock: statutory limit/);
    assert.equal(n.read_at, null);
    assertNoPersonalData(n.title_zh + n.title_en + n.body_zh + n.body_en);
  }
  assert.match(inApp.find((n) => n.user_id === sup.id)!.body_zh, /处理机构主管/, 'says why this person is told');

  const mails = mb.mails.slice(mailsBefore).filter((m) => m.subject.includes(trackingNo) && m.subject.includes('处理决定'));
  assert.deepEqual(mails.map((m) => m.to).flat().sort(), [ADDR[handler.id], ADDR[sup.id]].sort());
  for (const m of mails) {
    assert.equal(m.subject, `投诉 ${trackingNo}「处理决定」已超时 / Complaint ${trackingNo}: "Decision" is overdue`);
    assert.ok(m.text.indexOf('截止时间') < m.text.indexOf('Due:'), 'zh-CN first, then English');
    assert.ok(m.text.includes(`https://kesu.bank.example/app/complaints/${id}`), 'links to the complaint in the console');
    assertNoPersonalData(m.subject + m.text);
  }
  const sent = await k.deps.db.selectFrom('notification').select(['status', 'complaint_id']).where('kind', '=', 'staff_notice').where('complaint_id', '=', id).where('status', '=', 'sent').execute();
  assert.ok(sent.length >= 2);
  const timeline = await k.deps.db.selectFrom('audit_entry').select('kind').where('entity_id', '=', id).where('kind', '=', 'CUSTOMER_NOTIFIED').execute();
  assert.equal(timeline.length, 0, 'an e-mail to staff is not a notice to the complainant');

  // The outbox delivers the event again (a worker died after sending, before marking it done), and a handler is
  // called once more by hand: no second notice, no second e-mail.
  const ev = (await k.deps.db.selectFrom('outbox').select(['id', 'topic', 'aggregate_type', 'aggregate_id', 'payload', 'attempts']).where('topic', '=', 'sla.breached').where('aggregate_id', '=', id).execute())
    .find((e) => e.payload.step === 'decide')!;
  assert.deepEqual(ev.payload.notify, ['supervisor']);
  await sql`UPDATE outbox SET done_at = NULL, claimed_until = NULL, available_at = ${k.clock.now()} WHERE id = ${ev.id}`.execute(k.deps.db);
  await relay();
  await (outboxHandlers['sla.breached'] as OutboxHandler)({ id: Number(ev.id), topic: ev.topic, aggregateType: ev.aggregate_type, aggregateId: ev.aggregate_id, payload: ev.payload, attempts: 3 }, k.deps);
  const again = (await notices({ complaintId: id, kind: 'sla_breached' })).filter((n) => n.title_zh.includes('处理决定'));
  assert.equal(again.length, 2);
  assert.equal(mb.mails.slice(mailsBefore).filter((m) => m.subject.includes(trackingNo) && m.subject.includes('处理决定')).length, 2);
});

test('a statutory limit two working days away notifies consumer protection of the branch, else of the head office', async () => {
  const bj = await inProgress('2025-03-03T10:00:00+08:00', { agent, sup, handler }, 'BJ01');
  const sh = await inProgress('2025-03-03T10:00:00+08:00', { agent: agentSh, sup: supSh, handler: handlerSh }, 'SH');
  const warnAt = (await decideRow(bj.id)).statutory_warn_at!;
  assert.equal((await decideRow(sh.id)).statutory_warn_at!.getTime(), warnAt.getTime());
  k.clock.set(new Date(warnAt.getTime() - 1_000));
  await sweepSla(k.deps, k.clock.now());
  await relay();
  assert.equal((await notices({ complaintId: bj.id, kind: 'sla_statutory_near' })).length, 0, 'not before the warning time');
  const mailsBefore = mb.mails.length;

  k.clock.set(new Date(warnAt.getTime() + 1_000));
  assert.equal((await sweepSla(k.deps, k.clock.now())).statutoryNear, 2);
  await relay();
  const bjNotices = await notices({ complaintId: bj.id, kind: 'sla_statutory_near' });
  assert.deepEqual(bjNotices.map((n) => n.user_id).sort(), [handler.id, cpHead.id].sort(), 'BJ branch has no consumer protection: the head office');
  const shNotices = await notices({ complaintId: sh.id, kind: 'sla_statutory_near' });
  assert.deepEqual(shNotices.map((n) => n.user_id).sort(), [handlerSh.id, cpShDept.id].sort(), 'SH branch: its consumer-protection department');
  const cp = bjNotices.find((n) => n.user_id === cpHead.id)!;
  assert.equal(cp.title_zh, `投诉 ${bj.trackingNo}「处理决定」临近法定时限`);
  assert.match(cp.body_zh, /法定时限：2025年3月18日 23:59（北京时间）/);
  assert.match(cp.body_en, /Statutory limit: 18 March 2025, 23:59 \(Beijing time\)/);
  assert.match(cp.body_zh, /消费者权益保护岗/);

  const mails = mb.mails.slice(mailsBefore).filter((m) => m.subject.includes('临近法定时限'));
  assert.deepEqual(mails.map((m) => m.to).flat().sort(), [ADDR[cpHead.id], ADDR[handler.id], ADDR[handlerSh.id]].sort(), 'e-mail to each recipient with an address');
  for (const m of mails) assertNoPersonalData(m.subject + m.text);
});

test('a risk warning notifies its owner', async () => {
  // The statutory breach of the first test raised "any breach of a statutory limit" (owner: consumer protection).
  const w = await sql<{ id: string; owner_id: string; name: string; name_en: string }>`
    SELECT w.id, w.owner_id, i.name, i.name_en FROM risk_warning w JOIN risk_indicator i ON i.id = w.indicator_id
    WHERE i.code = 'STATUTORY_BREACH' AND w.period_start = '2025-02-11'`.execute(k.deps.db);
  const warning = w.rows[0];
  assert.ok(warning, 'the breach raised a warning');
  assert.equal(warning.owner_id, cpHead.id);
  const n = await notices({ warningId: warning.id, kind: 'risk_warning_raised' });
  assert.deepEqual(n.map((x) => x.user_id), [cpHead.id]);
  assert.equal(n[0]!.title_zh, `风险警报：${warning.name}`);
  assert.equal(n[0]!.title_en, `Risk alarm: ${warning.name_en}`);
  assert.match(n[0]!.body_zh, /^范围：全机构$/m);
  assert.match(n[0]!.body_en, /^Scope: whole institution$/m);
  assert.match(n[0]!.body_zh, /级别：警报/);
  assert.match(n[0]!.body_en, /Indicator: Any breach of a statutory limit \(STATUTORY_BREACH\)/);
  assert.equal(n[0]!.complaint_id, null);
  const mail = mb.mails.filter((m) => m.subject.startsWith(`风险警报：${warning.name}`));
  assert.equal(mail.length, 1);
  assert.deepEqual(mail[0]!.to, [ADDR[cpHead.id]]);
  assert.ok(mail[0]!.text.includes(`https://kesu.bank.example/app/warnings/${warning.id}`));
});

test('my notices: newest first with the unread count, page by page; marking read; another user\'s notice is 404', async () => {
  const list = await k.as(handler, { method: 'GET', url: '/api/v1/me/notices' });
  assert.equal(list.statusCode, 200, list.body);
  const body = list.json() as { items: Array<{ id: string; createdAt: string; readAt: string | null; titleZh: string; bodyEn: string }>; unreadCount: number; nextCursor: string | null };
  const mine = await k.deps.db.selectFrom('staff_notice').select(['id', 'read_at']).where('user_id', '=', handler.id).execute();
  assert.ok(mine.length >= 3);
  assert.deepEqual(body.items.map((i) => i.id).sort(), mine.map((m) => m.id).sort(), 'the handler\'s own notices and no one else\'s');
  assert.equal(body.unreadCount, mine.length);
  const times = body.items.map((i) => i.createdAt);
  assert.deepEqual(times, [...times].sort().reverse(), 'newest first');

  // Keyset pages of one.
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const p = await k.as(handler, { method: 'GET', url: `/api/v1/me/notices?limit=1${cursor ? `&cursor=${cursor}` : ''}` });
    assert.equal(p.statusCode, 200, p.body);
    seen.push(...p.json().items.map((i: { id: string }) => i.id));
    cursor = p.json().nextCursor;
  } while (cursor);
  assert.deepEqual(seen, body.items.map((i) => i.id));

  // Someone else's notice: neither readable in their list nor markable — it does not exist for them.
  const target = body.items[0]!;
  const other = await k.as(sup, { method: 'GET', url: '/api/v1/me/notices' });
  assert.ok(!other.json().items.some((i: { id: string }) => i.id === target.id));
  const steal = await k.as(sup, { method: 'POST', url: `/api/v1/me/notices/${target.id}/read`, payload: {} });
  assert.equal(steal.statusCode, 404);
  assert.equal(steal.json().error.code, 'NOT_FOUND');
  const stealAll = await k.as(sup, { method: 'POST', url: '/api/v1/me/notices/read-all', payload: {} });
  assert.equal(stealAll.statusCode, 200);
  assert.equal((await k.deps.db.selectFrom('staff_notice').select('read_at').where('id', '=', target.id).executeTakeFirstOrThrow()).read_at, null);

  // The owner marks it read: the unread count drops, the unread filter leaves it out; marking again changes nothing.
  const read = await k.as(handler, { method: 'POST', url: `/api/v1/me/notices/${target.id}/read`, payload: {} });
  assert.equal(read.statusCode, 200, read.body);
  assert.equal(read.json().unreadCount, mine.length - 1);
  assert.ok(read.json().readAt);
  const readAgain = await k.as(handler, { method: 'POST', url: `/api/v1/me/notices/${target.id}/read`, payload: {} });
  assert.equal(readAgain.json().readAt, read.json().readAt);
  const unread = await k.as(handler, { method: 'GET', url: '/api/v1/me/notices?unread=true' });
  assert.equal(unread.json().items.length, mine.length - 1);
  assert.ok(!unread.json().items.some((i: { id: string }) => i.id === target.id));

  const all = await k.as(handler, { method: 'POST', url: '/api/v1/me/notices/read-all', payload: {} });
  assert.deepEqual(all.json(), { marked: mine.length - 1, unreadCount: 0 });
  assert.equal((await k.as(handler, { method: 'GET', url: '/api/v1/me/notices?unread=true' })).json().items.length, 0);

  const missing = await k.as(handler, { method: 'POST', url: '/api/v1/me/notices/00000000-0000-4000-8000-000000000000/read', payload: {} });
  assert.equal(missing.statusCode, 404);
  const noSession = await k.app.inject({ method: 'GET', url: '/api/v1/me/notices' });
  assert.equal(noSession.statusCode, 401);
});
