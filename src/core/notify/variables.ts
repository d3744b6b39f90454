// The catalogue of template variables: what each placeholder means, its type, whether it is personal data,
// and on which channels it may appear. Templates may only use variables listed here for their kind;
// SMS bodies only those marked `sms: true` (no personal data beyond the tracking number).

import type { Channel, TemplateKind } from './types.ts';

export type VariableType =
  /** one line of text */
  | 'text'
  /** free text with line breaks (kept as <br> in HTML) */
  | 'multiline'
  /** a Date (formatted in Asia/Shanghai per locale) or an already formatted string */
  | 'date'
  /** a list of strings, joined per locale */
  | 'list'
  /** an http(s) URL */
  | 'url'
  /** an identifier or code such as the tracking number or a one-time code */
  | 'code'
  | 'number';

/** Personal-data class of a variable: `none`, or what kind of personal data it carries. */
export type PiiClass = 'none' | 'name' | 'contact' | 'identifier' | 'financial';

export interface VariableSpec {
  readonly type: VariableType;
  readonly pii: PiiClass;
  /** Channels where the variable may appear. Empty: never in a notification (kept so that it is refused by name). */
  readonly channels: readonly Channel[];
  readonly description: { readonly 'zh-CN': string; readonly en: string };
}

const EMAIL: readonly Channel[] = ['email'];
const ALL: readonly Channel[] = ['email', 'sms'];
const NONE: readonly Channel[] = [];

export const VARIABLES = {
  complainant_name: { type: 'text', pii: 'name', channels: EMAIL, description: { 'zh-CN': '投诉人称呼', en: "Complainant's name" } },
  org_name: { type: 'text', pii: 'none', channels: ALL, description: { 'zh-CN': '机构名称', en: 'Institution name' } },
  tracking_no: { type: 'code', pii: 'none', channels: ALL, description: { 'zh-CN': '投诉编号（查询码）', en: 'Tracking number' } },
  portal_url: { type: 'url', pii: 'none', channels: ALL, description: { 'zh-CN': '投诉查询页面地址', en: 'Complaint tracking page URL' } },
  service_hotline: { type: 'text', pii: 'none', channels: ALL, description: { 'zh-CN': '客服热线', en: 'Customer service hotline' } },
  received_date: { type: 'date', pii: 'none', channels: ALL, description: { 'zh-CN': '投诉受理日期', en: 'Date the complaint was received' } },
  decision_due_date: { type: 'date', pii: 'none', channels: ALL, description: { 'zh-CN': '预计作出处理决定的日期', en: 'Expected decision date' } },
  reply_by_date: { type: 'date', pii: 'none', channels: ALL, description: { 'zh-CN': '补充材料截止日期', en: 'Date by which to send the missing information' } },
  missing_items: { type: 'list', pii: 'none', channels: EMAIL, description: { 'zh-CN': '需补充的材料', en: 'What is missing' } },
  extension_reason: { type: 'multiline', pii: 'none', channels: EMAIL, description: { 'zh-CN': '延期原因', en: 'Reason for the extension' } },
  new_due_date: { type: 'date', pii: 'none', channels: ALL, description: { 'zh-CN': '延期后的处理期限', en: 'New decision date' } },
  facts_checked: { type: 'multiline', pii: 'none', channels: EMAIL, description: { 'zh-CN': '核实的情况', en: 'Facts checked' } },
  basis_and_reasons: { type: 'multiline', pii: 'none', channels: EMAIL, description: { 'zh-CN': '处理依据和理由', en: 'Basis and reasons' } },
  outcome: { type: 'multiline', pii: 'none', channels: EMAIL, description: { 'zh-CN': '处理结果', en: 'Outcome' } },
  remedy: { type: 'multiline', pii: 'none', channels: EMAIL, description: { 'zh-CN': '补救措施', en: 'Remedy' } },
  review_body: { type: 'text', pii: 'none', channels: ALL, description: { 'zh-CN': '受理核查申请的上级机构', en: 'Superior institution that handles a review' } },
  decision_date: { type: 'date', pii: 'none', channels: ALL, description: { 'zh-CN': '处理决定日期', en: 'Date of the decision' } },
  review_findings: { type: 'multiline', pii: 'none', channels: EMAIL, description: { 'zh-CN': '核查情况', en: 'Findings of the review' } },
  review_result: { type: 'multiline', pii: 'none', channels: EMAIL, description: { 'zh-CN': '核查结论', en: 'Result of the review' } },
  survey_url: { type: 'url', pii: 'none', channels: ALL, description: { 'zh-CN': '满意度评价页面地址', en: 'Satisfaction survey URL' } },
  follow_up_summary: { type: 'multiline', pii: 'none', channels: EMAIL, description: { 'zh-CN': '回访与后续措施', en: 'Follow-up and measures taken' } },
  otp_code: { type: 'code', pii: 'none', channels: ALL, description: { 'zh-CN': '一次性验证码（不得记录日志）', en: 'One-time code (never logged)' } },
  otp_valid_minutes: { type: 'number', pii: 'none', channels: ALL, description: { 'zh-CN': '验证码有效分钟数', en: 'Minutes the code stays valid' } },
  // Personal data the system holds but no template may show: listed so that they are refused by name.
  id_number: { type: 'code', pii: 'identifier', channels: NONE, description: { 'zh-CN': '身份证号', en: 'Resident ID number' } },
  phone: { type: 'text', pii: 'contact', channels: NONE, description: { 'zh-CN': '手机号', en: 'Mobile number' } },
  email_address: { type: 'text', pii: 'contact', channels: NONE, description: { 'zh-CN': '电子邮箱', en: 'E-mail address' } },
  card_number: { type: 'code', pii: 'financial', channels: NONE, description: { 'zh-CN': '银行卡号', en: 'Card number' } },
  account_number: { type: 'code', pii: 'financial', channels: NONE, description: { 'zh-CN': '账号', en: 'Account number' } },
} as const satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof VARIABLES;

export function isKnownVariable(name: string): name is VariableName {
  return Object.hasOwn(VARIABLES, name);
}

export function variableSpec(name: string): VariableSpec | undefined {
  return isKnownVariable(name) ? VARIABLES[name] : undefined;
}

/** Variables usable on a given channel (SMS: the whitelist of non-personal, bounded values). */
export function channelVariables(channel: Channel): readonly VariableName[] {
  return (Object.keys(VARIABLES) as VariableName[]).filter((n) =>
    (VARIABLES[n].channels as readonly Channel[]).includes(channel),
  );
}

const COMMON: readonly VariableName[] = ['complainant_name', 'org_name', 'tracking_no', 'portal_url', 'service_hotline'];

/** Variables a template of each kind may use. */
export const KIND_VARIABLES: Readonly<Record<TemplateKind, readonly VariableName[]>> = {
  acknowledgement: [...COMMON, 'received_date', 'decision_due_date'],
  information_request: [...COMMON, 'missing_items', 'reply_by_date'],
  extension_notice: [...COMMON, 'extension_reason', 'new_due_date', 'received_date'],
  decision_notice: [
    ...COMMON,
    'received_date',
    'facts_checked',
    'basis_and_reasons',
    'outcome',
    'remedy',
    'review_body',
    'decision_date',
  ],
  review_outcome: [...COMMON, 'review_body', 'review_findings', 'review_result', 'decision_date'],
  satisfaction_request: [...COMMON, 'survey_url'],
  follow_up: [...COMMON, 'follow_up_summary'],
  portal_otp: ['org_name', 'otp_code', 'otp_valid_minutes', 'service_hotline'],
};

/**
 * Variables a template of each kind must contain, so that an edited template cannot drop what the notice
 * must state (e.g. the decision notice's facts, basis and reasons, outcome, remedy and the reviewing body).
 * `email`: required in both the text and the HTML body; `sms`: required in the SMS body.
 */
export const REQUIRED_VARIABLES: Readonly<Record<TemplateKind, Readonly<Record<Channel, readonly VariableName[]>>>> = {
  acknowledgement: {
    email: ['tracking_no', 'decision_due_date', 'portal_url'],
    sms: ['tracking_no', 'decision_due_date'],
  },
  information_request: { email: ['tracking_no', 'missing_items', 'reply_by_date'], sms: ['tracking_no'] },
  extension_notice: { email: ['tracking_no', 'extension_reason', 'new_due_date'], sms: ['tracking_no', 'new_due_date'] },
  decision_notice: {
    email: ['tracking_no', 'facts_checked', 'basis_and_reasons', 'outcome', 'remedy', 'review_body'],
    sms: ['tracking_no'],
  },
  review_outcome: { email: ['tracking_no', 'review_findings', 'review_result'], sms: ['tracking_no'] },
  satisfaction_request: { email: ['tracking_no', 'survey_url'], sms: ['tracking_no', 'survey_url'] },
  follow_up: { email: ['tracking_no', 'follow_up_summary'], sms: ['tracking_no'] },
  portal_otp: { email: ['otp_code', 'otp_valid_minutes'], sms: ['otp_code', 'otp_valid_minutes'] },
};

/** Life of a portal one-time code, in minutes (the value given to `otp_valid_minutes`). */
export const PORTAL_OTP_TTL_MINUTES = 10;
