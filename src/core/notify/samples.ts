// Sample values for template previews (administration screen) and for the SMS length check at validation.
// Values are deliberately realistic in length: a long branch name, a full tracking number and URL.

import type { Locale, TemplateKind, TemplateValue, TemplateVars } from './types.ts';
import { KIND_VARIABLES, PORTAL_OTP_TTL_MINUTES } from './variables.ts';
import type { VariableName } from './variables.ts';

const day = (iso: string): Date => new Date(`${iso}T09:30:00+08:00`);

const COMMON_SAMPLES: Readonly<Record<VariableName, TemplateValue>> = {
  complainant_name: '',
  org_name: '',
  tracking_no: 'KS-20250127-000123',
  portal_url: 'https://kesu.example.cn/track',
  service_hotline: '400-000-0000',
  received_date: day('2025-01-27'),
  decision_due_date: day('2025-02-11'),
  reply_by_date: day('2025-02-05'),
  missing_items: [],
  extension_reason: '',
  new_due_date: day('2025-02-26'),
  facts_checked: '',
  basis_and_reasons: '',
  outcome: '',
  remedy: '',
  review_body: '',
  decision_date: day('2025-02-10'),
  review_findings: '',
  review_result: '',
  survey_url: 'https://kesu.example.cn/survey/8f3a2c',
  follow_up_summary: '',
  otp_code: '482913',
  otp_valid_minutes: PORTAL_OTP_TTL_MINUTES,
  id_number: '',
  phone: '',
  email_address: '',
  card_number: '',
  account_number: '',
};

const LOCALE_SAMPLES: Readonly<Record<Locale, Partial<Record<VariableName, TemplateValue>>>> = {
  'zh-CN': {
    complainant_name: '李明',
    org_name: '示例银行股份有限公司北京分行',
    missing_items: ['被扣费交易的流水截图', '收到的扣费短信截图'],
    extension_reason: '本投诉涉及跨行交易，需要向对方机构调取交易记录，核实时间较长。',
    facts_checked:
      '经核查，您于2025年1月20日通过手机银行办理的一笔跨行转账被收取手续费15元。\n按照当时对外公示的收费标准，手机银行跨行转账免收手续费。',
    basis_and_reasons: '依据我行对外公示的服务价格目录，该笔转账不应收费。收费系系统参数配置错误所致。',
    outcome: '您的投诉成立。',
    remedy: '我行已于2025年2月10日将15元手续费退还至您的原扣费账户，并已修正系统配置。',
    review_body: '示例银行股份有限公司总行',
    review_findings: '核查部门调阅了交易记录、收费参数变更记录和原处理过程，原处理决定认定的事实清楚。',
    review_result: '维持原处理决定。',
    follow_up_summary: '退费已于2025年2月10日到账；我行已对同类交易进行排查，未发现其他误收费用。',
  },
  en: {
    complainant_name: 'Li Ming',
    org_name: 'Example Bank Beijing Branch',
    missing_items: ['A screenshot of the statement line with the fee', 'A screenshot of the fee SMS you received'],
    extension_reason:
      'The complaint concerns an inter-bank transfer; we need the other bank’s records to check it, which takes longer.',
    facts_checked:
      'On 20 January 2025 a fee of CNY 15 was charged on an inter-bank transfer you made in mobile banking.\nUnder the published tariff at that time, such transfers are free of charge.',
    basis_and_reasons: 'Under our published tariff the transfer should not have been charged. The fee came from a wrong system setting.',
    outcome: 'Your complaint is upheld.',
    remedy: 'On 10 February 2025 we refunded the CNY 15 fee to the account it was taken from and corrected the setting.',
    review_body: 'the head office of Example Bank',
    review_findings: 'The reviewers examined the transaction records, the fee settings history and the original handling; the facts were established correctly.',
    review_result: 'The original decision stands.',
    follow_up_summary:
      'The refund reached your account on 10 February 2025; we checked similar transactions and found no other wrong fees.',
  },
};

/** Sample values for every variable a template of `kind` may use, for previews. */
export function sampleVars(kind: TemplateKind, locale: Locale = 'zh-CN'): TemplateVars {
  const out: Record<string, TemplateValue> = {};
  for (const name of KIND_VARIABLES[kind]) out[name] = LOCALE_SAMPLES[locale][name] ?? COMMON_SAMPLES[name];
  return out;
}
