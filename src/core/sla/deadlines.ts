// Due instants of every step of a complaint: the policy clock, the statutory clock and a regulator's
// referral due date side by side; the earliest binds (a tie goes to the statutory limit, then the referral).
import type { Calendar } from './calendar.ts';
import { DEFAULT_CALENDAR } from './calendar-data.ts';
import { type ClockResult, type PauseMs, normalisePauses, runClock } from './clocks.ts';
import {
  type Binding,
  type Bilingual,
  type SlaWarning,
  explain,
  policyAfterStatutoryWarning,
  stoppedWarning,
  yearWarning,
} from './explain.ts';
import {
  type Anchor,
  type Complexity,
  COMPLEXITIES,
  DEFAULT_SLA_POLICY,
  type Duration,
  type ExtensionLevel,
  type SlaPolicy,
  STEPS,
  type StepName,
  type StepPolicy,
  statutoryDaysFor,
  targetFor,
} from './policies.ts';
import { type Instant, formatShanghai, parseInstant } from './time.ts';

export { slaLevel, nextSlaTransitionAt, type SlaLevel, type SlaLevelInput } from './level.ts';

export interface Pause {
  readonly from: Instant;
  /** null while still waiting. */
  readonly to: Instant | null;
}

export interface Referral {
  /** Regulator hotline the complaint came from: '12378' (NFRA) or '12363' (PBOC). */
  readonly source: string;
  /** Due date the regulator set in its referral, if any. */
  readonly dueAt?: Instant | null;
}

export interface DeadlineInput {
  readonly receivedAt: Instant;
  readonly complexity: Complexity;
  /** Intake channel; with a referral it must be 'regulator' (or omitted). */
  readonly channel?: string | null;
  readonly referral?: Referral | null;
  readonly extension?: ExtensionLevel;
  /** Result feedback extended with a recorded reason (the step's extendedTarget applies). */
  readonly feedbackExtended?: boolean;
  readonly pauses?: readonly Pause[];
  readonly decisionAt?: Instant | null;
  /** When the decision notice reached the complainant; the review window runs from it (else from decisionAt). */
  readonly decisionNotifiedAt?: Instant | null;
  readonly reviewRequestedAt?: Instant | null;
}

export interface StepDeadline {
  readonly step: StepName;
  readonly startsAt: string;
  readonly policyTarget: Duration | null;
  readonly policyDue: string | null;
  readonly statutoryDays: number | null;
  readonly statutoryDue: string | null;
  readonly referralDue: string | null;
  /** Earliest of the clocks; null only while every clock of the step is stopped. */
  readonly effectiveDue: string | null;
  readonly binding: Binding | null;
  readonly skippedHolidays: readonly string[];
  readonly adjustedWorkdaysCounted: readonly string[];
  readonly pausedDays: readonly string[];
  readonly pausedMs: number;
  /** An open pause stopped the policy clock. */
  readonly clockStopped: boolean;
  readonly warnings: readonly SlaWarning[];
  readonly explanation: Bilingual;
}

export interface DeadlineResult {
  /** Steps whose anchor is known, in process order. */
  readonly steps: readonly StepDeadline[];
  /** All warnings of the steps, one per code and year. */
  readonly warnings: readonly SlaWarning[];
  readonly coverage: readonly number[];
}

export type SlaInputErrorCode = 'INVALID_COMPLEXITY' | 'INVALID_EXTENSION' | 'INVALID_PAUSE' | 'REFERRAL_REQUIRES_REGULATOR_CHANNEL';

export class SlaInputError extends RangeError {
  readonly code: SlaInputErrorCode;
  constructor(code: SlaInputErrorCode, message: string) {
    super(message);
    this.name = 'SlaInputError';
    this.code = code;
  }
}

interface Context {
  readonly input: DeadlineInput;
  readonly policy: SlaPolicy;
  readonly cal: Calendar;
  readonly anchors: Readonly<Partial<Record<Anchor, number>>>;
  readonly pauses: readonly PauseMs[];
  readonly extension: ExtensionLevel;
  readonly referralDueMs: number | null;
}

const optionalMs = (i: Instant | null | undefined): number | undefined => (i == null ? undefined : parseInstant(i));

function buildContext(input: DeadlineInput, policy: SlaPolicy, cal: Calendar): Context {
  if (!COMPLEXITIES.includes(input.complexity)) {
    throw new SlaInputError('INVALID_COMPLEXITY', `complexity must be general, complex or special: ${String(input.complexity)}`);
  }
  const extension = input.extension ?? 0;
  if (extension !== 0 && extension !== 1 && extension !== 2) {
    throw new SlaInputError('INVALID_EXTENSION', `extension must be 0, 1 or 2: ${String(extension)}`);
  }
  if (input.referral && input.channel != null && input.channel !== 'regulator') {
    throw new SlaInputError('REFERRAL_REQUIRES_REGULATOR_CHANNEL', `a referral comes through channel 'regulator', not '${input.channel}'`);
  }
  const pauses = (input.pauses ?? []).map((p): PauseMs => {
    const from = parseInstant(p.from);
    const to = p.to === null ? null : parseInstant(p.to);
    if (to !== null && to < from) throw new SlaInputError('INVALID_PAUSE', 'a pause ends before it starts');
    return { from, to };
  });
  const decision = optionalMs(input.decisionAt);
  return {
    input,
    policy,
    cal,
    anchors: {
      received: parseInstant(input.receivedAt),
      decision,
      decisionNotice: optionalMs(input.decisionNotifiedAt) ?? decision,
      reviewRequested: optionalMs(input.reviewRequestedAt),
    },
    pauses: normalisePauses(pauses),
    extension,
    referralDueMs: optionalMs(input.referral?.dueAt) ?? null,
  };
}

interface Clocks {
  readonly target: Duration | null;
  readonly policy: ClockResult | null;
  readonly statutoryDays: number | null;
  readonly statutory: ClockResult | null;
  readonly referralMs: number | null;
}

function runClocks(sp: StepPolicy, ctx: Context, anchorMs: number): Clocks {
  const target = targetFor(sp, ctx.input.complexity, ctx.input.feedbackExtended === true);
  const policy = target ? runClock(anchorMs, target, ctx.cal, sp.pausable ? ctx.pauses : []) : null;
  const limit = sp.statutory;
  const statAnchor = limit ? ctx.anchors[limit.anchor] : undefined;
  let statutoryDays: number | null = null;
  let statutory: ClockResult | null = null;
  if (limit && statAnchor !== undefined) {
    statutoryDays = statutoryDaysFor(limit, ctx.extension, ctx.input.referral?.source ?? null);
    const pauses = ctx.policy.pausesStopStatutory ? ctx.pauses : [];
    const duration: Duration = { unit: 'calendar_days', amount: statutoryDays };
    statutory = runClock(statAnchor, duration, ctx.cal, pauses, ctx.policy.statutoryRollOverHolidays);
  }
  return { target, policy, statutoryDays, statutory, referralMs: sp.referralApplies ? ctx.referralDueMs : null };
}

/** Earliest clock; on a tie the statutory limit wins, then the referral, then the policy. */
function pickBinding(c: Clocks): { ms: number; binding: Binding } | null {
  const candidates: [number | null | undefined, Binding][] = [
    [c.statutory?.dueMs, 'statutory'],
    [c.referralMs, 'referral'],
    [c.policy?.dueMs, 'policy'],
  ];
  let best: { ms: number; binding: Binding } | null = null;
  for (const [ms, binding] of candidates) {
    if (ms != null && (best === null || ms < best.ms)) best = { ms, binding };
  }
  return best;
}

const NO_EXPLANATION: Bilingual = { zh: '', en: '' };
const iso = (ms: number | null | undefined): string | null => (ms == null ? null : formatShanghai(ms));
/** Sorted union of two ascending date lists (each clock walks days in order). */
function union(a: readonly string[] = [], b: readonly string[] = []): readonly string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...new Set([...a, ...b])].sort();
}

function stepWarnings(name: StepName, c: Clocks): SlaWarning[] {
  const years = new Set([...(c.policy?.uncoveredYears ?? []), ...(c.statutory?.uncoveredYears ?? [])]);
  const out = [...years].sort().map((y) => yearWarning(y, name));
  if (c.policy && c.policy.dueMs === null) out.push(stoppedWarning(name));
  const p = c.policy?.dueMs;
  const s = c.statutory?.dueMs;
  if (p != null && s != null && p > s) out.push(policyAfterStatutoryWarning(name));
  return out;
}

function computeStep(name: StepName, ctx: Context): StepDeadline | null {
  const sp = ctx.policy.steps[name];
  const anchorMs = ctx.anchors[sp.anchor];
  if (anchorMs === undefined) return null;
  const c = runClocks(sp, ctx, anchorMs);
  const best = pickBinding(c);
  const step: { -readonly [K in keyof StepDeadline]: StepDeadline[K] } = {
    step: name,
    startsAt: formatShanghai(anchorMs),
    policyTarget: c.target,
    policyDue: iso(c.policy?.dueMs),
    statutoryDays: c.statutoryDays,
    statutoryDue: iso(c.statutory?.dueMs),
    referralDue: iso(c.referralMs),
    effectiveDue: iso(best?.ms),
    binding: best?.binding ?? null,
    skippedHolidays: union(c.policy?.skippedHolidays, c.statutory?.skippedHolidays),
    adjustedWorkdaysCounted: union(c.policy?.adjustedWorkdaysCounted, c.statutory?.adjustedWorkdaysCounted),
    pausedDays: union(c.policy?.pausedDays, c.statutory?.pausedDays),
    pausedMs: c.policy?.pausedMs ?? 0,
    clockStopped: c.policy !== null && c.policy.dueMs === null,
    warnings: stepWarnings(name, c),
    explanation: NO_EXPLANATION,
  };
  // Filled in place: spreading a 16-field object per step was a measurable share of the call.
  step.explanation = explain(step, ctx.input.complexity, c.statutory?.rolledOver ?? false);
  return step;
}

function dedupeWarnings(steps: readonly StepDeadline[]): SlaWarning[] {
  const seen = new Map<string, SlaWarning>();
  for (const s of steps) {
    for (const w of s.warnings) {
      const key = `${w.code}:${w.year ?? ''}:${w.code === 'CALENDAR_YEAR_NOT_LOADED' ? '' : (w.step ?? '')}`;
      if (!seen.has(key)) seen.set(key, w);
    }
  }
  return [...seen.values()];
}

/**
 * Deadlines of a complaint's steps. Pure: the same input, policy and calendar always give the same result,
 * in any process time zone. Throws SlaInputError / InvalidTimeError on bad input.
 */
export function computeDeadlines(
  input: DeadlineInput,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
  calendar: Calendar = DEFAULT_CALENDAR,
): DeadlineResult {
  const ctx = buildContext(input, policy, calendar);
  const steps: StepDeadline[] = [];
  for (const name of STEPS) {
    const s = computeStep(name, ctx);
    if (s) steps.push(s);
  }
  return { steps, warnings: dedupeWarnings(steps), coverage: calendar.coverage };
}
