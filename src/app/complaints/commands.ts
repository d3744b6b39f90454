// Every step of the complaint loop as one use case: lock the complaint, check scope, apply the pure
// transition, save (with recomputed deadlines), append the audit entry and the outbox events — one transaction.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { enqueue } from '../../db/outbox.ts';
import { decide, type ComplaintCommand } from '../../core/complaints/index.ts';
import { redactForAudit } from '../../core/privacy/index.ts';
import { loadComplaint, saveComplaint, snapshotOf } from './repository.ts';
import { mapCoreError, toCoreActor } from './core-bridge.ts';
import { extraColumnsFor, prepareCommand } from './command-data.ts';
import { routeComplaint } from './routing.ts';
import { activeCodeTable } from '../config/code-tables.ts';
import { currentHandlingRules } from '../config/calendar.ts';
import { hasCode } from '../../core/codes/code-table.ts';
import { systemCtx } from '../context.ts';
import type { ComplaintRow } from './repository.ts';

export interface CommandOptions {
  /** Fields carried by the request beyond the core command (decision details, satisfaction comment …). */
  payload?: Record<string, unknown>;
}

export async function runCommand(deps: Deps, ctx: Ctx, id: string, command: ComplaintCommand, opts: CommandOptions = {}): Promise<ComplaintRow> {
  return deps.db.transaction().execute((trx) => runCommandIn(trx, deps, ctx, id, command, opts));
}

export async function runCommandIn(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: Ctx,
  id: string,
  command: ComplaintCommand,
  opts: CommandOptions = {},
): Promise<ComplaintRow> {
  const row = await loadComplaint(trx, ctx, id, { forUpdate: true });
  const snapshot = snapshotOf(row);
  const prepared = await prepareCommand(trx, deps, ctx, row, snapshot, command);
  const result = decide(prepared.snapshot, prepared.command, {
    now: ctx.now,
    actor: toCoreActor(ctx),
    actorIsSuperior: prepared.actorIsSuperior,
    policy: currentHandlingRules(),
  });
  if (!result.ok) throw mapCoreError(result);
  let next = result.next;
  let auditData: Record<string, unknown> = { ...result.audit.data };
  if (command.type === 'acceptComplaint') {
    // Routed to the responsible unit on acceptance (routing rules, else the unit that received it).
    const unit = await routeComplaint(trx, { orgUnitId: row.org_unit_id, businessCode: row.business_code, category: row.category, channel: row.channel });
    next = { ...next, handlingUnitId: unit };
    auditData = { ...auditData, routedUnitId: unit };
  }
  const extra = await extraColumnsFor(deps, ctx, row, next, prepared.command, { ...(opts.payload ?? {}), __codeTableVersion: prepared.codeTableVersion });
  const saved = await saveComplaint(trx, row, next, ctx.now, extra);
  await appendAudit(trx, ctx, {
    entityType: 'complaint',
    entityId: id,
    kind: result.audit.kind,
    data: redactForAudit({ ...auditData, trackingNo: row.tracking_no }) as Record<string, unknown>,
  });
  await enqueue(
    trx,
    result.events.map((e) => ({
      topic: e.type,
      aggregateType: 'complaint',
      aggregateId: id,
      payload: redactForAudit({ ...e.data, complaintId: id, trackingNo: row.tracking_no, actorId: e.actorId }) as Record<string, unknown>,
    })),
    ctx.now,
  );
  await prepared.after?.(saved);
  if (command.type === 'acceptComplaint') return autoClassify(trx, deps, ctx, saved);
  return saved;
}

/** Confidence at or above which the classifier's suggestion is applied without a person (policy data). */
export const AUTO_CLASSIFY_THRESHOLD = 0.9;

/** Applies a confident suggestion right after acceptance, as the system; below the threshold a person decides. */
async function autoClassify(trx: Transaction<DB>, deps: Deps, ctx: Ctx, row: ComplaintRow): Promise<ComplaintRow> {
  const s = row.suggestion as { category?: string; categoryConfidence?: number; reasonCode?: string; businessCode?: string; modelVersion?: string } | null;
  const setting = await trx.selectFrom('setting').select('value').where('key', '=', 'classifier.autoApplyThreshold').executeTakeFirst();
  const threshold = typeof (setting?.value as { threshold?: number } | undefined)?.threshold === 'number' ? (setting!.value as { threshold: number }).threshold : AUTO_CLASSIFY_THRESHOLD;
  if (!s?.category || (s.categoryConfidence ?? 0) < threshold) return row;
  const table = await activeCodeTable(trx);
  const sys = { ...systemCtx(ctx.now), ip: ctx.ip, requestId: ctx.requestId };
  return runCommandIn(trx, deps, sys, row.id, {
    type: 'classifyComplaint',
    category: s.category as never,
    complexity: 'general',
    ...(s.reasonCode && hasCode(table, 'reason', s.reasonCode) ? { reasonCode: s.reasonCode } : {}),
    ...(s.businessCode && hasCode(table, 'business', s.businessCode) ? { businessCode: s.businessCode } : {}),
  }, { payload: { __auto: true } });
}

export function assertPayload(cond: unknown, field: string): asserts cond {
  if (!cond) throw new AppError('VALIDATION_FAILED', { field });
}
