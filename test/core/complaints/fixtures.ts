// Snapshots in every state and a valid command of every type, for the table-driven transition tests.
import { newComplaintSnapshot, type ComplaintSnapshot, type ComplaintState } from '../../../src/core/complaints/states.ts';
import type { CommandType, ComplaintCommand } from '../../../src/core/complaints/commands.ts';
import type { DecideContext } from '../../../src/core/complaints/results.ts';

export const NOW = new Date('2025-03-20T02:00:00Z'); // 10:00 in Shanghai
export const DAY = 86_400_000;
export const HANDLER = 'u-handler';
export const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

/** A consumer-protection officer of a superior unit, not the handler: passes every actor rule. */
export const CTX: DecideContext = {
  now: NOW,
  actor: { id: 'u-supervisor', roles: ['consumer_protection'], orgUnitPath: ['hq'] },
  actorIsSuperior: true,
};
export const ctxAs = (id: string, roles: string[] = ['handler'], extra: Partial<DecideContext> = {}): DecideContext => ({
  now: NOW,
  actor: { id, roles },
  ...extra,
});

const registered = newComplaintSnapshot({ id: 'c-1', channel: 'app', receivedAt: ago(10) });
const accepted: ComplaintSnapshot = { ...registered, state: 'accepted', acceptedAt: ago(10) };
const classified: ComplaintSnapshot = { ...accepted, state: 'classified', category: 'business', complexity: 'complex' };
const assigned: ComplaintSnapshot = { ...classified, state: 'assigned', handlingUnitId: 'unit-a', handlerId: HANDLER };
const inProgress: ComplaintSnapshot = { ...assigned, state: 'in_progress', handlingStartedAt: ago(9) };
const awaitingInfo: ComplaintSnapshot = { ...inProgress, state: 'awaiting_info', pausedFrom: 'in_progress', pausedAt: ago(2) };
const decided: ComplaintSnapshot = { ...inProgress, state: 'decided', outcome: 'partly_upheld', decidedAt: ago(6), decidedBy: HANDLER };
const feedbackSent: ComplaintSnapshot = { ...decided, state: 'feedback_sent', decisionNotifiedAt: ago(5) };
const reviewRequested: ComplaintSnapshot = { ...feedbackSent, state: 'review_requested', reviewState: 'requested', reviewRequestedAt: ago(3) };
const reviewDecided: ComplaintSnapshot = {
  ...reviewRequested,
  state: 'review_decided',
  reviewState: 'decided',
  reviewDecidedAt: ago(1),
  reviewDecidedBy: 'u-supervisor',
  reviewResult: 'maintained',
};
const followedUp: ComplaintSnapshot = { ...feedbackSent, state: 'followed_up', followedUpAt: ago(2) };
const closed: ComplaintSnapshot = { ...followedUp, state: 'closed', closure: 'resolved', closedAt: ago(1) };
const archived: ComplaintSnapshot = { ...closed, state: 'archived', archivedAt: NOW };
const merged: ComplaintSnapshot = { ...accepted, state: 'merged', mergedIntoId: 'c-0' };

export const IN_STATE: Record<ComplaintState, ComplaintSnapshot> = {
  registered,
  accepted,
  classified,
  assigned,
  in_progress: inProgress,
  awaiting_info: awaitingInfo,
  decided,
  feedback_sent: feedbackSent,
  review_requested: reviewRequested,
  review_decided: reviewDecided,
  followed_up: followedUp,
  closed,
  archived,
  merged,
};

export const VALID_COMMAND: { [K in CommandType]: Extract<ComplaintCommand, { type: K }> } = {
  acceptComplaint: { type: 'acceptComplaint' },
  classifyComplaint: { type: 'classifyComplaint', category: 'technical', complexity: 'complex' },
  assignComplaint: { type: 'assignComplaint', handlingUnitId: 'unit-a', handlerId: HANDLER },
  startHandling: { type: 'startHandling' },
  transferComplaint: { type: 'transferComplaint', toUnitId: 'unit-b', reason: '属于信用卡中心业务' },
  returnComplaint: { type: 'returnComplaint', reason: '非本单位业务' },
  escalateComplaint: { type: 'escalateComplaint', reason: '涉及多个部门' },
  requestInformation: { type: 'requestInformation', note: '请提供交易流水截图' },
  supplyInformation: { type: 'supplyInformation' },
  extendDeadline: { type: 'extendDeadline', level: 1, reason: '需调取跨行交易记录' },
  approveExtension: { type: 'approveExtension', approved: true },
  recordDecision: {
    type: 'recordDecision',
    outcome: 'partly_upheld',
    remedy: '退还手续费50元',
    factsChecked: '经核实，该笔手续费系系统重复扣收',
    basisAndReasons: '依据收费公示及合同约定',
    remediesOpen: ['review', 'mediation', 'arbitration', 'lawsuit'],
  },
  sendResultFeedback: { type: 'sendResultFeedback', channel: 'sms' },
  recordSatisfaction: { type: 'recordSatisfaction', level: 'satisfied', scores: { handlingTime: 4, resolution: 5 } },
  requestReview: { type: 'requestReview', reason: '对处理结果不满意' },
  decideReview: { type: 'decideReview', result: 'maintained', reasons: '原处理决定事实清楚' },
  recordFollowUp: { type: 'recordFollowUp', reached: true },
  closeComplaint: { type: 'closeComplaint', reason: '客户撤回' },
  reopenComplaint: { type: 'reopenComplaint', reason: '客户反映问题未解决' },
  mergeComplaints: { type: 'mergeComplaints', target: { id: 'c-0', state: 'in_progress' }, sameComplainant: true },
  archiveComplaint: { type: 'archiveComplaint' },
};

/** Per-command adjustments so that the rule checks after the state guard pass. */
export function prepare(type: CommandType, s: ComplaintSnapshot): ComplaintSnapshot {
  if (type === 'approveExtension') {
    return { ...s, extensionLevel: 1, pendingExtension: { requestedBy: HANDLER, requestedAt: ago(1), reason: '案情复杂' } };
  }
  if (type === 'archiveComplaint' && s.decisionNotifiedAt) return { ...s, decisionNotifiedAt: ago(40) };
  return s;
}
