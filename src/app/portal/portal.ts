// The complainant's portal: submit, track with a one-time code, see a customer-safe view, answer back.
// A portal session reaches exactly one complaint; nothing here takes a complaint id from the request.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.ts';
import type { Actor, Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { enqueue } from '../../db/outbox.ts';
import { hitRateLimit } from '../../db/rate-limit.ts';
import { randomToken, sha256 } from '../../security/tokens.ts';
import { createComplaint, type IntakeInput } from '../complaints/intake.ts';
import { runCommand } from '../complaints/commands.ts';
import { reviewWindow, type ComplaintCommand } from '../../core/complaints/index.ts';
import { snapshotOf } from '../complaints/repository.ts';

export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const PORTAL_SESSION_MS = 60 * 60_000;

export function customerActor(complaintId: string | null): Actor {
  return { type: 'customer', id: complaintId, roles: [], permissions: new Set(), orgUnitId: null, orgPath: '/', authMethod: 'portal_otp', mfaVerified: false };
}

function otpHash(complaintId: string, code: string): string {
  return createHash('sha256').update(`${complaintId}:${code}`).digest('hex');
}

export async function submitComplaint(deps: Deps, ctx: Ctx, input: Omit<IntakeInput, 'channel' | 'receivedAt' | 'orgUnitCode' | 'referral'>): Promise<{ trackingNo: string }> {
  if (ctx.ip && (await hitRateLimit(deps.db, `portal-submit:${ctx.ip}`, 3600, ctx.now)) > 10) throw new AppError('RATE_LIMITED');
  const c = { ...ctx, actor: customerActor(null) };
  const r = await createComplaint(deps, c, { ...input, channel: 'web', receivedAt: ctx.now.toISOString() });
  const row = await deps.db.selectFrom('complaint').select('tracking_no').where('id', '=', r.id).executeTakeFirstOrThrow();
  return { trackingNo: row.tracking_no };
}

/** Always the same answer, whether the tracking number exists or not (no enumeration). */
export async function requestOtp(deps: Deps, ctx: Ctx, input: { trackingNo: string; via?: 'email' | 'sms' }): Promise<void> {
  if (ctx.ip && (await hitRateLimit(deps.db, `portal-otp-ip:${ctx.ip}`, 3600, ctx.now)) > 20) throw new AppError('RATE_LIMITED');
  const c = await deps.db.selectFrom('complaint').select(['id', 'email_enc', 'phone_enc']).where('tracking_no', '=', input.trackingNo.trim().toUpperCase()).executeTakeFirst();
  if (!c) return;
  if ((await hitRateLimit(deps.db, `portal-otp-c:${c.id}`, 3600, ctx.now)) > 5) return; // silently: same answer
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const via = input.via ?? (c.phone_enc ? 'sms' : 'email');
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('portal_otp').values({ complaint_id: c.id, code_hash: otpHash(c.id, code), expires_at: new Date(ctx.now.getTime() + OTP_TTL_MS), created_at: ctx.now }).execute();
    // The code travels to the worker encrypted; only its hash stays in portal_otp.
    await enqueue(trx, { topic: 'portal.otp_requested', aggregateType: 'complaint', aggregateId: c.id, payload: { complaintId: c.id, via, codeEnc: deps.keyring.encrypt('otp', code) } }, ctx.now);
  });
}

export async function verifyOtp(deps: Deps, ctx: Ctx, input: { trackingNo: string; code: string }): Promise<{ token: string; csrfToken: string }> {
  if (ctx.ip && (await hitRateLimit(deps.db, `portal-verify-ip:${ctx.ip}`, 3600, ctx.now)) > 30) throw new AppError('RATE_LIMITED');
  const c = await deps.db.selectFrom('complaint').select('id').where('tracking_no', '=', input.trackingNo.trim().toUpperCase()).executeTakeFirst();
  const otp = c
    ? await deps.db.selectFrom('portal_otp').selectAll().where('complaint_id', '=', c.id).where('used_at', 'is', null).where('expires_at', '>', ctx.now).orderBy('created_at', 'desc').limit(1).executeTakeFirst()
    : undefined;
  if (!c || !otp || otp.attempts >= OTP_MAX_ATTEMPTS) throw new AppError('INVALID_OTP');
  const ok = timingSafeEqual(Buffer.from(otp.code_hash), Buffer.from(otpHash(c.id, input.code)));
  if (!ok) {
    await deps.db.updateTable('portal_otp').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', otp.id).execute();
    throw new AppError('INVALID_OTP');
  }
  const used = await deps.db.updateTable('portal_otp').set({ used_at: ctx.now }).where('id', '=', otp.id).where('used_at', 'is', null).executeTakeFirst();
  if (used.numUpdatedRows === 0n) throw new AppError('INVALID_OTP');
  const token = randomToken();
  const csrfToken = randomToken(24);
  await deps.db.insertInto('portal_session').values({ id: sha256(token), complaint_id: c.id, csrf_token: csrfToken, created_at: ctx.now, expires_at: new Date(ctx.now.getTime() + PORTAL_SESSION_MS) }).execute();
  return { token, csrfToken };
}

export async function resolvePortalSession(deps: Deps, token: string, now: Date): Promise<{ complaintId: string; csrfToken: string } | null> {
  const s = await deps.db.selectFrom('portal_session').selectAll().where('id', '=', sha256(token)).executeTakeFirst();
  if (!s || s.revoked_at || s.expires_at <= now) return null;
  return { complaintId: s.complaint_id, csrfToken: s.csrf_token };
}

export async function endPortalSession(deps: Deps, token: string, now: Date): Promise<void> {
  await deps.db.updateTable('portal_session').set({ revoked_at: now }).where('id', '=', sha256(token)).execute();
}

/** Customer-facing events only: no staff names, no internal notes, no internal codes. */
const CUSTOMER_EVENTS: Record<string, { zh: string; en: string }> = {
  COMPLAINT_REGISTERED: { zh: '已收到您的投诉', en: 'We received your complaint' },
  COMPLAINT_ACCEPTED: { zh: '已受理', en: 'Accepted' },
  COMPLAINT_HANDLING_STARTED: { zh: '正在处理', en: 'Being handled' },
  INFORMATION_REQUESTED: { zh: '请补充材料', en: 'Please supply information' },
  INFORMATION_SUPPLIED: { zh: '已收到补充材料', en: 'Information received' },
  DEADLINE_EXTENDED: { zh: '处理期限延长', en: 'Deadline extended' },
  EXTENSION_APPROVED: { zh: '处理期限延长', en: 'Deadline extended' },
  RESULT_FEEDBACK_SENT: { zh: '已告知处理结果', en: 'Decision sent to you' },
  SATISFACTION_RECORDED: { zh: '已收到您的评价', en: 'Your rating was received' },
  REVIEW_REQUESTED: { zh: '已收到核查申请', en: 'Review request received' },
  REVIEW_DECIDED: { zh: '核查已完成', en: 'Review completed' },
  COMPLAINT_CLOSED: { zh: '已办结', en: 'Closed' },
  CUSTOMER_NOTIFIED: { zh: '已向您发送通知', en: 'A notice was sent to you' },
};

const CUSTOMER_STATE: Record<string, string> = {
  registered: 'received', accepted: 'accepted', classified: 'accepted', assigned: 'in_progress', in_progress: 'in_progress',
  awaiting_info: 'awaiting_info', decided: 'in_progress', feedback_sent: 'decided', review_requested: 'under_review',
  review_decided: 'reviewed', followed_up: 'decided', closed: 'closed', archived: 'closed', merged: 'closed',
};

export async function portalView(deps: Deps, complaintId: string, now: Date) {
  const c = await deps.db.selectFrom('complaint').selectAll().where('id', '=', complaintId).executeTakeFirstOrThrow();
  const s = snapshotOf(c);
  const events = await deps.db.selectFrom('audit_entry').select(['occurred_at', 'kind']).where('stream', '=', `complaint:${complaintId}`).orderBy('seq').execute();
  const decisionVisible = !!s.decisionNotifiedAt && c.decision;
  const d = (c.decision ?? {}) as Record<string, unknown>;
  const window = s.decisionNotifiedAt ? reviewWindow(s.decisionNotifiedAt, 30) : null;
  return {
    trackingNo: c.tracking_no,
    status: CUSTOMER_STATE[c.state] ?? 'in_progress',
    receivedAt: c.received_at.toISOString(),
    missing: c.missing,
    content: c.content,
    demand: c.demand,
    timeline: events.filter((e) => CUSTOMER_EVENTS[e.kind]).map((e) => ({ at: e.occurred_at.toISOString(), event: e.kind, label: CUSTOMER_EVENTS[e.kind]! })),
    decision: decisionVisible
      ? { outcome: String(d.outcome), remedy: String(d.remedy ?? ''), factsChecked: String(d.factsChecked ?? ''), basisAndReasons: String(d.basisAndReasons ?? ''), remediesOpen: (d.remediesOpen as string[]) ?? [], notifiedAt: s.decisionNotifiedAt!.toISOString() }
      : null,
    reviewWindowClosesOn: window?.closesOn ?? null,
    canSupplyInformation: c.state === 'awaiting_info' || (c.state === 'registered' && c.missing.length > 0),
    canRate: !!s.decisionNotifiedAt && !c.satisfaction && ['feedback_sent', 'review_decided', 'followed_up', 'closed'].includes(c.state),
    canRequestReview: !!window && s.reviewState === 'none' && now <= window.closesAt && ['feedback_sent', 'followed_up', 'closed'].includes(c.state),
    review: c.review ? { status: c.review_decided_at ? 'decided' : 'requested', result: (c.review as Record<string, unknown>).result ?? null } : null,
  };
}

export async function portalCommand(deps: Deps, ctx: Ctx, complaintId: string, command: ComplaintCommand, payload: Record<string, unknown> = {}) {
  const c = { ...ctx, actor: customerActor(complaintId) };
  await runCommand(deps, c, complaintId, command, { payload });
}
