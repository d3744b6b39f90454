// SLA policy as data: the institution's own targets (policy clocks) beside the statutory limits
// (natural-day clocks). Every figure here is a default an administrator can change.

export const STEPS = [
  'acknowledge',
  'classify',
  'start',
  'firstResponse',
  'plan',
  'decide',
  'notify',
  'reviewRequest',
  'reviewDecide',
] as const;
export type StepName = (typeof STEPS)[number];

export type Complexity = 'general' | 'complex' | 'special';
export const COMPLEXITIES: readonly Complexity[] = ['general', 'complex', 'special'];

/** 0 = none; 1 = extended (complex case); 2 = further extension approved by the superior institution. */
export type ExtensionLevel = 0 | 1 | 2;

export type DurationUnit = 'hours' | 'working_days' | 'calendar_days';
export interface Duration {
  readonly unit: DurationUnit;
  readonly amount: number;
}

/** The moment a clock starts from. */
export type Anchor = 'received' | 'decision' | 'decisionNotice' | 'reviewRequested';

/** A statutory limit in natural days; per extension level where the law allows extending it. */
export interface StatutoryLimit {
  readonly anchor: Anchor;
  /** Calendar days by extension level: [none, extended, approved]. */
  readonly days: readonly [number, number, number];
  /** Extra limits by regulator referral source (e.g. the PBOC's for 12363); the earliest limit applies. */
  readonly byReferralSource?: Readonly<Record<string, readonly [number, number, number]>>;
  /** Instrument the limit comes from, zh-CN and English. */
  readonly basis: { readonly zh: string; readonly en: string };
}

export interface StepPolicy {
  readonly anchor: Anchor;
  /** The institution's target; per complexity where it differs; null = no internal target. */
  readonly target: Duration | Readonly<Record<Complexity, Duration>> | null;
  /** Target used when the extension with reason was recorded (e.g. result feedback 10 → 15 working days). */
  readonly extendedTarget?: Duration;
  readonly statutory: StatutoryLimit | null;
  /** Whether pauses (waiting for the complainant) stop this step's policy clock. */
  readonly pausable: boolean;
  /** Whether a regulator's referral due date (转办时限) also applies to this step. */
  readonly referralApplies: boolean;
}

export interface SlaPolicy {
  readonly steps: Readonly<Record<StepName, StepPolicy>>;
  /** Whether pauses also stop statutory clocks. Default false: the law names no such suspension. */
  readonly pausesStopStatutory: boolean;
  /**
   * Civil Code Art. 203 reading: when the last day of a natural-day limit is not a working day, the limit
   * ends on the next working day. Default false (conservative: it ends on the calendar day).
   */
  readonly statutoryRollOverHolidays: boolean;
}

const NFRA = {
  zh: '《银行业保险业消费投诉处理管理办法》（原银保监会令2020年第3号）',
  en: 'Measures for Handling Consumer Complaints in Banking and Insurance (CBIRC Order 2020 No. 3)',
};
const NFRA_AND_PBOC = {
  zh: `${NFRA.zh}；人民银行转办另依《中国人民银行金融消费者权益保护实施办法》`,
  en: `${NFRA.en}; PBOC referrals also under the PBOC Implementing Measures for Financial Consumer Protection (2020)`,
};

const hours = (amount: number): Duration => ({ unit: 'hours', amount });
const workingDays = (amount: number): Duration => ({ unit: 'working_days', amount });

/** Decision and notice within 15 days; 30 when extended; 60 with approval. PBOC referrals: 15, at most 60. */
const DECISION_LIMIT: StatutoryLimit = {
  anchor: 'received',
  days: [15, 30, 60],
  byReferralSource: { '12363': [15, 60, 60] },
  basis: NFRA_AND_PBOC,
};

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  steps: {
    acknowledge: { anchor: 'received', target: hours(24), statutory: null, pausable: false, referralApplies: false },
    classify: { anchor: 'received', target: hours(48), statutory: null, pausable: false, referralApplies: false },
    start: { anchor: 'received', target: hours(24), statutory: null, pausable: true, referralApplies: false },
    firstResponse: { anchor: 'received', target: hours(72), statutory: null, pausable: true, referralApplies: false },
    plan: { anchor: 'received', target: workingDays(3), statutory: null, pausable: true, referralApplies: false },
    decide: {
      anchor: 'received',
      // Special cases follow "their own rules" in the guide; the default mirrors complex cases.
      target: { general: workingDays(7), complex: workingDays(15), special: workingDays(15) },
      statutory: DECISION_LIMIT,
      pausable: true,
      referralApplies: true,
    },
    notify: {
      anchor: 'decision',
      target: workingDays(10),
      extendedTarget: workingDays(15),
      // The notice to the complainant is part of the same 15/30/60-day limit, counted from receipt.
      statutory: DECISION_LIMIT,
      pausable: false,
      referralApplies: true,
    },
    reviewRequest: {
      anchor: 'decisionNotice',
      target: null, // the complainant's window, not a duty of the institution
      statutory: { anchor: 'decisionNotice', days: [30, 30, 30], basis: NFRA },
      pausable: false,
      referralApplies: false,
    },
    reviewDecide: {
      anchor: 'reviewRequested',
      target: null, // the guide sets none; an institution may add one
      statutory: { anchor: 'reviewRequested', days: [30, 30, 30], basis: NFRA },
      pausable: false,
      referralApplies: false,
    },
  },
  pausesStopStatutory: false,
  statutoryRollOverHolidays: false,
};

/** The policy target that applies to a step. */
export function targetFor(step: StepPolicy, complexity: Complexity, extended: boolean): Duration | null {
  if (extended && step.extendedTarget) return step.extendedTarget;
  const t = step.target;
  if (t === null) return null;
  return 'unit' in t ? (t as Duration) : t[complexity];
}

/** Statutory days that apply, taking the extension level and a referral source's own limit into account. */
export function statutoryDaysFor(limit: StatutoryLimit, extension: ExtensionLevel, referralSource: string | null): number {
  const base = limit.days[extension];
  const extra = referralSource === null ? undefined : limit.byReferralSource?.[referralSource];
  return extra === undefined ? base : Math.min(base, extra[extension]);
}

/** Problems in a policy edited by an administrator (empty when usable). */
export function validateSlaPolicy(policy: SlaPolicy): string[] {
  const problems: string[] = [];
  const checkDuration = (d: Duration, where: string): void => {
    const ok = d.unit === 'hours' ? Number.isFinite(d.amount) && d.amount > 0 : Number.isInteger(d.amount) && d.amount >= 0;
    if (!ok) problems.push(`${where}: invalid amount ${d.amount} ${d.unit}`);
  };
  for (const name of STEPS) {
    const step = policy.steps[name];
    if (!step) {
      problems.push(`${name}: missing`);
      continue;
    }
    const t = step.target;
    if (t !== null) ('unit' in t ? [t as Duration] : COMPLEXITIES.map((c) => t[c])).forEach((d) => checkDuration(d, name));
    if (step.extendedTarget) checkDuration(step.extendedTarget, `${name}.extendedTarget`);
    const all = step.statutory ? [step.statutory.days, ...Object.values(step.statutory.byReferralSource ?? {})] : [];
    for (const days of all) {
      if (!days.every((d) => Number.isInteger(d) && d > 0)) problems.push(`${name}.statutory: invalid days ${days.join('/')}`);
    }
  }
  return problems;
}
