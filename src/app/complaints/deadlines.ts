// Keeps complaint_deadline rows (one per step) in step with the complaint: recomputed by the pure SLA code on
// every change, with the instant the sweep must next look at each row.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { currentCalendar, currentSlaPolicy } from '../config/calendar.ts';
import { computeDeadlines, isWorkingDay, toShanghaiDate, startOfDayShanghai, type DeadlineInput, type StepDeadline } from '../../core/sla/index.ts';
import type { ComplaintSnapshot } from '../../core/complaints/index.ts';

export interface DeadlineFacts {
  snapshot: ComplaintSnapshot;
  referralSource: string | null;
  referralDueAt: Date | null;
  pauses: Array<{ from: string; to: string | null }>;
  classifiedAt: Date | null;
  firstResponseAt: Date | null;
  planAt: Date | null;
}

export const AT_RISK_FRACTION = 0.8;
/** Consumer protection hears of a statutory limit this many working days before it ends. */
export const STATUTORY_WARNING_WORKING_DAYS = 2;

export function deadlineInput(f: DeadlineFacts): DeadlineInput {
  const s = f.snapshot;
  return {
    receivedAt: s.receivedAt.toISOString(),
    complexity: s.complexity ?? 'general',
    channel: s.channel,
    referral: f.referralSource ? { source: f.referralSource, dueAt: f.referralDueAt?.toISOString() ?? null } : null,
    extension: s.extensionLevel,
    pauses: f.pauses,
    decisionAt: s.decidedAt?.toISOString() ?? null,
    decisionNotifiedAt: s.decisionNotifiedAt?.toISOString() ?? null,
    reviewRequestedAt: s.reviewRequestedAt?.toISOString() ?? null,
  };
}

function metAt(step: string, f: DeadlineFacts): Date | null {
  const s = f.snapshot;
  switch (step) {
    case 'acknowledge': return s.acceptedAt;
    case 'classify': return f.classifiedAt;
    case 'start': return s.handlingStartedAt;
    case 'firstResponse': return f.firstResponseAt ?? s.decisionNotifiedAt;
    case 'plan': return f.planAt ?? s.decidedAt;
    case 'decide': return s.decidedAt;
    case 'notify': return s.decisionNotifiedAt;
    case 'reviewRequest': return s.reviewRequestedAt;
    case 'reviewDecide': return s.reviewDecidedAt;
    default: return null;
  }
}

const FINISHED = new Set(['closed', 'archived', 'merged']);
/** Steps the institution owes; the review-request window is the complainant's, never a breach. */
const WATCHED = (step: string) => step !== 'reviewRequest';

export function statutoryWarnAt(statutoryDue: string | null): Date | null {
  if (!statutoryDue) return null;
  // Walk back N working days from the last day; warn from the start of that day (Asia/Shanghai).
  let day = toShanghaiDate(statutoryDue);
  for (let n = 0; n < STATUTORY_WARNING_WORKING_DAYS; ) {
    day = toShanghaiDate(new Date(new Date(startOfDayShanghai(day)).getTime() - 1));
    if (isWorkingDay(currentCalendar(), day)) n++;
  }
  return new Date(startOfDayShanghai(day));
}

export function rowsFor(f: DeadlineFacts): Array<{ step: StepDeadline; met: Date | null; atRiskAt: Date | null; due: Date; warnAt: Date | null }> {
  const result = computeDeadlines(deadlineInput(f), currentSlaPolicy(), currentCalendar());
  const out = [];
  for (const step of result.steps) {
    const effective = step.effectiveDue ?? step.statutoryDue ?? step.referralDue;
    if (!effective) continue;
    const due = new Date(effective);
    const start = new Date(step.startsAt);
    const met = metAt(step.step, f);
    const atRiskAt = new Date(start.getTime() + AT_RISK_FRACTION * (due.getTime() - start.getTime()));
    out.push({ step, met, atRiskAt, due, warnAt: step.step === 'decide' ? statutoryWarnAt(step.statutoryDue) : null });
  }
  return out;
}

/** The complaint_deadline rows for a complaint's facts, and the earliest due time among open steps. */
export function deadlineRows(complaintId: string, f: DeadlineFacts) {
  const finished = FINISHED.has(f.snapshot.state);
  let earliestOpen: Date | null = null;
  const computed = rowsFor(f);
  const rows = computed.map((r) => {
    const open = !finished && !r.met && WATCHED(r.step.step);
    if (open && (!earliestOpen || r.due < earliestOpen)) earliestOpen = r.due;
    return {
      complaint_id: complaintId,
      step: r.step.step,
      starts_at: new Date(r.step.startsAt),
      policy_due_at: r.step.policyDue ? new Date(r.step.policyDue) : null,
      statutory_due_at: r.step.statutoryDue ? new Date(r.step.statutoryDue) : null,
      referral_due_at: r.step.referralDue ? new Date(r.step.referralDue) : null,
      effective_due_at: r.due,
      binding: r.step.binding ?? 'statutory',
      met_at: r.met,
      next_check_at: open ? r.atRiskAt : null,
      statutory_warn_at: open ? r.warnAt : null,
      explanation: JSON.stringify(r.step),
    };
  });
  // Each row's explanation as the value it was serialised from: intake answers with it, without parsing it back.
  const explanations = computed.map((r) => r.step as unknown as Record<string, unknown>);
  return { rows, explanations, earliestOpen: earliestOpen as Date | null };
}

/** Upserts every step's row in one statement; returns the earliest due time among open steps. */
export async function refreshDeadlines(trx: Transaction<DB>, complaintId: string, f: DeadlineFacts): Promise<Date | null> {
  const { rows, earliestOpen } = deadlineRows(complaintId, f);
  if (rows.length) {
    await trx
      .insertInto('complaint_deadline')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['complaint_id', 'step']).doUpdateSet({
          starts_at: (eb) => eb.ref('excluded.starts_at'),
          policy_due_at: (eb) => eb.ref('excluded.policy_due_at'),
          statutory_due_at: (eb) => eb.ref('excluded.statutory_due_at'),
          referral_due_at: (eb) => eb.ref('excluded.referral_due_at'),
          effective_due_at: (eb) => eb.ref('excluded.effective_due_at'),
          binding: (eb) => eb.ref('excluded.binding'),
          met_at: (eb) => eb.ref('excluded.met_at'),
          explanation: (eb) => eb.ref('excluded.explanation'),
          statutory_warn_at: (eb) => eb.ref('excluded.statutory_warn_at'),
          // A level that has fired is not re-armed: after at-risk fired, the next look is at the due time.
          next_check_at: sql`CASE
            WHEN excluded.next_check_at IS NULL THEN NULL
            WHEN complaint_deadline.at_risk_fired_at IS NULL THEN excluded.next_check_at
            WHEN complaint_deadline.breached_fired_at IS NULL THEN excluded.effective_due_at
            ELSE NULL END`,
        }),
      )
      .execute();
  }
  if (FINISHED.has(f.snapshot.state)) await trx.updateTable('complaint_deadline').set({ next_check_at: null, statutory_warn_at: null }).where('complaint_id', '=', complaintId).execute();
  return earliestOpen;
}
