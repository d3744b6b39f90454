// Closing the loop: close (办结), reopen, merge (合并), archive (归档).
import { reviewWindow } from '../policy.ts';
import { missingText, refuse, safeText, success } from '../results.ts';
import type { ComplaintSnapshot, ComplaintState } from '../states.ts';
import type { Rule } from './types.ts';

export const closeComplaint: Rule<'closeComplaint'> = (s, cmd, ctx) => {
  const resolved = s.state === 'followed_up';
  if (!resolved) {
    // Closing a complaint that was never accepted (not a complaint, withdrawn, never completed) needs a reason.
    const bad = missingText(cmd, ['reason']);
    if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  }
  const closure = resolved ? ('resolved' as const) : ('not_accepted' as const);
  const next = { ...s, state: 'closed' as const, closure, closedAt: ctx.now, pausedFrom: null, pausedAt: null };
  return success(s, next, ctx, 'complaint.closed', 'COMPLAINT_CLOSED', {
    closure,
    outcome: s.outcome,
    satisfaction: s.satisfaction,
    reason: safeText(cmd.reason),
  });
};

export const reopenComplaint: Rule<'reopenComplaint'> = (s, cmd, ctx) => {
  const bad = missingText(cmd, ['reason']);
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  const to: ComplaintState = s.closure === 'not_accepted' ? 'registered' : s.handlerId ? 'in_progress' : 'classified';
  // A reopened complaint gets a new decision, a new notice and with it a new review window.
  const next: ComplaintSnapshot = {
    ...s,
    state: to,
    reopenCount: s.reopenCount + 1,
    closure: null,
    closedAt: null,
    outcome: null,
    decidedAt: null,
    decidedBy: null,
    decisionNotifiedAt: null,
    reviewState: 'none',
    reviewRequestedAt: null,
    reviewDecidedAt: null,
    reviewDecidedBy: null,
    reviewResult: null,
    followedUpAt: null,
  };
  return success(s, next, ctx, 'complaint.reopened', 'COMPLAINT_REOPENED', {
    reason: safeText(cmd.reason),
    reopenCount: next.reopenCount,
    previousOutcome: s.outcome,
  });
};

const MERGE_TARGET_STATES: readonly ComplaintState[] = [
  'registered', 'accepted', 'classified', 'assigned', 'in_progress', 'awaiting_info',
];

export const mergeComplaints: Rule<'mergeComplaints'> = (s, cmd, ctx) => {
  const target = cmd.target as { id?: unknown; state?: unknown } | undefined;
  if (!target || typeof target.id !== 'string' || !target.id.trim() || typeof target.state !== 'string') {
    return refuse('VALIDATION_FAILED', { fields: ['target'] });
  }
  if (typeof cmd.sameComplainant !== 'boolean') return refuse('VALIDATION_FAILED', { fields: ['sameComplainant'] });
  if (target.id === s.id) return refuse('MERGE_NOT_ALLOWED', { reason: 'same_complaint' });
  if (!MERGE_TARGET_STATES.includes(target.state as ComplaintState)) {
    return refuse('MERGE_NOT_ALLOWED', { reason: 'target_state', targetState: target.state });
  }
  if (!cmd.sameComplainant) return refuse('MERGE_NOT_ALLOWED', { reason: 'different_complainant' });
  const next = { ...s, state: 'merged' as const, mergedIntoId: target.id, pausedFrom: null, pausedAt: null, pendingExtension: null };
  return success(s, next, ctx, 'complaint.merged', 'COMPLAINT_MERGED', {
    sourceId: s.id,
    targetId: target.id,
    reason: safeText(cmd.reason),
  });
};

export const archiveComplaint: Rule<'archiveComplaint'> = (s, _cmd, ctx, policy) => {
  // An archived complaint can no longer be reviewed: wait until the complainant's review window has closed.
  if (s.state === 'closed' && s.reviewState === 'none' && s.decisionNotifiedAt) {
    const window = reviewWindow(s.decisionNotifiedAt, policy.reviewWindowDays);
    if (ctx.now.getTime() < window.closesAt.getTime()) {
      return refuse('INVALID_TRANSITION', { command: 'archiveComplaint', state: s.state, reason: 'review_window_open', closesOn: window.closesOn });
    }
  }
  const next = { ...s, state: 'archived' as const, archivedAt: ctx.now };
  return success(s, next, ctx, 'complaint.archived', 'COMPLAINT_ARCHIVED', { closure: s.closure, mergedIntoId: s.mergedIntoId });
};
