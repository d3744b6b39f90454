// The complaint lifecycle's vocabulary (GLOSSARY.md) and the snapshot the transition rules work on.
// See docs/complaint-states.md for the diagram.

export const COMPLAINT_STATES = [
  'registered', // 登记: recorded, not yet accepted (may be incomplete)
  'accepted', // 受理: complete and acknowledged
  'classified', // 分类: category and complexity set; waiting for a handling unit
  'assigned', // 分派: with a handling unit (and possibly a handler), handling not started
  'in_progress', // 处理中: a handler is working on it (tier 1–3)
  'awaiting_info', // 补充材料: paused, waiting for the complainant
  'decided', // 处理决定: decision recorded, not yet notified
  'feedback_sent', // 结果反馈: complainant notified of the decision
  'review_requested', // 申请复核
  'review_decided', // 复核决定
  'followed_up', // 回访
  'closed', // 办结
  'archived', // 归档
  'merged', // 合并: folded into another complaint (terminal until archived)
] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

export const CATEGORIES = ['business', 'service', 'product', 'technical', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const COMPLEXITIES = ['general', 'complex', 'special'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

export const CHANNELS = ['phone', 'sms', 'email', 'web', 'app', 'branch', 'regulator'] as const;
export type Channel = (typeof CHANNELS)[number];

export const OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Remedies every decision notice must name (《银行业保险业消费投诉处理管理办法》). */
export const REMEDIES_OPEN = ['review', 'mediation', 'arbitration', 'lawsuit'] as const;
export type RemedyOpen = (typeof REMEDIES_OPEN)[number];

/** How the result is fed back (R3.3-01); 'in_person' is required for major complaints. */
export const FEEDBACK_CHANNELS = ['phone', 'sms', 'email', 'portal', 'letter', 'in_person'] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

/** What makes a complaint complete (R3.1-02). */
export const COMPLETENESS_FIELDS = ['identity', 'contact', 'content', 'demand'] as const;
export type CompletenessField = (typeof COMPLETENESS_FIELDS)[number];

export const SATISFACTION_LEVELS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

/** R4-06's four dimensions, each scored 1–5. */
export const SATISFACTION_DIMENSIONS = ['handlingTime', 'resolution', 'communication', 'followUpService'] as const;
export type SatisfactionDimension = (typeof SATISFACTION_DIMENSIONS)[number];

export type Tier = 1 | 2 | 3;
export type ExtensionLevel = 0 | 1 | 2;
export type ReviewState = 'none' | 'requested' | 'decided';
export type ReviewResult = 'maintained' | 'revised';
/** 'resolved': closed after the full loop; 'not_accepted': closed from registration (not a complaint, withdrawn,
 * never completed). */
export type Closure = 'resolved' | 'not_accepted';
/** States from which requestInformation pauses the complaint, and to which supplyInformation returns. */
export type PausableState = 'registered' | 'in_progress';

export interface PendingExtension {
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly reason: string;
}

/** What the transition rules need to know about a complaint. Plain data: the app layer loads it from the
 * database and saves the `next` snapshot a transition returns. */
export interface ComplaintSnapshot {
  readonly id: string;
  readonly state: ComplaintState;
  readonly channel: Channel;
  readonly receivedAt: Date;
  /** Parts still missing for the complaint to be complete; acceptance needs none. */
  readonly missingFields: readonly CompletenessField[];
  readonly category: Category | null;
  readonly complexity: Complexity | null;
  readonly major: boolean;
  readonly mass: boolean;
  readonly tier: Tier;
  readonly handlingUnitId: string | null;
  readonly handlerId: string | null;
  /** Transfers and returns (推诿 detection, R3.4-02). */
  readonly reassignmentCount: number;
  readonly pausedFrom: PausableState | null;
  readonly pausedAt: Date | null;
  /** 0: 15 days; 1: extended to 30; 2: extended to 60 (approved). */
  readonly extensionLevel: ExtensionLevel;
  readonly pendingExtension: PendingExtension | null;
  /** Current statutory due time computed by the SLA module, if known; extensions must come before it. */
  readonly statutoryDueAt: Date | null;
  readonly acceptedAt: Date | null;
  readonly handlingStartedAt: Date | null;
  readonly outcome: Outcome | null;
  readonly decidedAt: Date | null;
  readonly decidedBy: string | null;
  /** When the complainant was notified of the decision: starts the review window. */
  readonly decisionNotifiedAt: Date | null;
  readonly reviewState: ReviewState;
  readonly reviewRequestedAt: Date | null;
  readonly reviewDecidedAt: Date | null;
  readonly reviewDecidedBy: string | null;
  readonly reviewResult: ReviewResult | null;
  readonly satisfaction: SatisfactionLevel | null;
  readonly followedUpAt: Date | null;
  readonly closure: Closure | null;
  readonly closedAt: Date | null;
  readonly reopenCount: number;
  readonly mergedIntoId: string | null;
  readonly archivedAt: Date | null;
}

export interface NewComplaintInput {
  readonly id: string;
  readonly channel: Channel;
  readonly receivedAt: Date;
  readonly missingFields?: readonly CompletenessField[];
}

/** The snapshot of a complaint just registered. */
export function newComplaintSnapshot(input: NewComplaintInput): ComplaintSnapshot {
  return {
    id: input.id,
    state: 'registered',
    channel: input.channel,
    receivedAt: input.receivedAt,
    missingFields: [...(input.missingFields ?? [])],
    category: null,
    complexity: null,
    major: false,
    mass: false,
    tier: 1,
    handlingUnitId: null,
    handlerId: null,
    reassignmentCount: 0,
    pausedFrom: null,
    pausedAt: null,
    extensionLevel: 0,
    pendingExtension: null,
    statutoryDueAt: null,
    acceptedAt: null,
    handlingStartedAt: null,
    outcome: null,
    decidedAt: null,
    decidedBy: null,
    decisionNotifiedAt: null,
    reviewState: 'none',
    reviewRequestedAt: null,
    reviewDecidedAt: null,
    reviewDecidedBy: null,
    reviewResult: null,
    satisfaction: null,
    followedUpAt: null,
    closure: null,
    closedAt: null,
    reopenCount: 0,
    mergedIntoId: null,
    archivedAt: null,
  };
}

/** Which completeness parts are missing, from what the complaint record holds (R3.1-02). */
export function findMissingFields(record: {
  readonly hasIdentity: boolean;
  readonly hasContact: boolean;
  readonly content?: string | null;
  readonly demand?: string | null;
}): CompletenessField[] {
  const missing: CompletenessField[] = [];
  if (!record.hasIdentity) missing.push('identity');
  if (!record.hasContact) missing.push('contact');
  if (!record.content?.trim()) missing.push('content');
  if (!record.demand?.trim()) missing.push('demand');
  return missing;
}

export function isOneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}
