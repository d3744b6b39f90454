// Loading and saving complaints. The rule snapshot lives in state_data; the columns the queues, search and
// statistics read are derived from it on every save.
import { sql, type Kysely, type Transaction, type Selectable, type ExpressionBuilder } from 'kysely';
import type { DB, ComplaintTable } from '../../db/schema.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import type { ComplaintSnapshot } from '../../core/complaints/index.ts';
import { snapshotFromJson, snapshotToJson } from './snapshot.ts';
import { refreshDeadlines, type DeadlineFacts } from './deadlines.ts';

export type ComplaintRow = Selectable<ComplaintTable>;
type Q = Kysely<DB> | Transaction<DB>;

/** Visibility as a where clause: the intake or handling unit (or a co-handling unit) lies in the actor's subtree. */
export function visibleTo(ctx: Ctx) {
  return (eb: ExpressionBuilder<DB, 'complaint'>) => {
    const path = ctx.actor.orgPath;
    if (!path || path === '/') return eb.lit(true);
    return eb.exists(
      eb
        .selectFrom('org_unit as scope_u')
        .select(sql.lit(1).as('x'))
        .where('scope_u.path', 'like', `${path}%`)
        .where((w) =>
          w.or([
            w('scope_u.id', '=', w.ref('complaint.org_unit_id')),
            w('scope_u.id', '=', w.ref('complaint.handling_unit_id')),
            w('scope_u.id', '=', sql<string>`ANY(complaint.co_handling_unit_ids)`),
          ]),
        ),
    );
  };
}

export async function loadComplaint(q: Q, ctx: Ctx, id: string, opts: { forUpdate?: boolean } = {}): Promise<ComplaintRow> {
  let sel = q.selectFrom('complaint').selectAll().where('id', '=', id).where(visibleTo(ctx));
  if (opts.forUpdate) sel = sel.forUpdate();
  const row = await sel.executeTakeFirst();
  if (!row) throw new AppError('COMPLAINT_NOT_FOUND');
  return row;
}

export function snapshotOf(row: ComplaintRow): ComplaintSnapshot {
  return snapshotFromJson(row.state_data);
}

export function factsOf(row: ComplaintRow, snapshot: ComplaintSnapshot = snapshotOf(row)): DeadlineFacts {
  return {
    snapshot,
    referralSource: row.referral_source,
    referralDueAt: row.referral_due_at,
    pauses: row.pauses ?? [],
    classifiedAt: row.classified_at,
    firstResponseAt: row.first_response_at,
    planAt: row.plan_at,
  };
}

/** Columns that mirror the snapshot (queues and statistics read these). */
export function mirrorColumns(s: ComplaintSnapshot) {
  return {
    state: s.state,
    missing: [...s.missingFields],
    category: s.category,
    complexity: s.complexity ?? 'general',
    major: s.major,
    mass: s.mass,
    tier: s.tier,
    handling_unit_id: s.handlingUnitId,
    handler_id: s.handlerId,
    reassignment_count: s.reassignmentCount,
    reopen_count: s.reopenCount,
    extension_level: s.extensionLevel,
    extension_pending: s.pendingExtension !== null,
    merged_into: s.mergedIntoId,
    accepted_at: s.acceptedAt,
    started_at: s.handlingStartedAt,
    decided_at: s.decidedAt,
    decision_notified_at: s.decisionNotifiedAt,
    review_requested_at: s.reviewRequestedAt,
    review_decided_at: s.reviewDecidedAt,
    followed_up_at: s.followedUpAt,
    closed_at: s.closedAt,
    archived_at: s.archivedAt,
    paused_since: s.pausedAt,
    state_data: snapshotToJson(s),
  };
}

/** Saves the new snapshot (plus any extra columns) and recomputes every step's deadline. */
export async function saveComplaint(
  trx: Transaction<DB>,
  row: ComplaintRow,
  next: ComplaintSnapshot,
  now: Date,
  extra: Partial<Record<keyof ComplaintTable, unknown>> = {},
): Promise<ComplaintRow> {
  const merged = { ...row, ...extra } as ComplaintRow;
  // JSON columns arrive serialised for the UPDATE; the deadline facts need them as values.
  if (typeof extra.pauses === 'string') merged.pauses = JSON.parse(extra.pauses) as ComplaintRow['pauses'];
  const due = await refreshDeadlines(trx, row.id, factsOf(merged, next));
  const updated = await trx
    .updateTable('complaint')
    .set({ ...mirrorColumns(next), ...(extra as object), effective_due_at: due, updated_at: now, version: row.version + 1 })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new AppError('CONCURRENT_UPDATE');
  return updated;
}
