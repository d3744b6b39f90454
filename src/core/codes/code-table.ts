// JR/T 0169-2018 code table (three axes: A channel, B business category, C complaint reason) as versioned data.
// The official table was not obtained (regulations.md §3): the shipped default carries the headings the
// standard names, "other" coded 99; administrators load their own version.
import { BUSINESS_CODES, CODE_TABLE_VERSION, REASON_CODES, type CodeEntry } from '../classify/codes.ts';

export interface ChannelCodeEntry extends CodeEntry {
  /** Parent code in the axis hierarchy (for grouped columns and subtotals in reports). */
  parent?: string;
}

/** A axis: business-handling channel, front office / middle-back office with the electronic sub-channels. */
export const CHANNEL_CODES: readonly ChannelCodeEntry[] = [
  { code: 'A01', zh: '前台', en: 'Front office' },
  { code: 'A0101', zh: '营业网点柜面', en: 'Branch counter', parent: 'A01' },
  { code: 'A0102', zh: '自助机具', en: 'Self-service machines', parent: 'A01' },
  { code: 'A0103', zh: '电子渠道', en: 'Electronic channels', parent: 'A01' },
  { code: 'A010301', zh: '网上银行', en: 'Online banking', parent: 'A0103' },
  { code: 'A010302', zh: '电话银行', en: 'Phone banking', parent: 'A0103' },
  { code: 'A010303', zh: '手机银行/APP', en: 'Mobile app', parent: 'A0103' },
  { code: 'A010304', zh: '公共网络平台', en: 'Public online platforms', parent: 'A0103' },
  { code: 'A010305', zh: '短信', en: 'SMS', parent: 'A0103' },
  { code: 'A010399', zh: '其他电子渠道', en: 'Other electronic', parent: 'A0103' },
  { code: 'A0104', zh: '第三方渠道', en: 'Third party', parent: 'A01' },
  { code: 'A0199', zh: '其他前台渠道', en: 'Other front office', parent: 'A01' },
  { code: 'A02', zh: '中后台', en: 'Middle and back office' },
];

export interface CodeTable {
  version: string;
  channel: readonly ChannelCodeEntry[];
  business: readonly CodeEntry[];
  reason: readonly CodeEntry[];
}

export const DEFAULT_CODE_TABLE: CodeTable = { version: CODE_TABLE_VERSION, channel: CHANNEL_CODES, business: BUSINESS_CODES, reason: REASON_CODES };

export type CodeAxis = 'channel' | 'business' | 'reason';

export function hasCode(table: CodeTable, axis: CodeAxis, code: string): boolean {
  return table[axis].some((e) => e.code === code);
}

/** Validates a table an administrator loads: codes unique per axis, labels present, parents exist. */
export function validateCodeTable(t: unknown): string[] {
  const problems: string[] = [];
  const x = t as Partial<CodeTable> | null;
  if (!x || typeof x !== 'object') return ['not an object'];
  if (typeof x.version !== 'string' || !/^[\w.-]{1,40}$/.test(x.version)) problems.push('version');
  for (const axis of ['channel', 'business', 'reason'] as const) {
    const list = x[axis];
    if (!Array.isArray(list) || list.length === 0) {
      problems.push(`${axis}: empty`);
      continue;
    }
    const seen = new Set<string>();
    for (const [i, e] of list.entries()) {
      if (!e || typeof e.code !== 'string' || !/^[A-Z0-9]{1,12}$/.test(e.code)) problems.push(`${axis}[${i}].code`);
      else if (seen.has(e.code)) problems.push(`${axis}[${i}].code duplicate`);
      else seen.add(e.code);
      if (typeof e.zh !== 'string' || !e.zh || typeof e.en !== 'string' || !e.en) problems.push(`${axis}[${i}] labels`);
    }
    for (const [i, e] of list.entries()) {
      const parent = (e as ChannelCodeEntry).parent;
      if (parent !== undefined && !seen.has(parent)) problems.push(`${axis}[${i}].parent`);
    }
  }
  return problems;
}
