// What each command needs from the database before the pure rules run (org-tree facts, the merge target,
// the statutory due time) and which columns it fills beyond the snapshot.
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import type { ComplaintCommand, ComplaintSnapshot } from '../../core/complaints/index.ts';
import type { ComplaintRow } from './repository.ts';
import { activeCodeTable } from '../config/code-tables.ts';
import { hasCode } from '../../core/codes/code-table.ts';

export interface Prepared {
  command: ComplaintCommand;
  snapshot: ComplaintSnapshot;
  actorIsSuperior: boolean;
  codeTableVersion?: string;
  after?: (saved: ComplaintRow) => Promise<void>;
}

async function unitPath(trx: Transaction<DB>, id: string | null): Promise<string | null> {
  if (!id) return null;
  return (await trx.selectFrom('org_unit').select('path').where('id', '=', id).executeTakeFirst())?.path ?? null;
}

async function assertUnitAndHandler(trx: Transaction<DB>, unitId: string | undefined, handlerId: string | null | undefined): Promise<void> {
  if (unitId) {
    const u = await trx.selectFrom('org_unit').select(['id', 'active']).where('id', '=', unitId).executeTakeFirst();
    if (!u || !u.active) throw new AppError('ORG_UNIT_NOT_FOUND', { field: 'unit' });
  }
  if (handlerId) {
    const h = await trx.selectFrom('app_user').select(['org_unit_id', 'status']).where('id', '=', handlerId).executeTakeFirst();
    if (!h || h.status !== 'active') throw new AppError('USER_NOT_FOUND', { field: 'handler' });
    if (unitId && h.org_unit_id !== unitId) {
      // The handler must work in the handling unit or below it.
      const [hu, tu] = await Promise.all([unitPath(trx, h.org_unit_id), unitPath(trx, unitId)]);
      if (!hu || !tu || !hu.startsWith(tu)) throw new AppError('VALIDATION_FAILED', { field: 'handlerId', reason: 'handler_not_in_unit' });
    }
  }
}

export async function prepareCommand(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: Ctx,
  row: ComplaintRow,
  snapshot: ComplaintSnapshot,
  command: ComplaintCommand,
): Promise<Prepared> {
  void deps;
  const decideRow = await trx.selectFrom('complaint_deadline').select('statutory_due_at').where('complaint_id', '=', row.id).where('step', '=', 'decide').executeTakeFirst();
  const withDue: ComplaintSnapshot = { ...snapshot, statutoryDueAt: decideRow?.statutory_due_at ?? null };
  let actorIsSuperior = false;
  let codeTableVersion: string | undefined;
  switch (command.type) {
    case 'assignComplaint':
      await assertUnitAndHandler(trx, command.handlingUnitId, command.handlerId);
      break;
    case 'transferComplaint':
      await assertUnitAndHandler(trx, command.toUnitId, command.toHandlerId);
      break;
    case 'escalateComplaint':
      await assertUnitAndHandler(trx, command.toUnitId, command.toHandlerId);
      break;
    case 'classifyComplaint':
    {
      const table = await activeCodeTable(trx);
      if (command.channelCode && !hasCode(table, 'channel', command.channelCode)) throw new AppError('UNKNOWN_CODE', { field: 'channelCode', version: table.version });
      if (command.businessCode && !hasCode(table, 'business', command.businessCode)) throw new AppError('UNKNOWN_CODE', { field: 'businessCode', version: table.version });
      if (command.reasonCode && !hasCode(table, 'reason', command.reasonCode)) throw new AppError('UNKNOWN_CODE', { field: 'reasonCode', version: table.version });
      codeTableVersion = table.version;
      break;
    }
    case 'approveExtension': {
      // The approver's unit must be above the handling unit (or be head office).
      const handling = await unitPath(trx, snapshot.handlingUnitId ?? row.org_unit_id);
      const mine = ctx.actor.orgPath;
      actorIsSuperior = !!handling && !!mine && handling.startsWith(mine) && handling !== mine;
      if (!actorIsSuperior && mine && handling === mine && mine.split('/').filter(Boolean).length === 1) actorIsSuperior = true;
      break;
    }
    case 'mergeComplaints': {
      const target = await trx.selectFrom('complaint').selectAll().where('id', '=', command.target.id).executeTakeFirst();
      if (!target || target.id === row.id) throw new AppError('COMPLAINT_NOT_FOUND', { field: 'targetId' });
      const same =
        (!!row.id_number_bidx && row.id_number_bidx === target.id_number_bidx) || (!!row.phone_bidx && row.phone_bidx === target.phone_bidx);
      return {
        command: { ...command, target: { id: target.id, state: target.state as ComplaintSnapshot['state'] }, sameComplainant: same },
        snapshot: withDue,
        actorIsSuperior,
      };
    }
    case 'decideReview': {
      // The review belongs to the superior unit of the handling unit, and never to the original handler.
      const handling = await unitPath(trx, snapshot.handlingUnitId ?? row.org_unit_id);
      const mine = ctx.actor.orgPath;
      const superiorOrHead = !!handling && !!mine && handling.startsWith(mine) && (handling !== mine || mine.split('/').filter(Boolean).length === 1);
      if (!superiorOrHead) throw new AppError('NOT_SUPERIOR_UNIT');
      break;
    }
    default:
      break;
  }
  return { command, snapshot: withDue, actorIsSuperior, ...(codeTableVersion ? { codeTableVersion } : {}) };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export async function extraColumnsFor(
  deps: Deps,
  ctx: Ctx,
  row: ComplaintRow,
  next: ComplaintSnapshot,
  command: ComplaintCommand,
  payload: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const now = ctx.now;
  const firstResponse = row.first_response_at ?? now;
  switch (command.type) {
    case 'classifyComplaint': {
      // Keep the machine's suggestion beside the human choice: agreement per model version is counted from it.
      const sug = (row.suggestion ?? null) as Record<string, unknown> | null;
      const review = sug
        ? JSON.stringify({
            ...sug,
            decidedBy: payload.__auto ? 'auto' : 'human',
            agreed: { category: sug.category === command.category, reasonCode: command.reasonCode === undefined ? null : sug.reasonCode === command.reasonCode, businessCode: command.businessCode === undefined ? null : sug.businessCode === command.businessCode },
          })
        : null;
      return {
        ...(review ? { suggestion: review } : {}),
        channel_code: command.channelCode ?? row.channel_code,
        business_code: command.businessCode ?? row.business_code,
        reason_code: command.reasonCode ?? row.reason_code,
        code_table_version: String(payload.__codeTableVersion ?? row.code_table_version ?? ''),
        classified_by: ctx.actor.id,
        classified_at: row.classified_at ?? now,
      };
    }
    case 'requestInformation':
      return { pauses: JSON.stringify([...(row.pauses ?? []), { from: now.toISOString(), to: null }]), first_response_at: firstResponse };
    case 'supplyInformation': {
      const pauses = (row.pauses ?? []).map((p) => (p.to === null ? { ...p, to: now.toISOString() } : p));
      const upd: Record<string, unknown> = { pauses: JSON.stringify(pauses) };
      if (str(payload.content)) upd.content = payload.content;
      if (str(payload.demand)) upd.demand = payload.demand;
      const c = (payload.complainant ?? {}) as Record<string, string | undefined>;
      if (c.name) upd.name_enc = deps.keyring.encrypt('name', c.name);
      if (c.phone) {
        upd.phone_enc = deps.keyring.encrypt('phone', c.phone);
        upd.phone_bidx = deps.keyring.blindIndex('phone', c.phone);
      }
      if (c.email) upd.email_enc = deps.keyring.encrypt('email', c.email);
      if (c.idNumber) {
        upd.id_number_enc = deps.keyring.encrypt('idNumber', c.idNumber);
        upd.id_number_bidx = deps.keyring.blindIndex('idNumber', c.idNumber);
      }
      return upd;
    }
    case 'extendDeadline':
    case 'approveExtension':
      return { first_response_at: firstResponse };
    case 'recordDecision':
      return {
        decision: JSON.stringify({
          outcome: command.outcome,
          remedy: command.remedy,
          factsChecked: command.factsChecked,
          basisAndReasons: command.basisAndReasons,
          remediesOpen: command.remediesOpen,
          refundAmount: typeof payload.refundAmount === 'number' ? payload.refundAmount : null,
          remedyTypes: Array.isArray(payload.remedyTypes) ? payload.remedyTypes : [],
          decidedBy: ctx.actor.id,
          decidedAt: now.toISOString(),
        }),
        plan_at: row.plan_at ?? now,
      };
    case 'sendResultFeedback':
      return { feedback_at: now, first_response_at: firstResponse };
    case 'recordSatisfaction': {
      const sc = command.scores ?? {};
      return {
        satisfaction: JSON.stringify({
          level: command.level,
          time: sc.handlingTime ?? null,
          effect: sc.resolution ?? null,
          communication: sc.communication ?? null,
          followUp: sc.followUpService ?? null,
          comment: str(payload.comment) ?? null,
          recordedAt: now.toISOString(),
        }),
      };
    }
    case 'requestReview':
      return { review: JSON.stringify({ reason: command.reason, requestedAt: (command.receivedAt ?? now).toISOString() }) };
    case 'decideReview':
      return {
        review: JSON.stringify({
          ...(row.review ?? {}),
          result: command.result,
          outcome: command.result === 'maintained' ? 'upheld' : 'overturned',
          reasons: command.reasons,
          revisedOutcome: command.outcome ?? null,
          decidedBy: ctx.actor.id,
          decidedAt: now.toISOString(),
        }),
      };
    case 'reopenComplaint':
      return { decision: null, feedback_at: null };
    default:
      void next;
      return {};
  }
}
