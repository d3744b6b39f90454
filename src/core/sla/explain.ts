// Short zh-CN and English explanations of a step's deadlines, and the warning catalogue.
import type { Complexity, Duration, StepName } from './policies.ts';

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export type Binding = 'policy' | 'statutory' | 'referral';

export type SlaWarningCode = 'CALENDAR_YEAR_NOT_LOADED' | 'CLOCK_STOPPED' | 'POLICY_AFTER_STATUTORY';

export interface SlaWarning {
  readonly code: SlaWarningCode;
  readonly step?: StepName;
  readonly year?: number;
  readonly message: Bilingual;
}

export const STEP_LABELS: Readonly<Record<StepName, Bilingual>> = {
  acknowledge: { zh: '受理登记', en: 'Acknowledge' },
  classify: { zh: '初步分类', en: 'Classify' },
  start: { zh: '开始处理', en: 'Start handling' },
  firstResponse: { zh: '首次回应', en: 'First response' },
  plan: { zh: '处理方案', en: 'Handling plan' },
  decide: { zh: '处理决定', en: 'Decision' },
  notify: { zh: '结果告知', en: 'Notify result' },
  reviewRequest: { zh: '申请复核期限', en: 'Review request window' },
  reviewDecide: { zh: '复核决定', en: 'Review decision' },
};

export const BINDING_LABELS: Readonly<Record<Binding, Bilingual>> = {
  policy: { zh: '内部时限', en: 'policy target' },
  statutory: { zh: '法定时限', en: 'statutory limit' },
  referral: { zh: '监管转办时限', en: 'regulator referral due' },
};

const COMPLEXITY_LABELS: Readonly<Record<Complexity, Bilingual>> = {
  general: { zh: '一般投诉', en: 'general' },
  complex: { zh: '复杂投诉', en: 'complex' },
  special: { zh: '特殊投诉', en: 'special' },
};

export function durationText(d: Duration): Bilingual {
  switch (d.unit) {
    case 'hours':
      return { zh: `${d.amount}小时`, en: `${d.amount} hours` };
    case 'working_days':
      return { zh: `${d.amount}个工作日`, en: `${d.amount} working days` };
    case 'calendar_days':
      return { zh: `${d.amount}日`, en: `${d.amount} days` };
  }
}

export function yearWarning(year: number, step: StepName): SlaWarning {
  return {
    code: 'CALENDAR_YEAR_NOT_LOADED',
    step,
    year,
    message: {
      zh: `${year}年节假日数据未加载，按周一至周五工作计算，结果可能不准确`,
      en: `holiday data for ${year} is not loaded; Monday–Friday assumed, the result may be wrong`,
    },
  };
}

export function stoppedWarning(step: StepName): SlaWarning {
  return {
    code: 'CLOCK_STOPPED',
    step,
    message: { zh: '等待投诉人补充材料，内部时限暂停计时', en: 'waiting for the complainant: the policy clock is stopped' },
  };
}

export function policyAfterStatutoryWarning(step: StepName): SlaWarning {
  return {
    code: 'POLICY_AFTER_STATUTORY',
    step,
    message: {
      zh: '内部时限晚于法定时限：须在法定期限届满前办结或依规延期',
      en: 'the policy target falls after the statutory limit: finish or record an extension before the limit',
    },
  };
}

/** The facts of a step an explanation is built from (a StepDeadline without its explanation). */
export interface ExplainFacts {
  readonly step: StepName;
  readonly policyTarget: Duration | null;
  readonly policyDue: string | null;
  readonly statutoryDays: number | null;
  readonly statutoryDue: string | null;
  readonly referralDue: string | null;
  readonly binding: Binding | null;
  readonly skippedHolidays: readonly string[];
  readonly pausedDays: readonly string[];
  readonly pausedMs: number;
}

const day = (iso: string): string => iso.slice(0, 10);
const at = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

function policyPart(f: ExplainFacts, complexity: Complexity): Bilingual | null {
  if (!f.policyTarget) return null;
  const d = durationText(f.policyTarget);
  const who = f.step === 'decide' ? COMPLEXITY_LABELS[complexity] : null;
  const zhWho = who ? `（${who.zh}）` : '';
  const enWho = who ? ` (${who.en})` : '';
  const due = f.policyDue === null ? { zh: '暂停中', en: 'stopped' } : { zh: at(f.policyDue), en: at(f.policyDue) };
  return { zh: `内部时限${zhWho}${d.zh}，至${due.zh}`, en: `policy${enWho} ${d.en} → ${due.en}` };
}

function extrasPart(f: ExplainFacts, rolledOver: boolean): Bilingual[] {
  const out: Bilingual[] = [];
  const holidays = f.skippedHolidays.length;
  const paused = f.pausedDays.length;
  if (holidays > 0) out.push({ zh: `跳过节假日${holidays}天`, en: `${holidays} holiday days skipped` });
  if (paused > 0) out.push({ zh: `暂停${paused}天`, en: `paused ${paused} days` });
  if (f.pausedMs > 0) {
    const h = Math.round(f.pausedMs / 360_000) / 10;
    out.push({ zh: `暂停${h}小时`, en: `paused ${h} h` });
  }
  if (rolledOver) out.push({ zh: '末日遇节假日顺延', en: 'last day rolled over a holiday' });
  return out;
}

/** E.g. "处理决定：内部时限（一般投诉）7个工作日，至2025-02-12 23:59；法定时限15日，至2025-02-11 23:59；以法定时限为准。" */
export function explain(f: ExplainFacts, complexity: Complexity, rolledOver: boolean): Bilingual {
  const parts: Bilingual[] = [];
  const p = policyPart(f, complexity);
  if (p) parts.push(p);
  if (f.statutoryDue !== null && f.statutoryDays !== null) {
    parts.push({ zh: `法定时限${f.statutoryDays}日，至${day(f.statutoryDue)}`, en: `statutory ${f.statutoryDays} days → ${day(f.statutoryDue)}` });
  }
  if (f.referralDue !== null) parts.push({ zh: `监管转办要求${at(f.referralDue)}前`, en: `referral due ${at(f.referralDue)}` });
  parts.push(...extrasPart(f, rolledOver));
  const label = STEP_LABELS[f.step];
  const binds = f.binding
    ? { zh: `以${BINDING_LABELS[f.binding].zh}为准`, en: `the ${BINDING_LABELS[f.binding].en} binds` }
    : { zh: '暂无截止时间', en: 'no due time while stopped' };
  return {
    zh: `${label.zh}：${[...parts.map((x) => x.zh), binds.zh].join('；')}。`,
    en: `${label.en}: ${[...parts.map((x) => x.en), binds.en].join('; ')}.`,
  };
}
