// Risk types (R5-01), the default contingency plan of each (R5-05: a checklist copied onto a warning when it
// fires) and the life of a risk warning: open → acknowledged → resolved (with a note).

export const RISK_TYPES = ['complaint', 'product', 'compliance', 'technical', 'relationship'] as const;
export type RiskType = (typeof RISK_TYPES)[number];

export const RISK_TYPE_LABELS: Readonly<Record<RiskType, { zh: string; en: string }>> = {
  complaint: { zh: '投诉风险', en: 'Complaint risk' },
  product: { zh: '产品风险', en: 'Product risk' },
  compliance: { zh: '合规风险', en: 'Compliance risk' },
  technical: { zh: '技术风险', en: 'Technical risk' },
  relationship: { zh: '客户关系风险', en: 'Relationship risk' },
};

export interface ChecklistItem {
  readonly item: string;
  readonly done: boolean;
  readonly doneBy?: string | null;
  readonly doneAt?: string | null;
}

export interface PlanSpec {
  readonly riskType: RiskType;
  readonly zh: string;
  readonly en: string;
  readonly checklist: readonly string[];
}

export const DEFAULT_PLANS: readonly PlanSpec[] = [
  {
    riskType: 'complaint', zh: '投诉风险应急预案', en: 'Complaint risk contingency plan',
    checklist: [
      '24小时内响应：指定牵头人并联系相关投诉人 / Respond within 24 h: name a lead and contact the complainants',
      '核实事实与影响范围（涉及客户数、金额、地区）/ Establish the facts and the scope (customers, amounts, regions)',
      '群体性或重大投诉：按规定向监管报告 / Mass or major complaints: report to the regulator as required',
      '统一对外口径，必要时启动舆情监测 / Agree one public line; monitor media if needed',
      '72小时内形成处置方案并落实 / Settle and carry out a handling plan within 72 h',
      '复盘根因并登记整改措施 / Review the root cause and record remediation actions',
    ],
  },
  {
    riskType: 'product', zh: '产品风险应急预案', en: 'Product risk contingency plan',
    checklist: [
      '通知产品主管部门并评估是否暂停销售 / Tell the product owner; decide whether to suspend sales',
      '核查信息披露与适当性材料 / Check the disclosures and the suitability records',
      '排查同类客户并主动沟通 / Find customers in the same position and contact them',
      '形成产品整改或下架方案 / Decide on fixing or withdrawing the product',
      '登记整改措施及完成期限 / Record remediation actions with due dates',
    ],
  },
  {
    riskType: 'compliance', zh: '合规风险应急预案', en: 'Compliance risk contingency plan',
    checklist: [
      '列出超时或不合规的投诉并逐件督办 / List every late or non-compliant complaint and chase each one',
      '评估监管报告义务 / Assess the duty to report to the regulator',
      '向超时件的投诉人说明情况 / Explain the delay to the complainants concerned',
      '查明原因（人员、流程、系统）/ Find the cause (people, process, system)',
      '登记整改措施并跟踪问责 / Record remediation and follow up on accountability',
    ],
  },
  {
    riskType: 'technical', zh: '技术风险应急预案', en: 'Technical risk contingency plan',
    checklist: [
      '通知科技部门确认故障范围 / Ask IT to confirm the incident scope',
      '发布客户告知与替代办理渠道 / Publish a customer notice and alternative channels',
      '核对受影响交易并处理差错 / Reconcile affected transactions and correct errors',
      '故障恢复后回访受影响客户 / Call affected customers back after recovery',
    ],
  },
  {
    riskType: 'relationship', zh: '客户关系风险应急预案', en: 'Relationship risk contingency plan',
    checklist: [
      '由上级人员联系客户并致歉 / A senior member of staff contacts the customer and apologises',
      '核查服务人员行为并记录 / Review and record the staff conduct',
      '涉及个人信息的，启动信息安全事件处置 / If personal information is involved, start the data-incident procedure',
      '安排培训或处理相关人员 / Arrange training or action for the staff involved',
    ],
  },
];

export function checklistFrom(items: readonly string[]): ChecklistItem[] {
  return items.map((item) => ({ item, done: false, doneBy: null, doneAt: null }));
}

export const WARNING_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type WarningState = (typeof WARNING_STATES)[number];
export type WarningAction = 'acknowledge' | 'resolve';

/** The state after an action, or null when the action is not allowed. Resolving needs a note. */
export function nextWarningState(state: WarningState, action: WarningAction, note?: string | null): WarningState | null {
  if (action === 'acknowledge') return state === 'open' ? 'acknowledged' : null;
  if (state === 'resolved' || !note?.trim()) return null;
  return 'resolved';
}
