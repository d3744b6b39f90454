// Policy values the transition rules read. Defaults follow 《银行业保险业消费投诉处理管理办法》; each is data an
// administrator can change, passed in through DecideContext.policy.

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
