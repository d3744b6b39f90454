// The commands of the complaint lifecycle, one per use case (camelCase, GLOSSARY.md). Commands reach the core
// from HTTP bodies through the app layer, so every rule re-checks the values at run time.
import type {
  Category,
  CompletenessField,
  Complexity,
  ComplaintState,
  FeedbackChannel,
  Outcome,
  RemedyOpen,
  ReviewResult,
  SatisfactionDimension,
  SatisfactionLevel,
} from './states.ts';

export interface AcceptComplaint { readonly type: 'acceptComplaint' }

export interface ClassifyComplaint {
  readonly type: 'classifyComplaint';
  readonly category: Category;
  readonly complexity: Complexity;
  readonly major?: boolean;
  readonly mass?: boolean;
  /** JR/T 0169 axes, from the versioned code table (validated by the app layer). */
  readonly channelCode?: string;
  readonly businessCode?: string;
  readonly reasonCode?: string;
}

export interface AssignComplaint {
  readonly type: 'assignComplaint';
  readonly handlingUnitId: string;
  readonly handlerId?: string | null;
}

/** Not in the brief's list: the handler starts work (R4-01 measures "start handling within 24 h"). */
export interface StartHandling { readonly type: 'startHandling' }

export interface TransferComplaint {
  readonly type: 'transferComplaint';
  readonly toUnitId: string;
  readonly toHandlerId?: string | null;
  readonly reason: string;
}

export interface ReturnComplaint { readonly type: 'returnComplaint'; readonly reason: string }

export interface EscalateComplaint {
  readonly type: 'escalateComplaint';
  readonly reason: string;
  readonly toUnitId?: string;
  readonly toHandlerId?: string | null;
}

export interface RequestInformation {
  readonly type: 'requestInformation';
  /** Completeness parts asked for (defaults to the snapshot's missing fields before acceptance). */
  readonly fields?: readonly CompletenessField[];
  /** What is asked for, in words (required when no fields are given). */
  readonly note?: string;
}

export interface SupplyInformation {
  readonly type: 'supplyInformation';
  readonly suppliedFields?: readonly CompletenessField[];
}

export interface ExtendDeadline {
  readonly type: 'extendDeadline';
  /** 1: to 30 days, applied at once; 2: to 60 days, becomes a request for approveExtension. */
  readonly level: 1 | 2;
  readonly reason: string;
}

export interface ApproveExtension {
  readonly type: 'approveExtension';
  readonly approved: boolean;
  readonly note?: string;
}

export interface RecordDecision {
  readonly type: 'recordDecision';
  readonly outcome: Outcome;
  /** What the institution will do (refund, apology, correction, or "none" with reasons). */
  readonly remedy: string;
  readonly factsChecked: string;
  readonly basisAndReasons: string;
  readonly remediesOpen: readonly RemedyOpen[];
}

export interface SendResultFeedback {
  readonly type: 'sendResultFeedback';
  readonly channel: FeedbackChannel;
  /** When the complainant received the notice; defaults to ctx.now. */
  readonly notifiedAt?: Date;
}

export interface RecordSatisfaction {
  readonly type: 'recordSatisfaction';
  readonly level: SatisfactionLevel;
  readonly scores?: Partial<Record<SatisfactionDimension, number>>;
}

export interface RequestReview {
  readonly type: 'requestReview';
  readonly reason: string;
  /** When the written application was received; defaults to ctx.now. */
  readonly receivedAt?: Date;
}

export interface DecideReview {
  readonly type: 'decideReview';
  readonly result: ReviewResult;
  readonly reasons: string;
  /** Required when the result is 'revised'. */
  readonly outcome?: Outcome;
  readonly remedy?: string;
}

export interface RecordFollowUp {
  readonly type: 'recordFollowUp';
  readonly reached: boolean;
  readonly note?: string;
}

export interface CloseComplaint {
  readonly type: 'closeComplaint';
  /** Required when closing a complaint that was never accepted. */
  readonly reason?: string;
}

export interface ReopenComplaint { readonly type: 'reopenComplaint'; readonly reason: string }

export interface MergeComplaints {
  readonly type: 'mergeComplaints';
  /** The complaint this one is folded into, as loaded by the app layer. */
  readonly target: { readonly id: string; readonly state: ComplaintState };
  /** Computed by the app layer from the two complainants; merging different people's complaints is refused. */
  readonly sameComplainant: boolean;
  readonly reason?: string;
}

export interface ArchiveComplaint { readonly type: 'archiveComplaint' }

export type ComplaintCommand =
  | AcceptComplaint
  | ClassifyComplaint
  | AssignComplaint
  | StartHandling
  | TransferComplaint
  | ReturnComplaint
  | EscalateComplaint
  | RequestInformation
  | SupplyInformation
  | ExtendDeadline
  | ApproveExtension
  | RecordDecision
  | SendResultFeedback
  | RecordSatisfaction
  | RequestReview
  | DecideReview
  | RecordFollowUp
  | CloseComplaint
  | ReopenComplaint
  | MergeComplaints
  | ArchiveComplaint;

export type CommandType = ComplaintCommand['type'];
export type CommandOf<T extends CommandType> = Extract<ComplaintCommand, { type: T }>;

export const COMMAND_TYPES = [
  'acceptComplaint',
  'classifyComplaint',
  'assignComplaint',
  'startHandling',
  'transferComplaint',
  'returnComplaint',
  'escalateComplaint',
  'requestInformation',
  'supplyInformation',
  'extendDeadline',
  'approveExtension',
  'recordDecision',
  'sendResultFeedback',
  'recordSatisfaction',
  'requestReview',
  'decideReview',
  'recordFollowUp',
  'closeComplaint',
  'reopenComplaint',
  'mergeComplaints',
  'archiveComplaint',
] as const satisfies readonly CommandType[];
