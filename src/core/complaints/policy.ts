// Policy values the transition rules and intake read. Defaults follow 《银行业保险业消费投诉处理管理办法》 and the guide.
// The handling rules an administrator may change (`HandlingRules`, stored as the `complaint.policy` setting) reach
// the rules through DecideContext.policy; the others are fixed by law here (the 30-day review window is also the
// wording of the decision notice templates; general complaints have no extension; the approver is the superior
// unit's consumer protection department).

export interface ComplaintPolicy {
  /** Natural days after the decision notice within which a review (核查) may be requested. Law: 30. */
  readonly reviewWindowDays: number;
  /** Highest extension level a *general* complaint may reach (0: none; complex/special may reach 2). */
  readonly generalMaxExtensionLevel: 0 | 1 | 2;
  /** Role that approves the second extension (the superior unit's consumer protection department). */
  readonly extensionApproverRole: string;
  /** R3.3-01: major complaints get their result in person. */
  readonly majorRequiresInPersonFeedback: boolean;
  /** Also notify the complainant of the first extension (the law requires notice only for the second). */
  readonly notifyCustomerOnFirstExtension: boolean;
}

export const DEFAULT_COMPLAINT_POLICY: ComplaintPolicy = {
  reviewWindowDays: 30,
  generalMaxExtensionLevel: 0,
  extensionApproverRole: 'consumer_protection',
  majorRequiresInPersonFeedback: true,
  notifyCustomerOnFirstExtension: false,
};

/** A joint complaint by this many people or more is a mass complaint and, by law, a major one (NFRA Order 2020 No. 3). */
export const MASS_THRESHOLD = 20;
/** A regulator referral's own due date lies within this many days after receipt; anything later is a typing error. */
export const REFERRAL_MAX_DAYS = 366;

/** The rules an administrator changes in the console (`PUT /api/v1/complaint-policy`). */
export interface HandlingRules extends Pick<ComplaintPolicy, 'majorRequiresInPersonFeedback' | 'notifyCustomerOnFirstExtension'> {
  /** Earlier complaints of the same complainant (ID number or phone) received within this many days are linked as
   * `repeat_of` at intake (policy, 1–365; default 90). */
  readonly repeatWindowDays: number;
}

export const DEFAULT_HANDLING_RULES: HandlingRules = {
  repeatWindowDays: 90,
  majorRequiresInPersonFeedback: DEFAULT_COMPLAINT_POLICY.majorRequiresInPersonFeedback,
  notifyCustomerOnFirstExtension: DEFAULT_COMPLAINT_POLICY.notifyCustomerOnFirstExtension,
};

export const REPEAT_WINDOW_LIMITS = { min: 1, max: 365 } as const;

/** What is wrong with a handling-rules value, by field (empty when valid). Unknown fields are wrong too. */
export function validateHandlingRules(v: unknown): Array<{ field: string; reason: string }> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return [{ field: '', reason: 'not_an_object' }];
  const o = v as Record<string, unknown>;
  const out: Array<{ field: string; reason: string }> = [];
  for (const k of Object.keys(o)) if (!(k in DEFAULT_HANDLING_RULES)) out.push({ field: k, reason: 'unknown_field' });
  const d = o.repeatWindowDays;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < REPEAT_WINDOW_LIMITS.min || d > REPEAT_WINDOW_LIMITS.max) out.push({ field: 'repeatWindowDays', reason: 'out_of_range' });
  for (const k of ['majorRequiresInPersonFeedback', 'notifyCustomerOnFirstExtension'] as const) if (typeof o[k] !== 'boolean') out.push({ field: k, reason: 'not_boolean' });
  return out;
}

/** Stored rules over the defaults: a field missing from (or not valid in) the stored value keeps its default, so a
 * value stored by an older or newer release still reads. */
export function handlingRulesFrom(stored: unknown): HandlingRules {
  const o = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...DEFAULT_HANDLING_RULES };
  for (const k of Object.keys(DEFAULT_HANDLING_RULES) as Array<keyof HandlingRules>) {
    const candidate = { ...DEFAULT_HANDLING_RULES, [k]: o[k] };
    if (k in o && !validateHandlingRules(candidate).length) out[k] = o[k];
  }
  return out as unknown as HandlingRules;
}

export function resolvePolicy(overrides: Partial<ComplaintPolicy> | undefined): ComplaintPolicy {
  return { ...DEFAULT_COMPLAINT_POLICY, ...overrides };
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The review window after a decision notice: natural days counted from the day after the notice, in
 * Asia/Shanghai, ending at the end of the last day (conservative reading: no roll-over past public holidays).
 * `closesOn` is the last day (YYYY-MM-DD); a request is in time if received before `closesAt`.
 */
export function reviewWindow(notifiedAt: Date, days: number): { closesOn: string; closesAt: Date } {
  const noticeDay = Math.floor((notifiedAt.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
  const lastDay = noticeDay + days;
  return {
    closesOn: new Date(lastDay * DAY_MS).toISOString().slice(0, 10),
    closesAt: new Date((lastDay + 1) * DAY_MS - SHANGHAI_OFFSET_MS),
  };
}
