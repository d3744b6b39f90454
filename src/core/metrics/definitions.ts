// Metric definitions: one entry per metric, each a count, a ratio or a mean of measures (measures.ts), or a
// rate against an external denominator (customers, branches) loaded by the institution. docs/metrics.md
// describes each one; keep the two in step.
import { type Sums, TIMELINESS_STEPS } from './measures.ts';

export type MetricKind = 'count' | 'ratio' | 'mean' | 'per';
export const DENOMINATOR_KINDS = ['customers', 'individual_customers', 'branches'] as const;
export type DenominatorKind = (typeof DENOMINATOR_KINDS)[number];

export interface MetricDef {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: MetricKind;
  /** Measure counted or divided. */
  readonly num: string;
  /** Measure (ratio, mean) or external denominator (per) below the line. */
  readonly den?: string;
  /** Multiplier of a 'per' rate (e.g. 10 000 for "per 10,000 customers"). */
  readonly scale?: number;
  /** Target from policy (e.g. resolution rate ≥ 90 %, R4-03). */
  readonly target?: { readonly op: '>=' | '<='; readonly value: number };
}

const STEP_ZH: Record<string, string> = {
  acknowledge: '受理登记', classify: '初步分类', start: '开始处理', firstResponse: '首次回应',
  decide: '处理决定', notify: '结果告知', reviewDecide: '复核决定',
};
const STEP_EN: Record<string, string> = {
  acknowledge: 'acknowledgement', classify: 'classification', start: 'start of handling', firstResponse: 'first response',
  decide: 'decision', notify: 'result notice', reviewDecide: 'review decision',
};

const timeliness: MetricDef[] = TIMELINESS_STEPS.flatMap(({ step, prefix }) => [
  { id: `${prefix}_policy_rate`, zh: `${STEP_ZH[step]}内部时限达标率`, en: `${STEP_EN[step]} within policy target`, kind: 'ratio', num: `${prefix}_pol_ok`, den: `${prefix}_pol_n` },
  { id: `${prefix}_statutory_rate`, zh: `${STEP_ZH[step]}法定时限达标率`, en: `${STEP_EN[step]} within statutory limit`, kind: 'ratio', num: `${prefix}_stat_ok`, den: `${prefix}_stat_n` },
]);

export const METRICS: readonly MetricDef[] = [
  { id: 'received', zh: '投诉量', en: 'complaints received', kind: 'count', num: 'n' },
  { id: 'accepted', zh: '受理量', en: 'complaints accepted', kind: 'count', num: 'accepted' },
  { id: 'closed', zh: '办结量', en: 'complaints closed', kind: 'count', num: 'closed' },
  { id: 'open', zh: '未办结量', en: 'complaints still open', kind: 'count', num: 'open_n' },
  ...timeliness,
  { id: 'resolution_rate', zh: '投诉化解率', en: 'resolution rate', kind: 'ratio', num: 'resolved', den: 'decided_closed', target: { op: '>=', value: 0.9 } },
  { id: 'satisfaction_rate', zh: '满意率', en: 'satisfied share of rated complaints', kind: 'ratio', num: 'satisfied', den: 'rated' },
  { id: 'sat_time_avg', zh: '满意度·办理时效', en: 'satisfaction: handling time (1–5)', kind: 'mean', num: 'sat_time_sum', den: 'sat_time_n' },
  { id: 'sat_effect_avg', zh: '满意度·解决效果', en: 'satisfaction: resolution effect (1–5)', kind: 'mean', num: 'sat_effect_sum', den: 'sat_effect_n' },
  { id: 'sat_comm_avg', zh: '满意度·沟通质量', en: 'satisfaction: communication (1–5)', kind: 'mean', num: 'sat_comm_sum', den: 'sat_comm_n' },
  { id: 'sat_follow_avg', zh: '满意度·后续服务', en: 'satisfaction: follow-up service (1–5)', kind: 'mean', num: 'sat_follow_sum', den: 'sat_follow_n' },
  { id: 'review_rate', zh: '复核申请率', en: 'review rate', kind: 'ratio', num: 'review_n', den: 'notified' },
  { id: 'overturn_rate', zh: '复核改变率', en: 'review overturn rate', kind: 'ratio', num: 'overturned', den: 'review_decided' },
  { id: 'repeat_rate', zh: '重复投诉率', en: 'repeat-complaint rate', kind: 'ratio', num: 'repeat_n', den: 'n' },
  { id: 'reopen_rate', zh: '重启率', en: 'reopen rate', kind: 'ratio', num: 'reopened', den: 'n' },
  { id: 'reassigned_rate', zh: '转办退回占比', en: 'share reassigned at least once', kind: 'ratio', num: 'reassigned', den: 'n' },
  { id: 'reassignments', zh: '转办退回次数', en: 'reassignments (transfers and returns)', kind: 'count', num: 'reassign_sum' },
  { id: 'policy_breaches', zh: '超内部时限件数', en: 'complaints with a policy-target breach', kind: 'count', num: 'pol_breach' },
  { id: 'statutory_breaches', zh: '超法定时限件数', en: 'complaints with a statutory-limit breach', kind: 'count', num: 'stat_breach' },
  { id: 'statutory_breach_rate', zh: '超法定时限率', en: 'statutory breach rate', kind: 'ratio', num: 'stat_breach', den: 'n' },
  { id: 'major', zh: '重大投诉', en: 'major complaints', kind: 'count', num: 'major_n' },
  { id: 'mass', zh: '群体性投诉', en: 'mass complaints', kind: 'count', num: 'mass_n' },
  { id: 'referrals', zh: '监管转办投诉', en: 'regulator referrals', kind: 'count', num: 'referral_n' },
  { id: 'per_10k_customers', zh: '万名客户投诉量', en: 'complaints per 10,000 customers', kind: 'per', num: 'n', den: 'customers', scale: 10_000 },
  { id: 'per_10m_individual', zh: '千万个人客户投诉量', en: 'complaints per 10 million individual customers', kind: 'per', num: 'n', den: 'individual_customers', scale: 10_000_000 },
  { id: 'per_branch', zh: '网点平均投诉量', en: 'complaints per branch', kind: 'per', num: 'n', den: 'branches', scale: 1 },
  { id: 'per_1000_branches', zh: '千家网点投诉量', en: 'complaints per 1,000 branches', kind: 'per', num: 'n', den: 'branches', scale: 1000 },
];

export const METRIC_BY_ID: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.id, m]));
export const METRIC_IDS: readonly string[] = METRICS.map((m) => m.id);

/** A metric's value from measure sums (and external denominators for 'per' rates); null when undefined (0/0). */
export function metricValue(def: MetricDef, sums: Readonly<Sums>, denominators: Readonly<Partial<Record<string, number>>> = {}): number | null {
  const num = sums[def.num] ?? 0;
  switch (def.kind) {
    case 'count':
      return num;
    case 'ratio':
    case 'mean': {
      const den = sums[def.den!] ?? 0;
      return den > 0 ? num / den : null;
    }
    case 'per': {
      const den = denominators[def.den!];
      return den !== undefined && den > 0 ? (num / den) * (def.scale ?? 1) : null;
    }
  }
}

export function computeMetrics(sums: Readonly<Sums>, ids: readonly string[] = METRIC_IDS, denominators: Readonly<Partial<Record<string, number>>> = {}): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const id of ids) {
    const def = METRIC_BY_ID.get(id);
    if (def) out[id] = metricValue(def, sums, denominators);
  }
  return out;
}

/** The measures the given metrics read (for queries that sum only what they need). */
export function measuresFor(ids: readonly string[]): string[] {
  const out = new Set<string>(['n']);
  for (const id of ids) {
    const def = METRIC_BY_ID.get(id);
    if (!def) continue;
    out.add(def.num);
    if (def.kind === 'ratio' || def.kind === 'mean') out.add(def.den!);
  }
  return [...out];
}

/** Whether a value meets its metric's target (null when the metric has none or no value). */
export function meetsTarget(def: MetricDef, value: number | null): boolean | null {
  if (!def.target || value === null) return null;
  return def.target.op === '>=' ? value >= def.target.value : value <= def.target.value;
}
