// Improvement (R4-07): root causes as a coded list, remediation actions and their states, and the
// retrospective review (回头看) of a sample of closed complaints.
import { createHash } from 'node:crypto';

export const ROOT_CAUSES = [
  { code: 'RC01', zh: '员工操作失误', en: 'Staff error' },
  { code: 'RC02', zh: '服务态度与行为', en: 'Staff attitude or conduct' },
  { code: 'RC03', zh: '制度流程缺陷', en: 'Flawed rule or process' },
  { code: 'RC04', zh: '系统或设备故障', en: 'System or equipment failure' },
  { code: 'RC05', zh: '产品设计缺陷', en: 'Product design flaw' },
  { code: 'RC06', zh: '信息披露不充分', en: 'Insufficient disclosure' },
  { code: 'RC07', zh: '营销行为不当', en: 'Improper selling' },
  { code: 'RC08', zh: '收费定价问题', en: 'Pricing or fees' },
  { code: 'RC09', zh: '第三方合作机构原因', en: 'Third-party partner' },
  { code: 'RC10', zh: '客户误解或诉求不合理', en: 'Customer misunderstanding or unreasonable demand' },
  { code: 'RC11', zh: '外部欺诈', en: 'External fraud' },
  { code: 'RC99', zh: '其他', en: 'Other' },
] as const;
export type RootCauseCode = (typeof ROOT_CAUSES)[number]['code'];

export function isRootCause(code: string): code is RootCauseCode {
  return ROOT_CAUSES.some((r) => r.code === code);
}

export const REMEDIATION_TYPES = ['process', 'training', 'rule', 'system', 'product', 'accountability', 'other'] as const;
export type RemediationType = (typeof REMEDIATION_TYPES)[number];
export const REMEDIATION_STATES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type RemediationState = (typeof REMEDIATION_STATES)[number];

const REMEDIATION_NEXT: Record<RemediationState, readonly RemediationState[]> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

export function canMoveRemediation(from: RemediationState, to: RemediationState): boolean {
  return REMEDIATION_NEXT[from].includes(to);
}

/** The retrospective review form: each question answered yes / no / n.a.; any "no" is a finding. */
export const RETROSPECTIVE_QUESTIONS = [
  { key: 'factsEstablished', zh: '事实是否查清', en: 'Were the facts established?' },
  { key: 'basisSound', zh: '处理依据是否充分、适用是否正确', en: 'Was the basis sound and correctly applied?' },
  { key: 'withinLimits', zh: '各环节是否在时限内完成', en: 'Was every step within its time limit?' },
  { key: 'noticeComplete', zh: '处理决定告知是否规范（含救济途径）', en: 'Was the decision notice complete (remedies named)?' },
  { key: 'demandAddressed', zh: '客户诉求是否得到回应', en: 'Was the demand answered?' },
  { key: 'remediationDone', zh: '整改措施是否落实', en: 'Were remediation actions carried out?' },
  { key: 'recordsComplete', zh: '档案资料是否完整', en: 'Is the file complete?' },
] as const;
export type RetrospectiveAnswer = 'yes' | 'no' | 'na';
export type RetrospectiveForm = Partial<Record<(typeof RETROSPECTIVE_QUESTIONS)[number]['key'], RetrospectiveAnswer>>;

/** Problems with a completed form (empty when valid): every question must be answered. */
export function validateRetrospectiveForm(form: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const q of RETROSPECTIVE_QUESTIONS) {
    if (!['yes', 'no', 'na'].includes(form[q.key] as string)) problems.push(q.key);
  }
  for (const k of Object.keys(form)) if (!RETROSPECTIVE_QUESTIONS.some((q) => q.key === k)) problems.push(k);
  return problems;
}

/** A form with any "no" answer has findings. */
export function retrospectiveVerdict(form: RetrospectiveForm): 'satisfactory' | 'issues_found' {
  return Object.values(form).includes('no') ? 'issues_found' : 'satisfactory';
}

/**
 * Deterministic sampling: a complaint is drawn when the first 32 bits of SHA-256(seed ‖ id) fall below
 * rate · 2³². The same seed and rate always draw the same complaints, so a sample can be reproduced for an auditor.
 */
export function sampled(complaintId: string, seed: string, rate: number): boolean {
  if (!(rate > 0)) return false;
  if (rate >= 1) return true;
  const h = createHash('sha256').update(`${seed}:${complaintId}`).digest();
  return h.readUInt32BE(0) < rate * 2 ** 32;
}
