// Moving a complaint between units and tiers: transfer (转办), return (退回), escalate (升级).
import { missingText, refuse, safeText, success } from '../results.ts';
import type { Tier } from '../states.ts';
import type { Rule } from './types.ts';

function optionalId(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() !== '');
}

export const transferComplaint: Rule<'transferComplaint'> = (s, cmd, ctx) => {
  const bad = missingText(cmd, ['toUnitId', 'reason']);
  if (!optionalId(cmd.toHandlerId)) bad.push('toHandlerId');
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  if (cmd.toUnitId === s.handlingUnitId && (cmd.toHandlerId ?? null) === s.handlerId) {
    return refuse('VALIDATION_FAILED', { fields: ['toUnitId'], problem: 'same unit and handler' });
  }
  const next = {
    ...s,
    state: 'assigned' as const,
    handlingUnitId: cmd.toUnitId,
    handlerId: cmd.toHandlerId ?? null,
    reassignmentCount: s.reassignmentCount + 1,
  };
  return success(s, next, ctx, 'complaint.transferred', 'COMPLAINT_TRANSFERRED', {
    fromUnitId: s.handlingUnitId,
    fromHandlerId: s.handlerId,
    toUnitId: next.handlingUnitId,
    toHandlerId: next.handlerId,
    reason: safeText(cmd.reason),
    reassignmentCount: next.reassignmentCount,
  });
};

export const returnComplaint: Rule<'returnComplaint'> = (s, cmd, ctx) => {
  const bad = missingText(cmd, ['reason']);
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  const next = {
    ...s,
    state: 'classified' as const,
    handlingUnitId: null,
    handlerId: null,
    reassignmentCount: s.reassignmentCount + 1,
  };
  return success(s, next, ctx, 'complaint.returned', 'COMPLAINT_RETURNED', {
    fromUnitId: s.handlingUnitId,
    fromHandlerId: s.handlerId,
    reason: safeText(cmd.reason),
    reassignmentCount: next.reassignmentCount,
  });
};

export const escalateComplaint: Rule<'escalateComplaint'> = (s, cmd, ctx) => {
  const bad = missingText(cmd, ['reason']);
  if (!optionalId(cmd.toUnitId)) bad.push('toUnitId');
  if (!optionalId(cmd.toHandlerId)) bad.push('toHandlerId');
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  if (s.tier >= 3) return refuse('ESCALATION_NOT_ALLOWED', { tier: s.tier, maxTier: 3 });
  const tier = (s.tier + 1) as Tier;
  const unitChanges = cmd.toUnitId !== undefined && cmd.toUnitId !== s.handlingUnitId;
  const next = {
    ...s,
    tier,
    handlingUnitId: cmd.toUnitId ?? s.handlingUnitId,
    // A new unit without a named handler waits for its own assignment.
    handlerId: cmd.toHandlerId !== undefined ? cmd.toHandlerId : unitChanges ? null : s.handlerId,
  };
  const needsHandler = next.handlerId === null && s.state === 'in_progress';
  const final = needsHandler ? { ...next, state: 'assigned' as const } : next;
  return success(s, final, ctx, 'complaint.escalated', 'COMPLAINT_ESCALATED', {
    fromTier: s.tier,
    toTier: tier,
    fromUnitId: s.handlingUnitId,
    toUnitId: final.handlingUnitId,
    toHandlerId: final.handlerId,
    reason: safeText(cmd.reason),
  });
};
