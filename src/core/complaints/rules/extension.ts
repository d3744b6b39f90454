// Extensions of the statutory time limit: 15 → 30 days for complex/special complaints (with a reason), and
// 30 → 60 days only with the approval of the superior unit (consumer protection) and notice to the complainant.
import { missingText, refuse, safeText, success } from '../results.ts';
import type { ComplaintSnapshot } from '../states.ts';
import type { ComplaintPolicy } from '../policy.ts';
import type { Rule } from './types.ts';

/** Total natural days allowed at each extension level. */
export const EXTENSION_DAYS = { 0: 15, 1: 30, 2: 60 } as const;

export function maxExtensionLevel(s: ComplaintSnapshot, policy: ComplaintPolicy): 0 | 1 | 2 {
  return s.complexity === 'complex' || s.complexity === 'special' ? 2 : policy.generalMaxExtensionLevel;
}

export const extendDeadline: Rule<'extendDeadline'> = (s, cmd, ctx, policy) => {
  const bad = missingText(cmd, ['reason']);
  if (cmd.level !== 1 && cmd.level !== 2) bad.push('level');
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  if (s.pendingExtension) return refuse('EXTENSION_NOT_ALLOWED', { reason: 'approval_pending' });
  if (cmd.level <= s.extensionLevel) {
    return refuse('EXTENSION_NOT_ALLOWED', { reason: 'already_extended', extensionLevel: s.extensionLevel });
  }
  if (cmd.level === 2 && s.extensionLevel === 0) return refuse('EXTENSION_NOT_ALLOWED', { reason: 'first_extension_required' });
  const maxLevel = maxExtensionLevel(s, policy);
  if (cmd.level > maxLevel) {
    return refuse('EXTENSION_NOT_ALLOWED', { reason: 'complexity', complexity: s.complexity, maxLevel });
  }
  if (s.statutoryDueAt && ctx.now.getTime() > s.statutoryDueAt.getTime()) {
    return refuse('EXTENSION_NOT_ALLOWED', { reason: 'deadline_passed', dueAt: s.statutoryDueAt.toISOString() });
  }
  const reason = safeText(cmd.reason);
  if (cmd.level === 1) {
    const next = { ...s, extensionLevel: 1 as const };
    const notice = policy.notifyCustomerOnFirstExtension
      ? [{ type: 'customer_notice.requested' as const, data: { notice: 'deadline_extended', extensionLevel: 1, totalDays: EXTENSION_DAYS[1], reason } }]
      : [];
    return success(s, next, ctx, 'complaint.deadline_extended', 'DEADLINE_EXTENDED', { extensionLevel: 1, totalDays: EXTENSION_DAYS[1], reason }, notice);
  }
  const next = {
    ...s,
    pendingExtension: { requestedBy: ctx.actor.id, requestedAt: ctx.now, reason: cmd.reason },
  };
  return success(s, next, ctx, 'complaint.extension_requested', 'EXTENSION_REQUESTED', { extensionLevel: 2, totalDays: EXTENSION_DAYS[2], reason });
};

export const approveExtension: Rule<'approveExtension'> = (s, cmd, ctx, policy) => {
  if (typeof cmd.approved !== 'boolean') return refuse('VALIDATION_FAILED', { fields: ['approved'] });
  const pending = s.pendingExtension;
  if (!pending) return refuse('EXTENSION_NOT_ALLOWED', { reason: 'no_pending_request' });
  if (!ctx.actor.roles.includes(policy.extensionApproverRole)) {
    return refuse('EXTENSION_NOT_ALLOWED', { reason: 'approver_role', requiredRole: policy.extensionApproverRole });
  }
  if (ctx.actorIsSuperior !== true) return refuse('EXTENSION_NOT_ALLOWED', { reason: 'approver_not_superior' });
  if (ctx.actor.id === pending.requestedBy || ctx.actor.id === s.handlerId) {
    return refuse('EXTENSION_NOT_ALLOWED', { reason: 'approver_conflict' });
  }
  const common = { requestedBy: pending.requestedBy, requestedAt: pending.requestedAt.toISOString(), note: safeText(cmd.note) };
  if (!cmd.approved) {
    const next = { ...s, pendingExtension: null };
    return success(s, next, ctx, 'complaint.extension_rejected', 'EXTENSION_REJECTED', { extensionLevel: s.extensionLevel, ...common });
  }
  const next = { ...s, extensionLevel: 2 as const, pendingExtension: null };
  return success(
    s,
    next,
    ctx,
    'complaint.extension_approved',
    'EXTENSION_APPROVED',
    { extensionLevel: 2, totalDays: EXTENSION_DAYS[2], ...common },
    [{ type: 'customer_notice.requested', data: { notice: 'deadline_extended', extensionLevel: 2, totalDays: EXTENSION_DAYS[2], reason: safeText(pending.reason) } }],
  );
};
