// Default code tables: the guide's five categories and two axes of JR/T 0169-2018
// (《金融消费者投诉统计分类及编码 银行业金融机构》): B = business category, C = complaint reason.
// The official table was not obtained; these are the headings the standard names, with "other" = 99.
// Institutions may load their own versioned table; these constants are only the shipped default.

export const CODE_TABLE_VERSION = 'kesu-default-2018.1';

export type Category = 'business' | 'service' | 'product' | 'technical' | 'other';

export interface CodeEntry {
  code: string;
  zh: string;
  en: string;
  /** True for codes Kesu adds that are not headings of JR/T 0169. */
  extension?: boolean;
}

export const CATEGORIES: readonly (CodeEntry & { code: Category })[] = [
  { code: 'business', zh: '业务类', en: 'Business (operation not done, wrong, or without consent)' },
  { code: 'service', zh: '服务类', en: 'Service (how the customer was treated)' },
  { code: 'product', zh: '产品类', en: 'Product (what it is, costs, or how it was sold)' },
  { code: 'technical', zh: '技术类', en: 'Technical (system or machine malfunction)' },
  { code: 'other', zh: '其他', en: 'Other' },
];

/** B axis: business category. */
export const BUSINESS_CODES: readonly CodeEntry[] = [
  { code: 'B01', zh: '人民币储蓄', en: 'RMB savings and deposits' },
  { code: 'B02', zh: '贷款', en: 'Loans' },
  { code: 'B03', zh: '银行卡', en: 'Bank cards (debit and credit)' },
  { code: 'B04', zh: '支付结算', en: 'Payment and settlement' },
  { code: 'B05', zh: '人民币管理', en: 'RMB cash management' },
  { code: 'B06', zh: '理财', en: 'Wealth management' },
  { code: 'B07', zh: '外汇', en: 'Foreign exchange' },
  { code: 'B08', zh: '贵金属', en: 'Precious metals' },
  { code: 'B09', zh: '个人金融信息', en: 'Personal financial information' },
  { code: 'B10', zh: '债务催收', en: 'Debt collection' },
  { code: 'B11', zh: '代理业务', en: 'Agency business (funds, insurance sold on behalf of others)' },
  { code: 'B12', zh: '保险业务', en: 'Insurance (insurers’ own business)', extension: true },
  { code: 'B99', zh: '其他', en: 'Other' },
];

/** C axis: complaint reason. */
export const REASON_CODES: readonly CodeEntry[] = [
  { code: 'C01', zh: '服务态度及服务质量', en: 'Service attitude and quality' },
  { code: 'C02', zh: '服务设施、设备及业务系统', en: 'Service facilities, equipment and systems' },
  { code: 'C03', zh: '管理制度、业务规则与流程', en: 'Management rules, business rules and processes' },
  { code: 'C04', zh: '营销方式和手段', en: 'Marketing methods' },
  { code: 'C05', zh: '信息披露', en: 'Information disclosure' },
  { code: 'C06', zh: '产品收益', en: 'Product returns' },
  { code: 'C07', zh: '消费者自主选择权', en: 'Freedom of choice' },
  { code: 'C08', zh: '定价收费', en: 'Pricing and fees' },
  { code: 'C09', zh: '合同条款', en: 'Contract terms' },
  { code: 'C10', zh: '消费者资金安全', en: 'Consumer funds security' },
  { code: 'C11', zh: '消费者信息安全', en: 'Consumer information security' },
  { code: 'C12', zh: '债务催收方式和手段', en: 'Debt-collection methods' },
  { code: 'C99', zh: '其他', en: 'Other' },
];

export type BusinessCode = (typeof BUSINESS_CODES)[number]['code'];
export type ReasonCode = (typeof REASON_CODES)[number]['code'];

const byCode = (table: readonly CodeEntry[]) => new Map(table.map((e) => [e.code, e]));
const BUSINESS_BY_CODE = byCode(BUSINESS_CODES);
const REASON_BY_CODE = byCode(REASON_CODES);
const CATEGORY_BY_CODE = byCode(CATEGORIES);

/** The table entry of a category, B code or C code (undefined when unknown). */
export function describeCode(code: string): CodeEntry | undefined {
  return CATEGORY_BY_CODE.get(code) ?? BUSINESS_BY_CODE.get(code) ?? REASON_BY_CODE.get(code);
}

export function isCategory(x: string): x is Category {
  return CATEGORY_BY_CODE.has(x);
}
export function isBusinessCode(x: string): boolean {
  return BUSINESS_BY_CODE.has(x);
}
export function isReasonCode(x: string): boolean {
  return REASON_BY_CODE.has(x);
}
