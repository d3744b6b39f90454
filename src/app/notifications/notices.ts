// Customer notices: outbox events become notification rows (one per event × kind × channel × recipient, so a
// retried event never sends twice), which are rendered from the active template and sent through a transport.
// Sending failures are retried by the outbox with backoff; after the last attempt the notice is dead-lettered.
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { ClaimedEvent } from '../../db/outbox.ts';
import { appendAudit, appendAuditMany } from '../../db/audit.ts';
import { enqueue } from '../../db/outbox.ts';
import { systemCtx } from '../context.ts';
import { DEFAULT_TEMPLATES, renderTemplate, type NotificationTemplate, type TemplateKind, type TemplateVars } from '../../core/notify/index.ts';
import { TransportError, type Transports } from '../../notify/transport.ts';
import { MAX_ATTEMPTS } from '../../core/notify/retry.ts';

export interface NoticeDeps extends Deps {
  transports?: Transports;
  publicBaseUrl?: string;
  serviceHotline?: string;
}

const OUTCOME_TEXT: Record<string, { 'zh-CN': string; en: string }> = {
  upheld: { 'zh-CN': '您的投诉成立。', en: 'Your complaint is upheld.' },
  partly_upheld: { 'zh-CN': '您的投诉部分成立。', en: 'Your complaint is partly upheld.' },
  not_upheld: { 'zh-CN': '您的投诉不成立。', en: 'Your complaint is not upheld.' },
};

/** Which notices an event asks for. */
export function kindsFor(topic: string, payload: Record<string, unknown>): TemplateKind[] {
  switch (topic) {
    case 'complaint.registered':
      return Array.isArray(payload.missing) && payload.missing.length ? [] : ['acknowledgement'];
    case 'complaint.information_requested':
      return ['information_request'];
    case 'complaint.information_supplied':
      return ['acknowledgement'];
    case 'customer_notice.requested':
      return payload.notice === 'review_decided' ? ['review_outcome'] : ['extension_notice'];
    case 'complaint.feedback_sent':
      return ['decision_notice', 'satisfaction_request'];
    case 'portal.otp_requested':
      return ['portal_otp'];
    default:
      return [];
  }
}

async function activeTemplate(deps: Deps, kind: TemplateKind): Promise<NotificationTemplate> {
  const t = await deps.db.selectFrom('notification_template').select('content').where('kind', '=', kind).where('active', '=', true).executeTakeFirst();
  return t ? (t.content as unknown as NotificationTemplate) : DEFAULT_TEMPLATES[kind];
}

/** Everything the notices of a batch of events read, in one query: each complaint, the head office's name, the decide
 * clock. */
async function noticeContexts(deps: Deps, complaintIds: readonly string[]) {
  if (complaintIds.length === 0) return [];
  return deps.db
    .selectFrom('complaint as c')
    .leftJoin('complaint_deadline as d', (j) => j.onRef('d.complaint_id', '=', 'c.id').on('d.step', '=', 'decide'))
    // The columns notices use, not the whole row (its texts, search text and snapshot are most of a complaint's bytes).
    .select(['c.id', 'c.tracking_no', 'c.name_enc', 'c.phone_enc', 'c.email_enc', 'c.received_at', 'c.missing', 'c.decision', 'c.decided_at', 'c.updated_at', 'c.review', 'c.review_decided_at'])
    .select((eb) => [
      eb.selectFrom('org_unit').select('name').where('parent_id', 'is', null).limit(1).as('head_name'),
      'd.statutory_due_at as decide_statutory_due_at',
      'd.effective_due_at as decide_effective_due_at',
    ])
    .where('c.id', 'in', complaintIds)
    .execute();
}
type NoticeContext = Awaited<ReturnType<typeof noticeContexts>>[number];

async function varsFor(deps: NoticeDeps, kind: TemplateKind, c: NoticeContext, payload: Record<string, unknown>): Promise<TemplateVars> {
  const head = c.head_name === null ? undefined : { name: c.head_name };
  const decideDue = { statutory_due_at: c.decide_statutory_due_at, effective_due_at: c.decide_effective_due_at };
  const name = c.name_enc ? await deps.keyring.decrypt('name', c.name_enc) : '';
  const base = {
    complainant_name: name || '客户',
    org_name: head?.name ?? 'Kesu',
    tracking_no: c.tracking_no,
    portal_url: `${deps.publicBaseUrl ?? 'http://localhost:3000'}/portal`,
    service_hotline: deps.serviceHotline ?? '95000',
    received_date: c.received_at,
  };
  const decision = (c.decision ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'acknowledgement':
      return { ...base, decision_due_date: decideDue.statutory_due_at ?? decideDue.effective_due_at ?? c.received_at };
    case 'information_request': {
      const fields = (payload.fields as string[] | undefined) ?? c.missing;
      const labels: Record<string, string> = { identity: '投诉人身份信息', contact: '联系方式', content: '投诉事项（发生了什么）', demand: '诉求（希望如何处理）' };
      const items = fields.map((f) => labels[f] ?? f);
      if (typeof payload.note === 'string' && payload.note) items.push(payload.note);
      return { ...base, missing_items: items.length ? items : ['补充材料'], reply_by_date: new Date(c.received_at.getTime() + 15 * 86_400_000) };
    }
    case 'extension_notice':
      return { ...base, extension_reason: String(payload.reason ?? '案情复杂，需要进一步核实'), new_due_date: decideDue.statutory_due_at ?? decideDue.effective_due_at ?? c.received_at };
    case 'decision_notice':
      return {
        ...base,
        facts_checked: String(decision.factsChecked ?? ''),
        basis_and_reasons: String(decision.basisAndReasons ?? ''),
        outcome: OUTCOME_TEXT[String(decision.outcome)]?.['zh-CN'] ?? '',
        remedy: String(decision.remedy ?? ''),
        review_body: `${head?.name ?? ''}`,
        decision_date: c.decided_at ?? c.updated_at,
      };
    case 'review_outcome': {
      const review = (c.review ?? {}) as Record<string, unknown>;
      return {
        ...base,
        review_body: head?.name ?? '',
        review_findings: String(review.reasons ?? ''),
        review_result: review.result === 'maintained' ? '维持原处理决定。' : '变更原处理决定。',
        decision_date: c.review_decided_at ?? c.updated_at,
      };
    }
    case 'satisfaction_request':
      return { ...base, survey_url: `${base.portal_url}` };
    case 'follow_up':
      return { ...base, follow_up_summary: String(payload.note ?? '') };
    case 'portal_otp':
      return { org_name: base.org_name, otp_code: String(payload.code ?? ''), otp_valid_minutes: 10, service_hotline: base.service_hotline };
  }
}

function hashOf(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

/**
 * Outbox batch handler: creates the notices a batch of events asks for (idempotently, one row per event × kind ×
 * channel × recipient) and sends the pending ones. Under load the worker claims dozens of events at once, and the
 * statements here do not grow with their number: one read of the complaints, one write-and-read of the notification
 * rows, one transaction marking what went out. Returns, per event, the retryable failure that should make the outbox
 * retry it (sent notices are not sent again).
 */
export async function handleNoticeEvents(events: readonly ClaimedEvent[], deps: NoticeDeps): Promise<Map<number, Error>> {
  const wanted = events
    .map((event) => ({ event, complaintId: (event.payload.complaintId as string | undefined) ?? event.aggregateId, kinds: kindsFor(event.topic, event.payload) }))
    .filter((x): x is { event: ClaimedEvent; complaintId: string; kinds: TemplateKind[] } => !!x.complaintId && x.kinds.length > 0);
  const contexts = new Map((await noticeContexts(deps, [...new Set(wanted.map((x) => x.complaintId))])).map((c) => [c.id, c]));
  const rows = [];
  // What this batch encrypted, by dedupe key: a row it inserts is sent from these instead of being decrypted again.
  const plain = new Map<string, Plaintext>();
  const now = deps.clock();
  for (const { event, complaintId, kinds } of wanted) {
    const c = contexts.get(complaintId);
    if (!c) continue;
    const recipients: Array<{ channel: 'email' | 'sms'; to: string }> = [];
    if (c.email_enc) recipients.push({ channel: 'email', to: await deps.keyring.decrypt('email', c.email_enc) });
    if (c.phone_enc) recipients.push({ channel: 'sms', to: await deps.keyring.decrypt('phone', c.phone_enc) });
    const via = event.payload.via as string | undefined; // a one-time code goes where the customer asked
    const payload = { ...event.payload };
    if (event.topic === 'portal.otp_requested' && typeof payload.codeEnc === 'string') payload.code = await deps.keyring.decrypt('otp', payload.codeEnc);
    for (const kind of kinds) {
      const vars = await varsFor(deps, kind, c, payload);
      for (const r of recipients) {
        if (via && via !== r.channel) continue;
        const varsJson = JSON.stringify(vars);
        const dedupeKey = `${event.id}:${kind}:${r.channel}:${hashOf(r.to)}`;
        plain.set(dedupeKey, { to: r.to, varsJson });
        rows.push({
          dedupe_key: dedupeKey,
          complaint_id: complaintId,
          kind,
          channel: r.channel,
          recipient_enc: deps.keyring.encrypt('recipient', r.to),
          vars_enc: deps.keyring.encrypt('vars', varsJson),
          created_at: now,
        });
      }
    }
  }
  const failures = new Map<number, Error>();
  if (wanted.length === 0) return failures;
  // New rows, and rows an earlier attempt of these events left pending (dedupe key `<event id>:…`), in one statement
  // (the CTE's rows are not visible to the outer read, hence the union).
  const eventIds = wanted.map((x) => String(x.event.id));
  const pending = await sql<NotificationRow & { fresh: boolean }>`
    WITH ins AS (
      INSERT INTO notification (dedupe_key, complaint_id, kind, channel, recipient_enc, vars_enc, created_at)
      SELECT * FROM unnest(${rows.map((r) => r.dedupe_key)}::text[], ${rows.map((r) => r.complaint_id)}::uuid[], ${rows.map((r) => r.kind)}::text[],
                           ${rows.map((r) => r.channel)}::text[], ${rows.map((r) => r.recipient_enc)}::text[], ${rows.map((r) => r.vars_enc)}::text[],
                           ${rows.map((r) => r.created_at)}::timestamptz[])
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING *)
    SELECT *, true AS fresh FROM ins
    UNION ALL
    SELECT *, false AS fresh FROM notification
    WHERE complaint_id = ANY(${[...new Set(wanted.map((x) => x.complaintId))]}::uuid[]) AND status = 'pending'
      AND split_part(dedupe_key, ':', 1) = ANY(${eventIds}::text[])
    ORDER BY id`.execute(deps.db);
  const eventOf = (n: NotificationRow) => Number(n.dedupe_key.split(':', 1)[0]);
  const attempts = new Map(events.map((e) => [e.id, e.attempts]));
  // Rows an earlier attempt left pending are sent as they were stored (decrypted); rows inserted now from what was
  // just encrypted (the same text, without decrypting it again).
  const fresh = new Set(pending.rows.filter((n) => n.fresh).map((n) => n.dedupe_key));
  const errors = await sendNotifications(deps, pending.rows, (n) => (attempts.get(eventOf(n)) ?? 0) >= MAX_ATTEMPTS, (n) => (fresh.has(n.dedupe_key) ? plain.get(n.dedupe_key) : undefined));
  for (const n of pending.rows) {
    const err = errors.get(Number(n.id));
    if (err?.retryable && !failures.has(eventOf(n))) failures.set(eventOf(n), err);
  }
  return failures;
}

const DATE_KEYS = new Set(['received_date', 'decision_due_date', 'reply_by_date', 'new_due_date', 'decision_date']);

/** Kind of the notification rows that carry the e-mail copy of a staff notice (src/app/notifications/staff-notices.ts):
 * their vars are the finished message ({ subject, text }), not template variables, and sending one is not a notice to
 * the complainant (no CUSTOMER_NOTIFIED on the timeline). Retries, dead letters and resend are the same. */
export const STAFF_EMAIL_KIND = 'staff_notice';

type NotificationRow = Selectable<DB['notification']>;

/** Sends one pending notification; marks it sent (audited, on the timeline) or records the failure. */
export async function sendNotification(deps: NoticeDeps, id: number, lastAttempt: boolean): Promise<TransportError | null> {
  const n = await deps.db.selectFrom('notification').selectAll().where('id', '=', id).executeTakeFirst();
  if (!n) return null;
  return (await sendNotifications(deps, [n], () => lastAttempt)).get(Number(n.id)) ?? null;
}

/** A notification's recipient and variables (JSON) as they were encrypted into its row. */
interface Plaintext {
  to: string;
  varsJson: string;
}

/**
 * Sends pending notifications one by one through their transports, then marks every one that went out as sent and
 * appends their CUSTOMER_NOTIFIED entries in one transaction (a handful of statements whatever their number). A
 * failure is recorded on its row (dead when not retryable or on the last attempt). Returns the failures by row id.
 * `plaintextOf` gives what a row was just encrypted from, so it is sent without decrypting it again.
 */
export async function sendNotifications(
  deps: NoticeDeps,
  rows: readonly NotificationRow[],
  lastAttempt: (n: NotificationRow) => boolean,
  plaintextOf: (n: NotificationRow) => Plaintext | undefined = () => undefined,
): Promise<Map<number, TransportError>> {
  const templates = new Map<string, Promise<NotificationTemplate>>();
  const sent: Array<{ n: NotificationRow; providerId: string }> = [];
  const failures = new Map<number, TransportError>();
  const failed: Array<{ id: number; error: string; dead: boolean }> = [];
  for (const n of rows) {
    if (n.status === 'sent') continue;
    const known = plaintextOf(n);
    const vars = JSON.parse(known?.varsJson ?? (await deps.keyring.decrypt('vars', n.vars_enc))) as Record<string, unknown>;
    for (const k of Object.keys(vars)) if (DATE_KEYS.has(k) && typeof vars[k] === 'string') vars[k] = new Date(vars[k] as string);
    const to = known?.to ?? (await deps.keyring.decrypt('recipient', n.recipient_enc));
    const staff = n.kind === STAFF_EMAIL_KIND;
    let template: NotificationTemplate | null = null;
    if (!staff) {
      const cached = templates.get(n.kind) ?? activeTemplate(deps, n.kind as TemplateKind);
      templates.set(n.kind, cached);
      template = await cached;
    }
    try {
      const rendered: Pick<ReturnType<typeof renderTemplate>, 'email' | 'sms'> = template
        ? renderTemplate(template, vars as TemplateVars, { locale: n.locale as 'zh-CN', channels: [n.channel as 'email' | 'sms'] })
        : { email: { subject: String(vars.subject ?? ''), text: String(vars.text ?? ''), html: '' } }; // plain text only
      const transport = n.channel === 'email' ? deps.transports?.email : deps.transports?.sms;
      if (!transport) throw new TransportError({ channel: n.channel as 'sms', code: 'NOT_CONFIGURED', retryable: false, message: 'no transport' });
      const ref = `n${n.id}`;
      const result =
        n.channel === 'email'
          ? await deps.transports!.email.send({ channel: 'email', to, subject: rendered.email!.subject, text: rendered.email!.text, html: rendered.email!.html, ref })
          : await deps.transports!.sms.send({ channel: 'sms', to, text: rendered.sms!.text, ref });
      sent.push({ n, providerId: result.providerId });
    } catch (e) {
      const err = e instanceof TransportError ? e : new TransportError({ channel: n.channel as 'email', code: 'INVALID_MESSAGE', retryable: false, message: (e as Error).message ?? 'render failed' });
      failures.set(Number(n.id), err);
      failed.push({ id: Number(n.id), error: `${err.code}${err.status ? ` ${err.status}` : ''}`, dead: !err.retryable || lastAttempt(n) });
    }
  }
  if (failed.length) {
    await sql`
      UPDATE notification n SET attempts = n.attempts + 1, last_error = v.error, status = CASE WHEN v.dead THEN 'dead' ELSE n.status END
      FROM unnest(${failed.map((f) => f.id)}::bigint[], ${failed.map((f) => f.error)}::text[], ${failed.map((f) => f.dead)}::boolean[]) AS v(id, error, dead)
      WHERE n.id = v.id`.execute(deps.db);
  }
  if (sent.length) {
    const now = deps.clock();
    await deps.db.transaction().execute(async (trx) => {
      const marked = await sql<{ id: number }>`
        UPDATE notification n SET status = 'sent', sent_at = ${now}, provider_id = v.pid, attempts = n.attempts + 1
        FROM unnest(${sent.map((x) => x.n.id)}::bigint[], ${sent.map((x) => x.providerId)}::text[]) AS v(id, pid)
        WHERE n.id = v.id AND n.status <> 'sent'
        RETURNING n.id`.execute(trx);
      const fresh = new Set(marked.rows.map((r) => Number(r.id)));
      await appendAuditMany(
        trx,
        systemCtx(now),
        sent
          .filter(({ n }) => fresh.has(Number(n.id)) && n.complaint_id && n.kind !== STAFF_EMAIL_KIND)
          .map(({ n }) => ({ entityType: 'complaint', entityId: n.complaint_id, kind: 'CUSTOMER_NOTIFIED' as const, data: { notice: n.kind, channel: n.channel, notificationId: Number(n.id) } })),
      );
    });
  }
  return failures;
}

/** An administrator resends a dead-lettered notice: it goes back to pending and a new outbox event sends it. */
export async function resendNotification(deps: Deps, ctx: import('../context.ts').Ctx, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const n = await trx.updateTable('notification').set({ status: 'pending', attempts: 0, last_error: null }).where('id', '=', id).where('status', '=', 'dead').returning(['id', 'complaint_id', 'kind']).executeTakeFirst();
    if (!n) return;
    await enqueue(trx, { topic: 'notification.resend', aggregateType: 'notification', aggregateId: String(id), payload: { notificationId: id } }, ctx.now);
    await appendAudit(trx, ctx, { entityType: 'notification', entityId: String(id), kind: 'CONFIG_CHANGED', data: { action: 'resend', kind: n.kind } });
  });
}

export async function handleResend(event: ClaimedEvent, deps: NoticeDeps): Promise<void> {
  const err = await sendNotification(deps, Number(event.payload.notificationId), event.attempts >= MAX_ATTEMPTS);
  if (err && err.retryable) throw err;
}
