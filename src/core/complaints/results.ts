// What a transition returns: the next snapshot, outgoing events (noun.past_tense, for the outbox) and the audit
// entry (UPPER_SNAKE kind), or a refusal with a stable error code.
import { maskText } from '../privacy/pii.ts';
import type { ComplaintPolicy } from './policy.ts';
import type { ComplaintSnapshot, ComplaintState } from './states.ts';

export const COMPLAINT_EVENT_TYPES = [
  'complaint.registered',
  'complaint.accepted',
  'complaint.classified',
  'complaint.assigned',
  'complaint.handling_started',
  'complaint.transferred',
  'complaint.returned',
  'complaint.escalated',
  'complaint.information_requested',
  'complaint.information_supplied',
  'complaint.deadline_extended',
  'complaint.extension_requested',
  'complaint.extension_approved',
  'complaint.extension_rejected',
  'complaint.decided',
  'complaint.feedback_sent',
  'complaint.satisfaction_recorded',
  'complaint.review_requested',
  'complaint.review_decided',
  'complaint.followed_up',
  'complaint.closed',
  'complaint.reopened',
  'complaint.merged',
  'complaint.archived',
  /** A notice the complainant must receive (extension to 60 days, review decision); sent by the outbox worker. */
  'customer_notice.requested',
] as const;
export type ComplaintEventType = (typeof COMPLAINT_EVENT_TYPES)[number];

/** The audit kinds of the complaint loop (part of AUDIT_KINDS in src/core/audit/entries.ts). */
export const COMPLAINT_AUDIT_KINDS = [
  'COMPLAINT_REGISTERED',
  'COMPLAINT_ACCEPTED',
  'COMPLAINT_CLASSIFIED',
  'COMPLAINT_ASSIGNED',
  'COMPLAINT_HANDLING_STARTED',
  'COMPLAINT_TRANSFERRED',
  'COMPLAINT_RETURNED',
  'COMPLAINT_ESCALATED',
  'INFORMATION_REQUESTED',
  'INFORMATION_SUPPLIED',
  'DEADLINE_EXTENDED',
  'EXTENSION_REQUESTED',
  'EXTENSION_APPROVED',
  'EXTENSION_REJECTED',
  'DECISION_RECORDED',
  'RESULT_FEEDBACK_SENT',
  'SATISFACTION_RECORDED',
  'REVIEW_REQUESTED',
  'REVIEW_DECIDED',
  'FOLLOW_UP_RECORDED',
  'COMPLAINT_CLOSED',
  'COMPLAINT_REOPENED',
  'COMPLAINT_MERGED',
  'COMPLAINT_ARCHIVED',
] as const;
export type ComplaintAuditKind = (typeof COMPLAINT_AUDIT_KINDS)[number];

export const COMPLAINT_ERROR_CODES = [
  'INVALID_TRANSITION',
  'INCOMPLETE_COMPLAINT',
  'REVIEW_WINDOW_CLOSED',
  'REVIEWER_CONFLICT',
  'EXTENSION_NOT_ALLOWED',
  'VALIDATION_FAILED',
  'ESCALATION_NOT_ALLOWED',
  'MERGE_NOT_ALLOWED',
  'C3_DATA_REFUSED',
] as const;
export type ComplaintErrorCode = (typeof COMPLAINT_ERROR_CODES)[number];

export interface ComplaintEvent {
  readonly type: ComplaintEventType;
  readonly complaintId: string;
  readonly occurredAt: Date;
  readonly actorId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ComplaintAudit {
  readonly kind: ComplaintAuditKind;
  /** Always carries complaintId, from and to; free text is PII-masked. */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Actor {
  readonly id: string;
  readonly roles: readonly string[];
  /** Org-unit ids from the root to the actor's unit; informative only (tree lookups stay out of the core). */
  readonly orgUnitPath?: readonly string[];
}

export interface DecideContext {
  readonly now: Date;
  readonly actor: Actor;
  /** Overrides of DEFAULT_COMPLAINT_POLICY (the organisation's policy data). */
  readonly policy?: Partial<ComplaintPolicy>;
  /** Computed by the app layer from the org tree: the actor belongs to a unit superior to the handling unit
   * (or to head office). Needed by approveExtension. */
  readonly actorIsSuperior?: boolean;
}

export type DecideOk = {
  readonly ok: true;
  readonly next: ComplaintSnapshot;
  readonly events: readonly ComplaintEvent[];
  readonly audit: ComplaintAudit;
};
export type DecideError = {
  readonly ok: false;
  readonly code: ComplaintErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
};
export type DecideResult = DecideOk | DecideError;

export function refuse(code: ComplaintErrorCode, details: Record<string, unknown> = {}): DecideError {
  return { ok: false, code, details };
}

/** Free text bound for events and audit entries: identifiers masked (no personal data in clear). */
export function safeText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : maskText(text);
}

/** Builds a successful result: one main event (plus extras), one audit entry with from/to states. */
export function success(
  prev: ComplaintSnapshot,
  next: ComplaintSnapshot,
  ctx: DecideContext,
  eventType: ComplaintEventType,
  auditKind: ComplaintAuditKind,
  data: Record<string, unknown> = {},
  extraEvents: readonly { type: ComplaintEventType; data: Record<string, unknown> }[] = [],
): DecideOk {
  const from: ComplaintState = prev.state;
  const base = { complaintId: prev.id, occurredAt: ctx.now, actorId: ctx.actor.id };
  const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
  return {
    ok: true,
    next,
    events: [
      { ...base, type: eventType, data: { from, to: next.state, ...clean } },
      ...extraEvents.map((e) => ({ ...base, type: e.type, data: e.data })),
    ],
    audit: { kind: auditKind, data: { complaintId: prev.id, from, to: next.state, ...clean } },
  };
}

/** Required non-empty text fields of a command; returns the names of those missing. */
export function missingText(cmd: object, fields: readonly string[]): string[] {
  const rec = cmd as Record<string, unknown>;
  return fields.filter((f) => typeof rec[f] !== 'string' || (rec[f] as string).trim() === '');
}
