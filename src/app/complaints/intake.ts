// Intake (登记) on every channel: validate, encrypt the complainant's data, find repeats, suggest a
// classification, compute deadlines, and store it all with its audit entry and outbox events in one transaction.
import { randomInt, createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { enqueue } from '../../db/outbox.ts';
import { canonicalJson } from '../../core/audit/canonical.ts';
import { registerComplaint, type Channel, type CompletenessField } from '../../core/complaints/index.ts';
import { validateEmail, validateIdNumber, validatePhone, mask } from '../../core/privacy/index.ts';
import { mirrorColumns } from './repository.ts';
import { refreshDeadlines } from './deadlines.ts';
import { searchText } from './search-text.ts';
import { toCoreActor, mapCoreError } from './core-bridge.ts';

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

export const REPEAT_WINDOW_DAYS = 90;
export const MASS_THRESHOLD = 20;
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
}

export async function createComplaint(deps: Deps, ctx: Ctx, input: IntakeInput, idempotencyKey?: string): Promise<IntakeResult> {
  const now = ctx.now;
  const principal = `${ctx.actor.type}:${ctx.actor.id ?? '-'}`;
  const requestHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
  if (idempotencyKey) {
    const seen = await deps.db.selectFrom('idempotency_key').selectAll().where('principal', '=', principal).where('key', '=', idempotencyKey).executeTakeFirst();
    if (seen) {
      if (seen.request_hash !== requestHash) fail('IDEMPOTENCY_CONFLICT');
      return { id: seen.complaint_id, created: false };
    }
  }

  // Values: each validator has its own error code; nothing is stored when one fails.
  const receivedAt = new Date(input.receivedAt);
  if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) fail('VALIDATION_FAILED', { field: 'receivedAt', reason: 'in_future_or_invalid' });
  const c = input.complainant;
  const idNumber = c.idNumber ? validateIdNumber(c.idNumber, now) : null;
  if (idNumber && !idNumber.ok) fail(idNumber.code, { field: 'complainant.idNumber' });
  const phone = c.phone ? validatePhone(c.phone) : null;
  if (phone && !phone.ok) fail(phone.code, { field: 'complainant.phone' });
  const email = c.email ? validateEmail(c.email) : null;
  if (email && !email.ok) fail(email.code, { field: 'complainant.email' });
  if (input.channel === 'regulator' && !input.referral) fail('REFERRAL_REQUIRED');
  if (input.channel !== 'regulator' && input.referral) fail('REFERRAL_NOT_ALLOWED');

  let orgUnitId = ctx.actor.orgUnitId;
  if (input.orgUnitCode) {
    const u = await deps.db.selectFrom('org_unit').select(['id', 'path']).where('code', '=', input.orgUnitCode).executeTakeFirst();
    if (!u || (ctx.actor.orgPath && !u.path.startsWith(ctx.actor.orgPath))) fail('ORG_UNIT_NOT_FOUND', { field: 'orgUnitCode' });
    orgUnitId = u.id;
  }
  if (!orgUnitId) {
    orgUnitId = (await deps.db.selectFrom('org_unit').select('id').where('parent_id', 'is', null).executeTakeFirst())?.id ?? null;
  }

  const missing = missingParts(input);
  const id = (await sql<{ id: string }>`SELECT gen_random_uuid() AS id`.execute(deps.db)).rows[0]!.id;
  const reg = registerComplaint(
    { id, channel: input.channel, receivedAt, missingFields: missing, freeText: [input.content ?? '', input.demand ?? '', c.name ?? ''] },
    { now, actor: toCoreActor(ctx) },
  );
  if (!reg.ok) throw mapCoreError(reg);

  const k = deps.keyring;
  const idBidx = idNumber?.ok ? k.blindIndex('idNumber', idNumber.value) : null;
  const phoneBidx = phone?.ok ? k.blindIndex('phone', phone.value) : null;
  const text = `${input.content ?? ''}\n${input.demand ?? ''}`;
  const analysis = deps.analyse && text.trim() ? deps.analyse(text) : null;
  const mass = (input.complainantCount ?? 1) >= MASS_THRESHOLD;
  const major = mass || analysis?.urgency === 'critical';
  const snapshot = { ...reg.next, mass, major };

  const run = () =>
    deps.db.transaction().execute(async (trx) => {
      let repeatOf: string | null = null;
      if (idBidx || phoneBidx) {
        const since = new Date(receivedAt.getTime() - REPEAT_WINDOW_DAYS * 86_400_000);
        const prev = await trx
          .selectFrom('complaint')
          .select('id')
          .where((eb) => eb.or([...(idBidx ? [eb('id_number_bidx', '=', idBidx)] : []), ...(phoneBidx ? [eb('phone_bidx', '=', phoneBidx)] : [])]))
          .where('received_at', '>=', since)
          .where('merged_into', 'is', null)
          .orderBy('received_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        repeatOf = prev?.id ?? null;
      }
      const trackingNo = newTrackingNo(now);
      const row = {
        id,
        tracking_no: trackingNo,
        channel: input.channel,
        received_at: receivedAt,
        registered_at: now,
        ...mirrorColumns(snapshot),
        name_enc: k.encryptOrNull('name', c.name?.trim()),
        id_number_enc: idNumber?.ok ? k.encrypt('idNumber', idNumber.value) : null,
        phone_enc: phone?.ok ? k.encrypt('phone', phone.value) : null,
        email_enc: email?.ok ? k.encrypt('email', email.value) : null,
        customer_no_enc: k.encryptOrNull('customerNo', c.customerNo?.trim()),
        id_number_bidx: idBidx,
        phone_bidx: phoneBidx,
        name_masked: c.name?.trim() ? mask('name', c.name.trim()) : null,
        phone_masked: phone?.ok ? mask('phone', phone.value) : null,
        content: input.content ?? '',
        demand: input.demand ?? '',
        search_text: searchText(input.content, input.demand, input.productName),
        amount: input.amount ?? null,
        product_name: input.productName ?? null,
        org_unit_id: orgUnitId,
        business_code: input.businessCode ?? null,
        complainant_count: input.complainantCount ?? 1,
        urgency: analysis?.urgency ?? 'normal',
        referral_source: input.referral?.source ?? null,
        referral_ref: input.referral?.ref ?? null,
        referral_due_at: input.referral?.dueAt ? new Date(input.referral.dueAt) : null,
        repeat_of: repeatOf,
        suggestion: analysis ? JSON.stringify(analysis) : null,
        created_at: now,
        updated_at: now,
      };
      await trx.insertInto('complaint').values(row).execute();
      const due = await refreshDeadlines(trx, id, {
        snapshot,
        referralSource: row.referral_source,
        referralDueAt: row.referral_due_at,
        pauses: [],
        classifiedAt: null,
        firstResponseAt: null,
        planAt: null,
      });
      await trx.updateTable('complaint').set({ effective_due_at: due }).where('id', '=', id).execute();
      if (idempotencyKey) {
        const ins = await trx
          .insertInto('idempotency_key')
          .values({ key: idempotencyKey, principal, request_hash: requestHash, complaint_id: id, created_at: now })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if ((ins.numInsertedOrUpdatedRows ?? 0n) === 0n) throw new IdempotencyRace();
      }
      await appendAudit(trx, ctx, {
        entityType: 'complaint',
        entityId: id,
        kind: 'COMPLAINT_REGISTERED',
        data: { ...reg.audit.data, trackingNo, repeatOf, mass, major, urgency: row.urgency, orgUnitId },
      });
      const base = { complaintId: id, trackingNo, channel: input.channel };
      await enqueue(
        trx,
        [
          { topic: 'complaint.registered', aggregateType: 'complaint', aggregateId: id, payload: { ...base, missing } },
          ...(missing.length ? [{ topic: 'complaint.information_requested', aggregateType: 'complaint', aggregateId: id, payload: { ...base, fields: missing } }] : []),
        ],
        now,
      );
      return id;
    });

  try {
    return { id: await run(), created: true };
  } catch (e) {
    if (e instanceof IdempotencyRace || (idempotencyKey && isUniqueViolation(e))) {
      const seen = await deps.db.selectFrom('idempotency_key').selectAll().where('principal', '=', principal).where('key', '=', idempotencyKey!).executeTakeFirst();
      if (seen) {
        if (seen.request_hash !== requestHash) fail('IDEMPOTENCY_CONFLICT');
        return { id: seen.complaint_id, created: false };
      }
    }
    throw e;
  }
}

class IdempotencyRace extends Error {}

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === '23505';
}
