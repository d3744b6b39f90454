// Reading complaints: one complaint (staff view, masked), the queue with filters, Chinese full-text search and
// keyset pagination ordered by effective due time, the timeline, the deadline explanation, notes, PII reveal.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ComplaintDeadlineTable, DB } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { allowedCommands } from '../../core/complaints/index.ts';
import { mask } from '../../core/privacy/index.ts';
import { loadComplaint, snapshotOf, visibleTo, type ComplaintRow } from './repository.ts';
import { searchQuery } from './search-text.ts';
import { AT_RISK_FRACTION } from './deadlines.ts';

export interface DeadlineView {
  step: string;
  startsAt: string;
  policyDue: string | null;
  statutoryDue: string | null;
  referralDue: string | null;
  effectiveDue: string;
  binding: string;
  metAt: string | null;
  status: 'met' | 'ok' | 'at_risk' | 'breached';
  explanation: Record<string, unknown>;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function deadlineStatus(d: { starts_at: Date; effective_due_at: Date; met_at: Date | null }, now: Date): DeadlineView['status'] {
  if (d.met_at) return d.met_at <= d.effective_due_at ? 'met' : 'breached';
  if (now >= d.effective_due_at) return 'breached';
  const riskAt = d.starts_at.getTime() + AT_RISK_FRACTION * (d.effective_due_at.getTime() - d.starts_at.getTime());
  return now.getTime() >= riskAt ? 'at_risk' : 'ok';
}

const STEP_ORDER = ['acknowledge', 'classify', 'start', 'firstResponse', 'plan', 'decide', 'notify', 'reviewRequest', 'reviewDecide'];

/** Deadline rows as the API shows them, in step order, with their status at `now`. */
export function deadlineViews(rows: ReadonlyArray<Selectable<ComplaintDeadlineTable>>, now: Date): DeadlineView[] {
  return [...rows]
    .sort((a, b) => STEP_ORDER.indexOf(a.step) - STEP_ORDER.indexOf(b.step))
    .map((d) => ({
      step: d.step,
      startsAt: iso(d.starts_at)!,
      policyDue: iso(d.policy_due_at),
      statutoryDue: iso(d.statutory_due_at),
      referralDue: iso(d.referral_due_at),
      effectiveDue: iso(d.effective_due_at)!,
      binding: d.binding,
      metAt: iso(d.met_at),
      status: deadlineStatus(d, now),
      explanation: d.explanation,
    }));
}

export async function deadlinesOf(db: Kysely<DB>, id: string, now: Date): Promise<DeadlineView[]> {
  return deadlineViews(await db.selectFrom('complaint_deadline').selectAll().where('complaint_id', '=', id).execute(), now);
}

export function complaintView(row: ComplaintRow, deadlines: DeadlineView[]) {
  const s = snapshotOf(row);
  return {
    id: row.id,
    trackingNo: row.tracking_no,
    state: row.state,
    channel: row.channel,
    receivedAt: iso(row.received_at)!,
    registeredAt: iso(row.registered_at)!,
    missing: row.missing,
    complainant: {
      name: row.name_masked,
      phone: row.phone_masked,
      hasIdNumber: !!row.id_number_enc,
      hasEmail: !!row.email_enc,
      hasCustomerNo: !!row.customer_no_enc,
    },
    content: row.content,
    demand: row.demand,
    amount: row.amount === null ? null : Number(row.amount),
    productName: row.product_name,
    orgUnitId: row.org_unit_id,
    handlingUnitId: row.handling_unit_id,
    handlerId: row.handler_id,
    category: row.category,
    channelCode: row.channel_code,
    businessCode: row.business_code,
    reasonCode: row.reason_code,
    complexity: row.complexity,
    urgency: row.urgency,
    major: row.major,
    mass: row.mass,
    complainantCount: row.complainant_count,
    tier: row.tier,
    referral: row.referral_source ? { source: row.referral_source, ref: row.referral_ref, dueAt: iso(row.referral_due_at) } : null,
    extensionLevel: row.extension_level,
    extensionPending: row.extension_pending,
    reassignmentCount: row.reassignment_count,
    reopenCount: row.reopen_count,
    repeatOf: row.repeat_of,
    mergedInto: row.merged_into,
    suggestion: row.suggestion,
    decision: row.decision,
    satisfaction: row.satisfaction,
    review: row.review,
    effectiveDueAt: iso(row.effective_due_at),
    deadlines,
    allowedActions: allowedCommands(s),
    version: row.version,
    updatedAt: iso(row.updated_at)!,
  };
}

export async function getComplaint(deps: Deps, ctx: Ctx, id: string) {
  const row = await loadComplaint(deps.db, ctx, id);
  return complaintView(row, await deadlinesOf(deps.db, id, ctx.now));
}

export interface ListQuery {
  state?: string[];
  unitId?: string;
  handlerId?: string;
  mine?: boolean;
  category?: string;
  channel?: string;
  tier?: number;
  dueBefore?: string;
  atRisk?: boolean;
  breached?: boolean;
  q?: string;
  open?: boolean;
  limit: number;
  cursor?: string;
}

function encodeCursor(due: Date | null, id: string): string {
  return Buffer.from(JSON.stringify([due ? due.toISOString() : null, id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(c: string): [string | null, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && (v[0] === null || (typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])))) && typeof v[1] === 'string' && UUID.test(v[1])) return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', { field: 'cursor' });
}

export async function listComplaints(deps: Deps, ctx: Ctx, q: ListQuery) {
  if (!q.q) return listIn(deps.db, ctx, q);
  // A search reads the due-time index in order and tests each row's text until the page is full: a short walk that
  // parallel workers only slow down (starting them cost 60 ms on the 2-core bench box, the walk itself 10 ms).
  return deps.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
    return listIn(trx, ctx, q);
  });
}

async function listIn(db: Kysely<DB>, ctx: Ctx, q: ListQuery) {
  const now = ctx.now;
  let sel = db.selectFrom('complaint').selectAll().where(visibleTo(ctx));
  if (q.state?.length) sel = sel.where('state', 'in', q.state);
  // Open = not closed (closing sets closed_at, reopening clears it; archived complaints were closed first) and not
  // merged. Spelled this way, not as state NOT IN (closed, archived, merged), because the planner cannot see that
  // closed_at IS NULL already excludes the two commonest states: with the NOT IN it expected a handful of rows, sorted
  // them all instead of reading the queue index in order, and a busy handler's queue took 30–90 ms instead of < 1 ms.
  if (q.open) sel = sel.where('closed_at', 'is', null).where('state', '<>', 'merged');
  if (q.unitId) sel = sel.where('handling_unit_id', '=', q.unitId);
  if (q.mine) sel = sel.where('handler_id', '=', ctx.actor.id);
  else if (q.handlerId) sel = sel.where('handler_id', '=', q.handlerId);
  if (q.category) sel = sel.where('category', '=', q.category);
  if (q.channel) sel = sel.where('channel', '=', q.channel);
  if (q.tier) sel = sel.where('tier', '=', q.tier);
  if (q.dueBefore) sel = sel.where('effective_due_at', '<', new Date(q.dueBefore));
  if (q.breached) sel = sel.where('effective_due_at', '<', now);
  if (q.atRisk) {
    sel = sel.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('complaint_deadline as d')
          .select(sql.lit(1).as('x'))
          .whereRef('d.complaint_id', '=', 'complaint.id')
          .where('d.met_at', 'is', null)
          .where('d.step', '<>', 'reviewRequest')
          .where('d.effective_due_at', '>', now)
          .where(sql<boolean>`d.starts_at + (d.effective_due_at - d.starts_at) * ${AT_RISK_FRACTION} <= ${now}`),
      ),
    );
  }
  if (q.q) {
    const tsq = searchQuery(q.q);
    if (!tsq) return { items: [], nextCursor: null };
    sel = sel.where(sql<boolean>`to_tsvector('simple', search_text) @@ to_tsquery('simple', ${tsq})`);
  }
  // Keyset pagination on (due, id), undated last. The expression is spelled exactly as in the queue indexes
  // (migration 0103) so that a page is read off an index in order.
  const dueExpr = sql<Date>`coalesce(effective_due_at, 'infinity'::timestamptz)`;
  if (q.cursor) {
    const [due, id] = decodeCursor(q.cursor);
    const d = due ? sql`${new Date(due).toISOString()}::timestamptz` : sql`'infinity'::timestamptz`;
    sel = sel.where(sql<boolean>`(coalesce(effective_due_at, 'infinity'::timestamptz), id) > (${d}, ${id}::uuid)`);
  }
  const rows = await sel.orderBy(dueExpr).orderBy('id').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id,
      trackingNo: r.tracking_no,
      state: r.state,
      channel: r.channel,
      category: r.category,
      tier: r.tier,
      major: r.major,
      urgency: r.urgency,
      complainantName: r.name_masked,
      summary: r.content.slice(0, 80),
      handlingUnitId: r.handling_unit_id,
      handlerId: r.handler_id,
      receivedAt: iso(r.received_at)!,
      effectiveDueAt: iso(r.effective_due_at),
      breached: !!r.effective_due_at && r.effective_due_at < now && !['closed', 'archived', 'merged'].includes(r.state),
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.effective_due_at, last.id) : null,
  };
}

const PII_FIELDS = { name: 'name_enc', idNumber: 'id_number_enc', phone: 'phone_enc', email: 'email_enc', customerNo: 'customer_no_enc' } as const;
export type PiiField = keyof typeof PII_FIELDS;

/** Reveals full values of the complainant's personal data: needs pii:reveal (route), a reason, and is audited. */
export async function revealPii(deps: Deps, ctx: Ctx, id: string, input: { fields: PiiField[]; reason: string }) {
  const row = await loadComplaint(deps.db, ctx, id);
  const out: Partial<Record<PiiField, string | null>> = {};
  for (const f of input.fields) {
    const enc = row[PII_FIELDS[f]];
    out[f] = enc ? await deps.keyring.decrypt(f, enc) : null;
  }
  await appendAudit(deps.db, ctx, {
    entityType: 'complaint',
    entityId: id,
    kind: 'CUSTOMER_PII_VIEWED',
    data: { fields: input.fields, reason: input.reason, trackingNo: row.tracking_no },
  });
  return out;
}

export function maskedPreview(field: PiiField, value: string | null): string | null {
  return value ? mask(field, value) : null;
}
