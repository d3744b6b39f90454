// The acknowledgement goes to every contact the complainant gave; a channel that fails is retried by the outbox without
// sending again what already went out, and each delivery is on the complaint's timeline once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testKesu, standardTree, type TestKesu } from '../support/app.ts';
import { BODY } from '../support/fixtures.ts';
import { Worker } from '../../src/worker/worker.ts';
import { outboxHandlers } from '../../src/worker/registry.ts';
import { TransportError, type EmailMessage, type SmsMessage, type Transports } from '../../src/notify/transport.ts';
import { createComplaint, type IntakeInput } from '../../src/app/complaints/intake.ts';
import { systemCtx } from '../../src/app/context.ts';
import { permissionsOf } from '../../src/core/access/permissions.ts';

const mails: EmailMessage[] = [];
const texts: SmsMessage[] = [];
let smsDown = true;
/** Numbers the gateway refuses for now (retryable). */
const busy = new Set<string>();
const transports: Transports = {
  email: { channel: 'email', configured: true, close: async () => {}, send: async (m) => (mails.push(m), { providerId: `m${mails.length}` }) },
  sms: {
    channel: 'sms',
    configured: true,
    close: async () => {},
    send: async (m) => {
      if (smsDown || busy.has(m.to)) throw new TransportError({ channel: 'sms', code: 'HTTP_STATUS', status: 503, retryable: true, message: 'gateway unavailable' });
      texts.push(m);
      return { providerId: `s${texts.length}` };
    },
  },
};

let k: TestKesu;
let worker: Worker;
before(async () => {
  k = await testKesu({ deps: { transports } });
  await standardTree(k);
  worker = new Worker({ deps: k.deps, handlers: outboxHandlers, jobs: [], pollMs: 1000 });
});
after(async () => k?.close());

test('an acknowledgement by e-mail and SMS: the SMS gateway is down, the retry sends only the SMS, each delivery audited once', async () => {
  const ctx = systemCtx(k.clock.now());
  ctx.actor = { ...ctx.actor, permissions: permissionsOf(['agent']) };
  const input = { ...BODY, complainant: { ...BODY.complainant, email: 'zhangsan@example.com' } } as unknown as IntakeInput;
  const c = await createComplaint(k.deps, ctx, input);

  await worker.relayOutbox();
  assert.equal(mails.length, 1);
  assert.deepEqual([mails[0]!.to, texts.length], ['zhangsan@example.com', 0]);
  assert.ok(mails[0]!.text.includes(c.row!.tracking_no), 'the acknowledgement carries the tracking number');
  assert.ok(mails[0]!.text.includes('张三'), 'addressed to the complainant by name');

  // Nothing is due before the backoff ends; after it, only the SMS goes out.
  smsDown = false;
  assert.equal(await worker.relayOutbox(), 0);
  k.clock.advance(60_000);
  assert.equal(await worker.relayOutbox(), 1);
  assert.equal(mails.length, 1, 'the e-mail is not sent again');
  assert.equal(texts.length, 1);
  assert.equal(texts[0]!.to, '13912345678');
  assert.ok(texts[0]!.text.includes(c.row!.tracking_no));

  const notified = await k.deps.db.selectFrom('audit_entry').select('data').where('entity_id', '=', c.id).where('kind', '=', 'CUSTOMER_NOTIFIED').orderBy('id').execute();
  assert.deepEqual(notified.map((e) => [e.data.notice, e.data.channel]), [['acknowledgement', 'email'], ['acknowledgement', 'sms']]);
  const rows = await k.deps.db.selectFrom('notification').select(['channel', 'status', 'attempts']).where('complaint_id', '=', c.id).orderBy('channel').execute();
  assert.deepEqual(rows, [{ channel: 'email', status: 'sent', attempts: 1 }, { channel: 'sms', status: 'sent', attempts: 2 }]);
});

test('a retried notice is the one stored at the first attempt, even if the complaint changed meanwhile', async () => {
  const ctx = systemCtx(k.clock.now());
  ctx.actor = { ...ctx.actor, permissions: permissionsOf(['agent']) };
  const phone = '13700001111';
  busy.add(phone);
  await createComplaint(k.deps, ctx, { ...BODY, complainant: { name: '王五', phone } } as unknown as IntakeInput);
  await worker.relayOutbox();
  assert.equal(texts.filter((t) => t.to === phone).length, 0);
  // The bank's name as the message signs it changes before the retry; the retry still sends the message as written.
  const head = await k.deps.db.selectFrom('org_unit').select(['id', 'name']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
  await k.deps.db.updateTable('org_unit').set({ name: '改名银行' }).where('id', '=', head.id).execute();
  busy.delete(phone);
  k.clock.advance(60_000);
  await worker.relayOutbox();
  const sent = texts.filter((t) => t.to === phone);
  assert.equal(sent.length, 1);
  assert.ok(sent[0]!.text.includes(`【${head.name}】`) && !sent[0]!.text.includes('改名银行'), sent[0]!.text);
  await k.deps.db.updateTable('org_unit').set({ name: head.name }).where('id', '=', head.id).execute();
});

test('a batch of acknowledgements: one number the gateway refuses delays only its own event; the others are done', async () => {
  const ctx = systemCtx(k.clock.now());
  ctx.actor = { ...ctx.actor, permissions: permissionsOf(['agent']) };
  const phones = ['13800000001', '13800000002', '13800000003'];
  busy.add(phones[1]!);
  const ids: string[] = [];
  for (const [i, phone] of phones.entries()) {
    const input = { ...BODY, complainant: { name: `客户${i}`, phone, email: `c${i}@example.com` }, content: `${BODY.content}（${i}）` } as unknown as IntakeInput;
    ids.push((await createComplaint(k.deps, ctx, input)).id);
  }
  const mailsBefore = mails.length;
  const textsBefore = texts.length;
  assert.equal(await worker.relayOutbox(), 3, 'the three events are claimed together');
  assert.equal(mails.length - mailsBefore, 3);
  assert.deepEqual(texts.slice(textsBefore).map((t) => t.to).sort(), [phones[0], phones[2]]);
  const events = await k.deps.db.selectFrom('outbox').select(['aggregate_id', 'done_at', 'attempts', 'last_error']).where('aggregate_id', 'in', ids).where('topic', '=', 'complaint.registered').execute();
  const byId = new Map(events.map((e) => [e.aggregate_id, e]));
  assert.ok(byId.get(ids[0]!)!.done_at && byId.get(ids[2]!)!.done_at);
  assert.equal(byId.get(ids[1]!)!.done_at, null, 'the refused one waits for its retry');
  assert.match(byId.get(ids[1]!)!.last_error ?? '', /gateway unavailable/);

  busy.clear();
  k.clock.advance(60_000);
  assert.equal(await worker.relayOutbox(), 1);
  assert.equal(mails.length - mailsBefore, 3, 'no e-mail sent twice');
  assert.deepEqual(texts.slice(textsBefore).map((t) => t.to).sort(), phones);
});

test('a notice the gateway can never send (not retryable) is dead-lettered at once and does not hold up its event', async () => {
  const ctx = systemCtx(k.clock.now());
  ctx.actor = { ...ctx.actor, permissions: permissionsOf(['agent']) };
  const input = { ...BODY, complainant: { name: '李四', phone: '13800000009', email: 'lisi@example.com' }, content: `${BODY.content}（李四）` } as unknown as IntakeInput;
  const never = transports.sms.send;
  (transports.sms as { send: typeof never }).send = async () => {
    throw new TransportError({ channel: 'sms', code: 'NOT_CONFIGURED', retryable: false, message: 'no gateway' });
  };
  try {
    const c = await createComplaint(k.deps, ctx, input);
    assert.equal(await worker.relayOutbox(), 1);
    const rows = await k.deps.db.selectFrom('notification').select(['channel', 'status', 'attempts', 'last_error']).where('complaint_id', '=', c.id).orderBy('channel').execute();
    assert.deepEqual(rows, [
      { channel: 'email', status: 'sent', attempts: 1, last_error: null },
      { channel: 'sms', status: 'dead', attempts: 1, last_error: 'NOT_CONFIGURED' },
    ]);
    const ev = await k.deps.db.selectFrom('outbox').select('done_at').where('aggregate_id', '=', c.id).where('topic', '=', 'complaint.registered').executeTakeFirstOrThrow();
    assert.ok(ev.done_at, 'the event is done: retrying cannot help');
  } finally {
    (transports.sms as { send: typeof never }).send = never;
  }
});
