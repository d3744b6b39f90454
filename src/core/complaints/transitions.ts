// The complaint state machine: which command is allowed in which state, and the pure decide() function.
// decide(snapshot, command, ctx) never reads a clock, a database or the org tree: everything comes in.
import { COMMAND_TYPES, type CommandType, type ComplaintCommand } from './commands.ts';
import { resolvePolicy } from './policy.ts';
import { refuse, type DecideContext, type DecideResult } from './results.ts';
import type { ComplaintSnapshot, ComplaintState } from './states.ts';
import { acceptComplaint, assignComplaint, classifyComplaint, requestInformation, startHandling, supplyInformation } from './rules/intake.ts';
import { escalateComplaint, returnComplaint, transferComplaint } from './rules/routing.ts';
import { approveExtension, extendDeadline } from './rules/extension.ts';
import { recordDecision, recordFollowUp, recordSatisfaction, sendResultFeedback } from './rules/decision.ts';
import { decideReview, requestReview } from './rules/review.ts';
import { archiveComplaint, closeComplaint, mergeComplaints, reopenComplaint } from './rules/lifecycle.ts';
import type { Rule } from './rules/types.ts';

const inStates =
  (...states: ComplaintState[]) =>
  (s: ComplaintSnapshot): boolean =>
    states.includes(s.state);

const handling = (s: ComplaintSnapshot): boolean =>
  s.state === 'assigned' || s.state === 'in_progress' || (s.state === 'awaiting_info' && s.pausedFrom === 'in_progress');

/**
 * State guards: a command whose guard is false is an INVALID_TRANSITION. Rule errors (incomplete complaint,
 * review window, extension policy …) are checked after the guard and have their own codes.
 */
export const STATE_GUARDS: { readonly [K in CommandType]: (s: ComplaintSnapshot) => boolean } = {
  acceptComplaint: inStates('registered'),
  classifyComplaint: inStates('accepted', 'classified', 'assigned', 'in_progress'),
  assignComplaint: inStates('classified', 'assigned'),
  startHandling: inStates('assigned'),
  transferComplaint: inStates('assigned', 'in_progress'),
  returnComplaint: inStates('assigned', 'in_progress'),
  escalateComplaint: inStates('assigned', 'in_progress'),
  requestInformation: inStates('registered', 'in_progress'),
  supplyInformation: inStates('awaiting_info'),
  extendDeadline: handling,
  approveExtension: handling,
  recordDecision: inStates('in_progress'),
  sendResultFeedback: inStates('decided'),
  recordSatisfaction: (s) =>
    inStates('feedback_sent', 'review_decided', 'followed_up')(s) || (s.state === 'closed' && s.closure === 'resolved'),
  requestReview: (s) =>
    inStates('feedback_sent', 'followed_up', 'closed')(s) && s.decisionNotifiedAt !== null && s.reviewState === 'none',
  decideReview: inStates('review_requested'),
  recordFollowUp: inStates('feedback_sent', 'review_decided'),
  closeComplaint: (s) =>
    inStates('followed_up', 'registered')(s) || (s.state === 'awaiting_info' && s.pausedFrom === 'registered'),
  reopenComplaint: inStates('closed'),
  mergeComplaints: inStates('registered', 'accepted', 'classified', 'assigned', 'in_progress', 'awaiting_info'),
  archiveComplaint: inStates('closed', 'merged'),
};

const RULES: { readonly [K in CommandType]: Rule<K> } = {
  acceptComplaint,
  classifyComplaint,
  assignComplaint,
  startHandling,
  transferComplaint,
  returnComplaint,
  escalateComplaint,
  requestInformation,
  supplyInformation,
  extendDeadline,
  approveExtension,
  recordDecision,
  sendResultFeedback,
  recordSatisfaction,
  requestReview,
  decideReview,
  recordFollowUp,
  closeComplaint,
  reopenComplaint,
  mergeComplaints,
  archiveComplaint,
};

function isCommandType(t: unknown): t is CommandType {
  return typeof t === 'string' && (COMMAND_TYPES as readonly string[]).includes(t);
}

/**
 * Applies a command to a complaint snapshot. Pure: the input is not modified; the result carries the next
 * snapshot, the events for the outbox and the audit entry, or a refusal with a stable code.
 */
export function decide(snapshot: ComplaintSnapshot, command: ComplaintCommand, ctx: DecideContext): DecideResult {
  const type: unknown = (command as { type?: unknown } | null)?.type;
  if (!isCommandType(type)) return refuse('VALIDATION_FAILED', { fields: ['type'] });
  if (!STATE_GUARDS[type](snapshot)) return refuse('INVALID_TRANSITION', { command: type, state: snapshot.state });
  const rule = RULES[type] as Rule<CommandType>;
  return rule(snapshot, command as never, ctx, resolvePolicy(ctx.policy));
}

/** Commands the state allows (for the UI's buttons). A rule may still refuse one (e.g. REVIEW_WINDOW_CLOSED). */
export function allowedCommands(snapshot: ComplaintSnapshot): CommandType[] {
  return COMMAND_TYPES.filter((t) => STATE_GUARDS[t](snapshot));
}
