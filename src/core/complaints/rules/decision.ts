// The decision and what follows it: decision notice content, feedback, satisfaction, follow-up call.
import { missingText, refuse, safeText, success } from '../results.ts';
import {
  FEEDBACK_CHANNELS,
  isOneOf,
  OUTCOMES,
  REMEDIES_OPEN,
  SATISFACTION_DIMENSIONS,
  SATISFACTION_LEVELS,
} from '../states.ts';
import type { Rule } from './types.ts';

/** The decision notice must state the facts checked, the basis and reasons, and every remedy open (law). */
export const recordDecision: Rule<'recordDecision'> = (s, cmd, ctx) => {
  const bad = missingText(cmd, ['remedy', 'factsChecked', 'basisAndReasons']);
  if (!isOneOf(OUTCOMES, cmd.outcome)) bad.unshift('outcome');
  const open = Array.isArray(cmd.remediesOpen) ? cmd.remediesOpen : [];
  const missingRemedies = REMEDIES_OPEN.filter((r) => !open.includes(r));
  const unknown = open.filter((r) => !isOneOf(REMEDIES_OPEN, r));
  if (missingRemedies.length || unknown.length) bad.push('remediesOpen');
  if (bad.length) {
    return refuse('VALIDATION_FAILED', {
      fields: bad,
      ...(missingRemedies.length ? { missingRemedies } : {}),
    });
  }
  const next = { ...s, state: 'decided' as const, outcome: cmd.outcome, decidedAt: ctx.now, decidedBy: ctx.actor.id, pendingExtension: null };
  return success(s, next, ctx, 'complaint.decided', 'DECISION_RECORDED', {
    outcome: cmd.outcome,
    remedy: safeText(cmd.remedy),
    remediesOpen: [...REMEDIES_OPEN],
    tier: s.tier,
  });
};

export const sendResultFeedback: Rule<'sendResultFeedback'> = (s, cmd, ctx, policy) => {
  const bad: string[] = [];
  if (!isOneOf(FEEDBACK_CHANNELS, cmd.channel)) bad.push('channel');
  if (cmd.notifiedAt !== undefined && !(cmd.notifiedAt instanceof Date && !Number.isNaN(cmd.notifiedAt.getTime()))) bad.push('notifiedAt');
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  if (s.major && policy.majorRequiresInPersonFeedback && cmd.channel !== 'in_person') {
    return refuse('VALIDATION_FAILED', { fields: ['channel'], problem: 'major complaints are answered in person' });
  }
  const notifiedAt = cmd.notifiedAt ?? ctx.now;
  if (notifiedAt.getTime() > ctx.now.getTime() || (s.decidedAt && notifiedAt.getTime() < s.decidedAt.getTime())) {
    return refuse('VALIDATION_FAILED', { fields: ['notifiedAt'], problem: 'must lie between the decision and now' });
  }
  const next = { ...s, state: 'feedback_sent' as const, decisionNotifiedAt: notifiedAt };
  return success(s, next, ctx, 'complaint.feedback_sent', 'RESULT_FEEDBACK_SENT', {
    channel: cmd.channel,
    notifiedAt: notifiedAt.toISOString(),
    outcome: s.outcome,
  });
};

export const recordSatisfaction: Rule<'recordSatisfaction'> = (s, cmd, ctx) => {
  const bad: string[] = [];
  if (!isOneOf(SATISFACTION_LEVELS, cmd.level)) bad.push('level');
  const scores = cmd.scores ?? {};
  if (typeof scores !== 'object' || scores === null) bad.push('scores');
  else {
    for (const [k, v] of Object.entries(scores)) {
      if (!isOneOf(SATISFACTION_DIMENSIONS, k) || !Number.isInteger(v) || (v as number) < 1 || (v as number) > 5) bad.push(`scores.${k}`);
    }
  }
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  const next = { ...s, satisfaction: cmd.level };
  return success(s, next, ctx, 'complaint.satisfaction_recorded', 'SATISFACTION_RECORDED', {
    level: cmd.level,
    scores: { ...scores },
    previous: s.satisfaction ?? undefined,
  });
};

export const recordFollowUp: Rule<'recordFollowUp'> = (s, cmd, ctx) => {
  if (typeof cmd.reached !== 'boolean') return refuse('VALIDATION_FAILED', { fields: ['reached'] });
  const next = { ...s, state: 'followed_up' as const, followedUpAt: ctx.now };
  return success(s, next, ctx, 'complaint.followed_up', 'FOLLOW_UP_RECORDED', { reached: cmd.reached, note: safeText(cmd.note) });
};
