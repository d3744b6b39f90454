// Measures: the additive numbers each complaint contributes to the rollups (counts and sums). Every metric is
// a ratio or a mean of measures (definitions.ts), so rollups can be summed over any days, units and codes.
// `complaintMeasures` is the reference definition; the rollup SQL (src/app/analytics/rollup-sql.ts) computes
// the same numbers in the database and a test checks that the two agree on generated data.

/** Deadline steps whose timeliness is measured (names of src/core/sla STEPS); prefix = column prefix. */
export const TIMELINESS_STEPS = [
  { step: 'acknowledge', prefix: 'ack' },
  { step: 'classify', prefix: 'cls' },
  { step: 'start', prefix: 'sta' },
  { step: 'firstResponse', prefix: 'fr' },
  { step: 'decide', prefix: 'dec' },
  { step: 'notify', prefix: 'ntf' },
  { step: 'reviewDecide', prefix: 'rvd' },
] as const;
export type TimelinessPrefix = (typeof TIMELINESS_STEPS)[number]['prefix'];

/** Steps that count as breaches: every duty of the institution (the complainant's review window is not one). */
export const BREACH_EXCLUDED_STEPS: readonly string[] = ['reviewRequest'];

/** The four satisfaction dimensions of R4-06 and the JSON keys accepted for each (first wins). */
export const SATISFACTION_KEYS = {
  time: ['time', 'handlingTime'],
  effect: ['effect', 'resolution'],
  comm: ['communication'],
  follow: ['followUp', 'followUpService'],
} as const;
export type SatDim = keyof typeof SATISFACTION_KEYS;
export const SAT_DIMS = Object.keys(SATISFACTION_KEYS) as SatDim[];

export const UPHELD_OUTCOMES = ['upheld', 'partly_upheld'] as const;
export const ALL_OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld'] as const;
export const SATISFIED_LEVELS = ['satisfied', 'basically_satisfied'] as const;
export const SATISFACTION_LEVELS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const OVERTURNED_OUTCOMES = ['overturned', 'partly_overturned'] as const;

const BASE_MEASURES = [
  'n', 'accepted', 'closed', 'decided_closed', 'resolved', 'open_n',
  'rated', 'satisfied',
  'sat_time_n', 'sat_time_sum', 'sat_effect_n', 'sat_effect_sum', 'sat_comm_n', 'sat_comm_sum', 'sat_follow_n', 'sat_follow_sum',
  'notified', 'review_n', 'review_decided', 'overturned',
  'repeat_n', 'reopened', 'reassigned', 'reassign_sum',
  'major_n', 'mass_n', 'referral_n', 'pol_breach', 'stat_breach',
] as const;

export const STEP_MEASURE_SUFFIXES = ['pol_n', 'pol_ok', 'stat_n', 'stat_ok'] as const;
export const MEASURES: readonly string[] = [
  ...BASE_MEASURES,
  ...TIMELINESS_STEPS.flatMap((s) => STEP_MEASURE_SUFFIXES.map((x) => `${s.prefix}_${x}`)),
];
export type Measure = string;
export type Sums = Record<Measure, number>;

export function emptySums(): Sums {
  return Object.fromEntries(MEASURES.map((m) => [m, 0]));
}

export function addSums(into: Sums, add: Readonly<Sums>): Sums {
  for (const m of MEASURES) into[m] = (into[m] ?? 0) + (add[m] ?? 0);
  return into;
}

export interface DeadlineFacts {
  readonly step: string;
  readonly policyDueAt: Date | null;
  readonly statutoryDueAt: Date | null;
  readonly metAt: Date | null;
}

/** What the measures need of one complaint (columns of the complaint table). */
export interface ComplaintFacts {
  readonly closedAt: Date | null;
  readonly acceptedAt: Date | null;
  readonly decision: unknown;
  readonly satisfaction: unknown;
  readonly review: unknown;
  readonly decisionNotifiedAt: Date | null;
  readonly reviewRequestedAt: Date | null;
  readonly reviewDecidedAt: Date | null;
  readonly repeatOf: string | null;
  readonly reopenCount: number;
  readonly reassignmentCount: number;
  readonly major: boolean;
  readonly mass: boolean;
  readonly channel: string;
  readonly referralSource: string | null;
  readonly deadlines: readonly DeadlineFacts[];
}

const obj = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (o: Record<string, unknown> | null, k: string): string | null => (o && typeof o[k] === 'string' ? (o[k] as string) : null);
const has = <T extends string>(list: readonly T[], v: string | null): boolean => v !== null && (list as readonly string[]).includes(v);

/** A dimension score 1–5 from the satisfaction JSON: top level first, then `scores`. */
export function satisfactionScore(satisfaction: unknown, dim: SatDim): number | null {
  const s = obj(satisfaction);
  if (!s) return null;
  const scores = obj(s.scores);
  for (const key of SATISFACTION_KEYS[dim]) {
    const v = s[key] !== undefined ? s[key] : scores?.[key];
    if (v !== undefined) return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5 ? v : null;
  }
  return null;
}

/** Satisfaction level; without an explicit level, the mean of the scores given (≥ 4 = satisfied). */
export function satisfactionOf(satisfaction: unknown): { rated: boolean; satisfied: boolean } {
  const level = str(obj(satisfaction), 'level');
  if (has(SATISFACTION_LEVELS, level)) return { rated: true, satisfied: has(SATISFIED_LEVELS, level) };
  const scores = SAT_DIMS.map((d) => satisfactionScore(satisfaction, d)).filter((x): x is number => x !== null);
  if (scores.length === 0) return { rated: false, satisfied: false };
  return { rated: true, satisfied: scores.reduce((a, b) => a + b, 0) >= 4 * scores.length };
}

export function outcomeOf(decision: unknown): string | null {
  const o = str(obj(decision), 'outcome');
  return has(ALL_OUTCOMES, o) ? o : null;
}

export function reviewOverturned(review: unknown): boolean {
  const r = obj(review);
  return has(OVERTURNED_OUTCOMES, str(r, 'outcome')) || str(r, 'result') === 'revised';
}

const t = (d: Date | null): number | null => (d === null ? null : d.getTime());

/** The measures one complaint contributes, as of `asOf` (pending deadlines not yet due count nowhere). */
export function complaintMeasures(c: ComplaintFacts, asOf: Date): Sums {
  const m = emptySums();
  const now = asOf.getTime();
  const closed = c.closedAt !== null;
  const outcome = outcomeOf(c.decision);
  const sat = satisfactionOf(c.satisfaction);
  m.n = 1;
  m.accepted = c.acceptedAt ? 1 : 0;
  m.closed = closed ? 1 : 0;
  m.open_n = closed ? 0 : 1;
  m.decided_closed = closed && outcome ? 1 : 0;
  m.resolved = closed && outcome && (has(UPHELD_OUTCOMES, outcome) || sat.satisfied) ? 1 : 0;
  m.rated = sat.rated ? 1 : 0;
  m.satisfied = sat.satisfied ? 1 : 0;
  for (const d of SAT_DIMS) {
    const v = satisfactionScore(c.satisfaction, d);
    m[`sat_${d}_n`] = v === null ? 0 : 1;
    m[`sat_${d}_sum`] = v ?? 0;
  }
  m.notified = c.decisionNotifiedAt ? 1 : 0;
  m.review_n = c.reviewRequestedAt ? 1 : 0;
  m.review_decided = c.reviewDecidedAt ? 1 : 0;
  m.overturned = c.reviewDecidedAt && reviewOverturned(c.review) ? 1 : 0;
  m.repeat_n = c.repeatOf ? 1 : 0;
  m.reopened = c.reopenCount > 0 ? 1 : 0;
  m.reassigned = c.reassignmentCount > 0 ? 1 : 0;
  m.reassign_sum = c.reassignmentCount;
  m.major_n = c.major ? 1 : 0;
  m.mass_n = c.mass ? 1 : 0;
  m.referral_n = c.channel === 'regulator' || c.referralSource !== null ? 1 : 0;
  let polBreach = false;
  let statBreach = false;
  for (const d of c.deadlines) {
    const met = t(d.metAt);
    const judge = (due: number | null) => ({
      known: due !== null && (met !== null || due < now),
      ok: due !== null && met !== null && met <= due,
      breached: due !== null && (met === null ? due < now : met > due),
    });
    const pol = judge(t(d.policyDueAt));
    const stat = judge(t(d.statutoryDueAt));
    if (!BREACH_EXCLUDED_STEPS.includes(d.step)) {
      polBreach ||= pol.breached;
      statBreach ||= stat.breached;
    }
    const s = TIMELINESS_STEPS.find((x) => x.step === d.step);
    if (!s) continue;
    const inc = (k: string, yes: boolean) => (m[`${s.prefix}_${k}`] = (m[`${s.prefix}_${k}`] ?? 0) + (yes ? 1 : 0));
    inc('pol_n', pol.known);
    inc('pol_ok', pol.ok);
    inc('stat_n', stat.known);
    inc('stat_ok', stat.ok);
  }
  m.pol_breach = polBreach ? 1 : 0;
  m.stat_breach = statBreach ? 1 : 0;
  return m;
}
