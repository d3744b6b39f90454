// Intake (登记) on every channel: validate, encrypt the complainant's data, find repeats, suggest a
// classification, compute deadlines, and store it all with its audit entry and outbox events in one transaction.
import { randomInt, randomUUID, createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { ComplaintDeadlineTable, ComplaintTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { firstAuditRows } from '../../db/audit.ts';
import { canonicalJson } from '../../core/audit/canonical.ts';
import { MASS_THRESHOLD, REFERRAL_MAX_DAYS, registerComplaint, type Channel, type CompletenessField } from '../../core/complaints/index.ts';
import { validateEmail, validateIdNumber, validatePhone, mask } from '../../core/privacy/index.ts';
import { mirrorColumns } from './repository.ts';
import { deadlineRows } from './deadlines.ts';
import { searchText } from './search-text.ts';
import { toCoreActor, mapCoreError } from './core-bridge.ts';
import { intakeBatchesFor, type IntakeRows } from './intake-batch.ts';
import { currentHandlingRules } from '../config/calendar.ts';

export interface IntakeInput {
  channel: Channel;
  receivedAt: string;
  complainant: { name?: string; idNumber?: string; phone?: string; email?: string; customerNo?: string };
  content?: string;
  demand?: string;
  amount?: number;
  orgUnitCode?: string;
  businessCode?: string;
  productName?: string;
  complainantCount?: number;
  referral?: { source: '12378' | '12363' | 'other'; ref: string; dueAt?: string };
}

const CLOCK_SKEW_MS = 5 * 60_000;
const TRACKING_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export function newTrackingNo(now: Date): string {
  const d = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  let r = '';
  for (let i = 0; i < 6; i++) r += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return `KS${d}-${r}`;
}

function fail(code: ErrorCode, details?: Record<string, unknown>): never {
  throw new AppError(code, details);
}

export function missingParts(input: IntakeInput): CompletenessField[] {
  const c = input.complainant;
  const out: CompletenessField[] = [];
  if (!c.name?.trim() && !c.idNumber && !c.customerNo?.trim()) out.push('identity');
  if (!c.phone && !c.email) out.push('contact');
  if (!input.content?.trim()) out.push('content');
  if (!input.demand?.trim()) out.push('demand');
  return out;
}

export interface IntakeResult {
  id: string;
  created: boolean;
  /** The stored row and its deadline rows when this call created the complaint (so the answer needs no read-back). */
  row?: Selectable<ComplaintTable>;
  deadlines?: Array<Selectable<ComplaintDeadlineTable>>;
}

export async function createComplaint(deps: Deps, ctx: Ctx, input: IntakeInput, idempotencyKey?: string): Promise<IntakeResult> {
  const principal = `${ctx.actor.type}:${ctx.actor.id ?? '-'}`;
  const requestHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
  /** The complaint an earlier request with this key made (the same body) or a conflict (another body). */
  const earlier = async (key: string): Promise<IntakeResult | null> => {
    const seen = await deps.db.selectFrom('idempotency_key').selectAll().where('principal', '=', principal).where('key', '=', key).executeTakeFirst();
    if (!seen) return null;
    if (seen.request_hash !== requestHash) fail('IDEMPOTENCY_CONFLICT');
    return { id: seen.complaint_id, created: false };
  };
  if (idempotencyKey) {
    const seen = await earlier(idempotencyKey);
    if (seen) return seen;
  }
  // Tracking numbers are random, not a counter (docs/decisions.md): two complaints of one day can draw the same one
  // (32^6 numbers a day: at 20,000 complaints a day, about one day in six). The statement holding the second fails on the
  // number's unique index, and that complaint is prepared again with a fresh draw — the caller sees only its 201.
  for (let draw = 1; ; draw++) {
    const prepared = await prepareIntake(deps, ctx, input, idempotencyKey ? { key: idempotencyKey, principal, requestHash } : undefined);
    const { id, rows } = prepared;
    // Written by the process's intake batches: alone when the database is idle, together with the complaints that
    // arrived meanwhile when it is busy (group commit); answered only once the statement holding it committed.
    try {
      const stored = await intakeBatchesFor(deps.db).write.submit(rows);
      return { id, created: true, row: stored, deadlines: prepared.deadlines };
    } catch (e) {
      // A key used concurrently by another request fails the write on the key's primary key: answer as the repeat.
      if (idempotencyKey && isUniqueViolation(e)) {
        const seen = await earlier(idempotencyKey);
        if (seen) return seen;
      }
      if (isUniqueViolation(e) && (e as { constraint?: string }).constraint === TRACKING_NO_UNIQUE && draw < MAX_TRACKING_DRAWS) continue;
      throw e;
    }
  }
}

/** The unique constraint of complaint.tracking_no (src/db/migrations/0002-complaints.ts), and the draws one intake gets. */
const TRACKING_NO_UNIQUE = 'complaint_tracking_no_key';
const MAX_TRACKING_DRAWS = 5;

export interface PreparedIntake {
  id: string;
  rows: IntakeRows;
  /** The deadline rows as the API shows them. */
  deadlines: Array<Selectable<ComplaintDeadlineTable>>;
}

/**
 * Everything an intake stores, validated and built, without storing it: values checked (each validator has its own
 * error code), the org unit and a repeat looked up (coalesced with concurrent intakes), personal data encrypted, the
 * suggestion, deadlines, the first audit entry and the outbox events.
 */
export async function prepareIntake(deps: Deps, ctx: Ctx, input: IntakeInput, key?: { key: string; principal: string; requestHash: string }): Promise<PreparedIntake> {
  const now = ctx.now;
  const receivedAt = new Date(input.receivedAt);
  if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) fail('VALIDATION_FAILED', { field: 'receivedAt', reason: 'in_future_or_invalid' });
  const c = input.complainant;
  const idNumber = c.idNumber ? validateIdNumber(c.idNumber, now) : null;
  if (idNumber && !idNumber.ok) fail(idNumber.code, { field: 'complainant.idNumber' });
  const phone = c.phone ? validatePhone(c.phone) : null;
  if (phone && !phone.ok) fail(phone.code, { field: 'complainant.phone' });
  const email = c.email ? validateEmail(c.email) : null;
  if (email && !email.ok) fail(email.code, { field: 'complainant.email' });
  if (input.referral?.dueAt !== undefined) {
    // A regulator's due date falls after the receipt and within a year of it; anything else is a typing error.
    const due = new Date(input.referral.dueAt).getTime();
    if (Number.isNaN(due) || due < receivedAt.getTime() || due > receivedAt.getTime() + REFERRAL_MAX_DAYS * 86_400_000) fail('VALIDATION_FAILED', { field: 'referral.dueAt', reason: 'out_of_range' });
  }
  if (input.channel === 'regulator' && !input.referral) fail('REFERRAL_REQUIRED');
  if (input.channel !== 'regulator' && input.referral) fail('REFERRAL_NOT_ALLOWED');

  // The unit named by code (or the root when the caller has none) and the complainant's latest complaint within the
  // repeat window, in one round trip, coalesced with the lookups of concurrent intakes (intake-batch.ts). A repeat is
  // a link for the handler, not a constraint, so it is looked up before the write. The lookup is sent first; the
  // suggestion, deadlines, encryption and search text below are worked out while it is on its way.
  const k = deps.keyring;
  const idBidx = idNumber?.ok ? k.blindIndex('idNumber', idNumber.value) : null;
  const phoneBidx = phone?.ok ? k.blindIndex('phone', phone.value) : null;
  const since = new Date(receivedAt.getTime() - currentHandlingRules().repeatWindowDays * 86_400_000);
  const code = input.orgUnitCode;
  const needRoot = !code && !ctx.actor.orgUnitId;
  const lookup = code || needRoot || idBidx || phoneBidx ? intakeBatchesFor(deps.db).lookup.submit({ code: code ?? null, idBidx, phoneBidx, since }) : null;
  if (lookup) {
    lookup.catch(() => undefined); // awaited in unitAndRepeat(); not an unhandled rejection if the work below throws first
    // One turn of the loop: the coalescer sends the lookup, and on a database server the work below overlaps it. On
    // PGlite, which runs on this thread, an intake that never waited for a turn would run to its answer before another
    // request is even read: this turn is what lets concurrent intakes share statements there (measured: c16 about
    // twice the rate; a lone intake without it was not faster once the worker's notices were counted).
    await new Promise<void>((r) => setImmediate(r));
  }
  const unitAndRepeat = async () => {
    const found = lookup ? await lookup : null;
    let orgUnitId = ctx.actor.orgUnitId;
    if (code) {
      const path = found?.unitPath;
      if (!found?.unitId || !path || (ctx.actor.orgPath && !path.startsWith(ctx.actor.orgPath))) fail('ORG_UNIT_NOT_FOUND', { field: 'orgUnitCode' });
      orgUnitId = found.unitId;
    }
    return { orgUnitId: orgUnitId ?? found?.rootId ?? null, repeatOf: found?.repeatOf ?? null };
  };

  const missing = missingParts(input);
  const id = randomUUID();
  const reg = registerComplaint(
    { id, channel: input.channel, receivedAt, missingFields: missing, freeText: [input.content ?? '', input.demand ?? '', c.name ?? ''] },
    { now, actor: toCoreActor(ctx) },
  );
  if (!reg.ok) {
    await unitAndRepeat(); // an unknown unit is reported first, as it always was
    throw mapCoreError(reg);
  }

  const text = `${input.content ?? ''}\n${input.demand ?? ''}`;
  const analysis = deps.analyse && text.trim() ? deps.analyse(text) : null;
  const mass = (input.complainantCount ?? 1) >= MASS_THRESHOLD;
  const major = mass || analysis?.urgency === 'critical';
  const snapshot = { ...reg.next, mass, major };

  const trackingNo = (deps.trackingNo ?? newTrackingNo)(now);
  const referralDueAt = input.referral?.dueAt ? new Date(input.referral.dueAt) : null;
  const deadlines = deadlineRows(id, {
    snapshot,
    referralSource: input.referral?.source ?? null,
    referralDueAt,
    pauses: [],
    classifiedAt: null,
    firstResponseAt: null,
    planAt: null,
  });
  const sealed = {
    name_enc: k.encryptOrNull('name', c.name?.trim()),
    id_number_enc: idNumber?.ok ? k.encrypt('idNumber', idNumber.value) : null,
    phone_enc: phone?.ok ? k.encrypt('phone', phone.value) : null,
    email_enc: email?.ok ? k.encrypt('email', email.value) : null,
    customer_no_enc: k.encryptOrNull('customerNo', c.customerNo?.trim()),
  };
  const search = searchText(input.content, input.demand, input.productName);
  const { orgUnitId, repeatOf } = await unitAndRepeat();
  const row = {
    id,
    tracking_no: trackingNo,
    channel: input.channel,
    received_at: receivedAt,
    registered_at: now,
    ...mirrorColumns(snapshot),
    ...sealed,
    id_number_bidx: idBidx,
    phone_bidx: phoneBidx,
    name_masked: c.name?.trim() ? mask('name', c.name.trim()) : null,
    phone_masked: phone?.ok ? mask('phone', phone.value) : null,
    content: input.content ?? '',
    demand: input.demand ?? '',
    search_text: search,
    amount: input.amount ?? null,
    product_name: input.productName ?? null,
    org_unit_id: orgUnitId,
    business_code: input.businessCode ?? null,
    complainant_count: input.complainantCount ?? 1,
    urgency: analysis?.urgency ?? 'normal',
    referral_source: input.referral?.source ?? null,
    referral_ref: input.referral?.ref ?? null,
    referral_due_at: referralDueAt,
    repeat_of: repeatOf,
    suggestion: analysis ? JSON.stringify(analysis) : null,
    effective_due_at: deadlines.earliestOpen,
    created_at: now,
    updated_at: now,
  };
  const audit = firstAuditRows(ctx, {
    entityType: 'complaint',
    entityId: id,
    kind: 'COMPLAINT_REGISTERED',
    data: { ...reg.audit.data, trackingNo, repeatOf, mass, major, urgency: row.urgency, orgUnitId },
  });
  const base = { complaintId: id, trackingNo, channel: input.channel };
  const events = [
    { topic: 'complaint.registered', payload: { ...base, missing } },
    ...(missing.length ? [{ topic: 'complaint.information_requested', payload: { ...base, fields: missing } }] : []),
  ].map((e) => ({ topic: e.topic, aggregate_type: 'complaint', aggregate_id: id, payload: JSON.stringify(e.payload), created_at: now, available_at: now }));

  const dl = deadlines.rows.map((d, i) => ({ ...d, at_risk_fired_at: null, breached_fired_at: null, statutory_warned_at: null, explanation: deadlines.explanations[i]! }));
  return {
    id,
    rows: {
      complaint: row,
      deadlines: deadlines.rows,
      auditHead: audit.head,
      auditEntry: audit.entry,
      events,
      key: key ? { key: key.key, principal: key.principal, request_hash: key.requestHash, complaint_id: id, created_at: now } : null,
    },
    deadlines: dl,
  };
}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === '23505';
}
