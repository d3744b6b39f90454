// Review (核查 / 申诉): requested in writing within the window after the decision notice, decided by someone
// other than the original handler (R3.2-05).
import { reviewWindow } from '../policy.ts';
import { missingText, refuse, safeText, success } from '../results.ts';
import { isOneOf, OUTCOMES } from '../states.ts';
import type { Rule } from './types.ts';

export const requestReview: Rule<'requestReview'> = (s, cmd, ctx, policy) => {
  const bad = missingText(cmd, ['reason']);
  if (cmd.receivedAt !== undefined && !(cmd.receivedAt instanceof Date && !Number.isNaN(cmd.receivedAt.getTime()))) bad.push('receivedAt');
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  const receivedAt = cmd.receivedAt ?? ctx.now;
  if (receivedAt.getTime() > ctx.now.getTime()) return refuse('VALIDATION_FAILED', { fields: ['receivedAt'], problem: 'in the future' });
  // The state guard guarantees a notified decision.
  const notifiedAt = s.decisionNotifiedAt ?? s.decidedAt ?? ctx.now;
  const window = reviewWindow(notifiedAt, policy.reviewWindowDays);
  if (receivedAt.getTime() >= window.closesAt.getTime()) {
    return refuse('REVIEW_WINDOW_CLOSED', {
      closesOn: window.closesOn,
      closedAt: window.closesAt.toISOString(),
      windowDays: policy.reviewWindowDays,
    });
  }
  const next = { ...s, state: 'review_requested' as const, reviewState: 'requested' as const, reviewRequestedAt: receivedAt };
  return success(s, next, ctx, 'complaint.review_requested', 'REVIEW_REQUESTED', {
    receivedAt: receivedAt.toISOString(),
    reason: safeText(cmd.reason),
    windowClosesOn: window.closesOn,
  });
};

export const decideReview: Rule<'decideReview'> = (s, cmd, ctx) => {
  const bad = missingText(cmd, ['reasons']);
  if (cmd.result !== 'maintained' && cmd.result !== 'revised') bad.unshift('result');
  if (cmd.result === 'revised') {
    if (!isOneOf(OUTCOMES, cmd.outcome)) bad.push('outcome');
    if (typeof cmd.remedy !== 'string' || !cmd.remedy.trim()) bad.push('remedy');
  }
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  if (ctx.actor.id === s.handlerId || ctx.actor.id === s.decidedBy) {
    return refuse('REVIEWER_CONFLICT', { reviewerId: ctx.actor.id });
  }
  const outcome = cmd.result === 'revised' && cmd.outcome ? cmd.outcome : s.outcome;
  const next = {
    ...s,
    state: 'review_decided' as const,
    reviewState: 'decided' as const,
    reviewDecidedAt: ctx.now,
    reviewDecidedBy: ctx.actor.id,
    reviewResult: cmd.result,
    outcome,
  };
  const data = { result: cmd.result, outcome, previousOutcome: s.outcome, remedy: safeText(cmd.remedy), reasons: safeText(cmd.reasons) };
  return success(s, next, ctx, 'complaint.review_decided', 'REVIEW_DECIDED', data, [
    { type: 'customer_notice.requested', data: { notice: 'review_decided', result: cmd.result, outcome } },
  ]);
};
