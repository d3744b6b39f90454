// Rule-based entity extraction with character positions (UTF-16 offsets into the original text, end exclusive).
// Card, account, phone and ID numbers are masked as soon as they are found: the clear value never leaves this module.
import { NUMERAL_CHARS, parseChineseNumber } from './chinese-number.ts';
import { INSTITUTIONS, PRODUCTS, type InstitutionKind } from './lexicon.ts';
import { foldWidth, toSimplified } from './normalize.ts';

export type EntityType =
  | 'amount'
  | 'rate'
  | 'date'
  | 'period'
  | 'installments'
  | 'card_number'
  | 'account_number'
  | 'phone'
  | 'id_number'
  | 'institution'
  | 'product';

export interface Entity {
  type: EntityType;
  /** The text as found, except sensitive numbers, which are always masked (e.g. 6222********1234). */
  text: string;
  start: number;
  end: number;
  /**
   * Normalised value: amounts in yuan and rates in percent (number); dates `YYYY`, `YYYY-MM`, `YYYY-MM-DD`,
   * `--MM` or `--MM-DD` when absolute, or a relative keyword (`yesterday`, `last_month` …); periods and
   * installments a count (see `unit`); institutions their canonical name.
   */
  value?: number | string;
  /** Periods: day | week | month | year | working_day. Amounts: `approximate` when written 3万多. */
  unit?: string;
  relative?: boolean;
  approximate?: boolean;
  /** Sensitive numbers: true (always). */
  masked?: boolean;
  /** Institutions: bank | insurer | consumer_finance | payment | lending_platform | other. */
  kind?: InstitutionKind;
}

// ---------------------------------------------------------------------------------------------------------------
// Masking

/** Mask a digit string: cards keep 4 + 4, phones 3 + 4, ID numbers 3 + 4, other accounts 4 + 4 (or last 4). */
export type SensitiveType = 'card_number' | 'account_number' | 'phone' | 'id_number';

export function maskDigits(digits: string, type: SensitiveType): string {
  const n = digits.length;
  const keep = (head: number, tail: number): string =>
    n <= head + tail ? '*'.repeat(Math.max(0, n - Math.min(4, tail))) + digits.slice(n - Math.min(4, tail)) : digits.slice(0, head) + '*'.repeat(n - head - tail) + digits.slice(n - tail);
  switch (type) {
    case 'card_number':
      return keep(4, 4);
    case 'phone':
      return keep(3, 4);
    case 'id_number':
      return keep(3, 4);
    case 'account_number':
      return n >= 12 ? keep(4, 4) : keep(0, 4);
  }
}

function isIdNumber(d: string): boolean {
  if (!/^[1-8]\d{16}[\dXx]$/.test(d)) return false;
  const y = Number(d.slice(6, 10));
  const m = Number(d.slice(10, 12));
  const day = Number(d.slice(12, 14));
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

// ---------------------------------------------------------------------------------------------------------------

class Occupancy {
  private readonly marks: Uint8Array;
  constructor(length: number) {
    this.marks = new Uint8Array(length + 1);
  }
  free(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.marks[i]) return false;
    return true;
  }
  take(start: number, end: number): void {
    this.marks.fill(1, start, end);
  }
}

/**
 * Every match of a global regex in `s`, like `[...s.matchAll(re)]` but without the copy of the regex that matchAll
 * makes on each call. None of the patterns used with it matches the empty string.
 */
export function allMatches(re: RegExp, s: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) out.push(m);
  return out;
}

/**
 * A pattern whose matches can only begin with one of the characters `firstChars`: it is tried, sticky, only where
 * such a character stands, instead of at every position of the text. Same matches as
 * `allMatches(new RegExp(source, 'g'), s)` — a match at the first possible position, the search going on after it —
 * at a fraction of the cost for patterns that begin with a character class (a numeral), which the regex engine
 * cannot skip ahead to. The characters are the caller's claim: the tests check every pattern made
 * (`FirstCharPattern.all`) against plain matching.
 */
export class FirstCharPattern {
  static readonly all: FirstCharPattern[] = [];
  readonly source: string;
  readonly firstChars: string;
  private readonly re: RegExp;
  private readonly first = new Uint8Array(0x10000);
  constructor(source: string, firstChars: string) {
    this.source = source;
    this.firstChars = firstChars;
    this.re = new RegExp(source, 'y');
    for (let i = 0; i < firstChars.length; i++) this.first[firstChars.charCodeAt(i)] = 1;
    FirstCharPattern.all.push(this);
  }
  matches(s: string): RegExpExecArray[] {
    const out: RegExpExecArray[] = [];
    const { re, first } = this;
    for (let i = 0; i < s.length; ) {
      if (first[s.charCodeAt(i)] === 0) {
        i++;
        continue;
      }
      re.lastIndex = i;
      const m = re.exec(s);
      if (m === null) i++;
      else {
        out.push(m);
        i += Math.max(1, m[0].length);
      }
    }
    return out;
  }
}

const CN_NUM_CHARS = NUMERAL_CHARS.replace('.', '');
const CN_NUM = `[${CN_NUM_CHARS}]`;
const RELATIVE_DATES: ReadonlyArray<readonly [string, string]> = [
  ['今天', 'today'], ['今日', 'today'], ['昨天', 'yesterday'], ['昨日', 'yesterday'], ['前天', 'day_before_yesterday'],
  ['大前天', 'three_days_ago'], ['上周', 'last_week'], ['上星期', 'last_week'], ['上个星期', 'last_week'], ['上礼拜', 'last_week'],
  ['本周', 'this_week'], ['这周', 'this_week'], ['上个月', 'last_month'], ['上月', 'last_month'], ['本月', 'this_month'],
  ['这个月', 'this_month'], ['下个月', 'next_month'], ['月初', 'start_of_month'], ['月底', 'end_of_month'], ['月末', 'end_of_month'],
  ['去年', 'last_year'], ['前年', 'year_before_last'], ['今年', 'this_year'], ['年初', 'start_of_year'], ['年底', 'end_of_year'],
  ['上半年', 'first_half_year'], ['下半年', 'second_half_year'],
];
const PERIOD_UNITS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^个?工作日/, 'working_day'],
  [/^天/, 'day'],
  [/^(?:个)?(?:星期|礼拜|周)/, 'week'],
  [/^个?多?月/, 'month'],
  [/^年/, 'year'],
];
// Words just before a bare number that make it a sum of money (借款51000, 本金80000).
const MONEY_CONTEXT = /(?:借了?|贷了?|还了?|欠了?|扣了?|扣款|收了?|转了?|付了?|交了?|缴了?|充了?|取了?|存了?|赔了?|退了?|金额|本金|利息|额度|贷款|借款|欠款|余额|费用?|共计|合计|一共|总共|累计|多还|还款|扣除|损失|亏了?|被骗)(?:是|为|了)?[:：]?\s*$/;
const NON_MONEY_AFTER = /^(?:期|年|月|日|号|天|个|次|笔|张|岁|人|名|家|%|％|点|分|秒|小时|周|星期|楼|层|元素|倍|位|条|份|套|件|台)/;

// [pattern, value, what a match needs: an Arabic digit (`digit`), digits around . / - (`separated`) or neither,
// and words that every match contains]. A pattern is run only on texts that have what it needs.
type DateNeeds = 'digit' | 'separated' | 'none';
const DATE_PATTERNS: ReadonlyArray<readonly [RegExp, (m: RegExpMatchArray) => string, DateNeeds, readonly string[]]> = [
  [/((?:19[5-9]\d|20[0-4]\d))\s*年\s*(\d{1,2})\s*月(?:份)?\s*(?:(\d{1,2})\s*[日号])?/g, (m) => dateValue(m[1], m[2], m[3]), 'digit', ['年', '月']],
  [/((?:19[5-9]\d|20[0-4]\d))[./-](\d{1,2})[./-](\d{1,2})(?!\d)/g, (m) => dateValue(m[1], m[2], m[3]), 'separated', []],
  [/((?:19[5-9]\d|20[0-4]\d))[./-](\d{1,2})(?![\d./-]|\s*[元块万千%])/g, (m) => dateValue(m[1], m[2]), 'separated', []],
  [new RegExp(`((?:19[5-9]\\d|20[0-4]\\d)|[二〇零一九]{4})\\s*年(?!\\s*(?:利率|化|费|期|龄))`, 'g'), (m) => String(parseChineseNumber((m[1] as string).replace(/二/g, '2').replace(/[〇零]/g, '0').replace(/一/g, '1').replace(/九/g, '9')) ?? m[1]), 'none', ['年']],
  [/(?<![\d.])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/g, (m) => dateValue(undefined, m[1], m[2]), 'digit', ['月']],
  [new RegExp(`(?<!${CN_NUM})((?:十[一二]?|[一二三四五六七八九]))月(?:份)?(?:((?:[一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九]))[日号])?`, 'g'), (m) => dateValue(undefined, m[1], m[2]), 'none', ['月']],
  [/(?<![\d.])(\d{1,2})\s*月份/g, (m) => dateValue(undefined, m[1]), 'digit', ['月份']],
  [/(?<![\d.个])(\d{1,2})\s*月(?![\d份])(?=[初底末中]|[^\d个])/g, (m) => dateValue(undefined, m[1]), 'digit', ['月']],
];
// Digit runs that may be card, account, phone or ID numbers (spaces or dashes between groups), or masked numbers.
const SENSITIVE_RE = /(?<![\dA-Za-z*])(?:\d[\d*]*(?:[ -]\d[\d*]*)*[\dXx*]?)(?![\dA-Za-z*])/g;
const AGO_RE = new FirstCharPattern(`(\\d+|${CN_NUM}+)\\s*(天|个月|周|年)前`, CN_NUM_CHARS);
const INSTALLMENT_RE = new FirstCharPattern(`(?:分|共|还了|还剩|剩|第)?(\\d{1,3}|${CN_NUM}{1,4})\\s*期`, '分共还剩第' + CN_NUM_CHARS);
const PERIOD_RE = new FirstCharPattern(`(半|\\d+(?:\\.\\d+)?|${CN_NUM}{1,4})\\s*(个?工作日|天|个?(?:星期|礼拜)|周|个多月|个半月|个月|年)(?:多)?`, '半' + CN_NUM_CHARS);
const RATE_RE = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*[%％]|百分之(${CN_NUM}+(?:点${CN_NUM}+)?)`, 'g');
const BRANCH = /^[\u4e00-\u9fa5]{0,6}?(?:分行|支行|营业部|分公司|支公司|信用卡中心|营业所|网点)/;
const SUFFIXRE = /(?:农村商业银行|农商银行|农商行|村镇银行|银行|信用社|消费金融|保险股份|保险公司|人寿|财险|产险|信托|小额贷款|融资担保)(?:股份有限公司|有限责任公司|有限公司|公司)?/g;
const STOP = /[\s\d\p{P}\p{S}a-zA-Z我你他她它们在向从给被是到和与跟对把去了的说找于也都就还又再让叫帮替由过这那该此贵某各其每哪啥趟次张笔份位请要想能会已并但而或等及为以将用拿办存取借欠收扣付买卖家个些点所有有]/u;
const PERIOD_HINT = /[天周年]|月|工作日|星期|礼拜/;
const NOT_A_NAME = /^(?:手机|网上|个人网上|企业网上|电话|直销|自助|国有|商业|外资|民营|地方|股份制|城商|放贷|合作|发卡|开户|收款|付款|对方|其他|别的|代扣|贷款|托管|存款|正规|大型|小型|全国性|互联网|保险|财产|人身)$/;
// Leading words that are not part of a name (各大银行 → none, 去了招联消费金融 → 招联消费金融 is handled by the lexicon).
const GENERIC_PREFIX = /^(?:各大|大型|小型|一家|两家|几家|多家|正规)/;
const AMOUNT_RE = new FirstCharPattern(
  `(?:(人民币|RMB|rmb|[¥￥])\\s*)?((?:\\d(?:\\d|,(?=\\d{3}))*(?:\\.\\d+)?|[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾])(?:[\\d.]|${CN_NUM})*)\\s*(多)?\\s*(万元|万块钱|万块|万|千元|千块|千|元|块钱|块|圆|[wW](?![a-zA-Z]))?`,
  '人Rr¥￥0123456789零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾',
);
/** Words indexed by their first character; `scan` finds leftmost-longest, non-overlapping occurrences. */
class WordIndex<T> {
  private readonly byFirst = new Map<number, { word: string; data: T }[]>();
  /** 1 for the UTF-16 units that start a word: most characters start none, and a table read is cheaper than a Map. */
  private readonly starts = new Uint8Array(0x10000);
  constructor(entries: Iterable<readonly [string, T]>) {
    for (const [word, data] of entries) {
      const c = word.charCodeAt(0);
      this.starts[c] = 1;
      const list = this.byFirst.get(c);
      if (list) list.push({ word, data });
      else this.byFirst.set(c, [{ word, data }]);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.word.length - a.word.length);
  }
  scan(s: string, visit: (start: number, end: number, data: T) => void): void {
    const n = s.length;
    const starts = this.starts;
    for (let i = 0; i < n; ) {
      const c = s.charCodeAt(i);
      const list = starts[c] === 1 ? this.byFirst.get(c) : undefined;
      let step = 1;
      if (list) {
        for (let j = 0; j < list.length; j++) {
          const e = list[j] as { word: string; data: T };
          if (s.startsWith(e.word, i)) {
            visit(i, i + e.word.length, e.data);
            step = e.word.length;
            break;
          }
        }
      }
      i += step;
    }
  }
}

const RELATIVE_INDEX = new WordIndex(RELATIVE_DATES.map(([w, tag]) => [w, tag] as const));
const INSTITUTION_INDEX = new WordIndex(
  INSTITUTIONS.flatMap((inst) => [inst.name, ...(inst.aliases ?? [])].map((name) => [name, { canonical: inst.name, kind: inst.kind }] as const)),
);
const PRODUCT_INDEX = new WordIndex([...new Set(PRODUCTS)].map((p) => [p.toLowerCase(), p] as const));

function dateValue(y?: string, m?: string, d?: string): string {
  const mm = m ? String(parseChineseNumber(m) ?? m).padStart(2, '0') : '';
  const dd = d ? String(parseChineseNumber(d) ?? d).padStart(2, '0') : '';
  if (y) return mm ? (dd ? `${y}-${mm}-${dd}` : `${y}-${mm}`) : y;
  return dd ? `--${mm}-${dd}` : `--${mm}`;
}

/** Find entities in a complaint text. Positions refer to `text` as given. */
export function extractEntities(text: string): Entity[] {
  const t = foldWidth(text); // same length as text: positions carry over
  const occ = new Occupancy(text.length);
  const out: Entity[] = [];
  const add = (e: Entity): void => {
    occ.take(e.start, e.end);
    out.push(e);
  };

  const hasDigit = /\d/.test(t);
  // 1. Sensitive numbers (with optional spaces or dashes between digit groups), and numbers already masked.
  if (hasDigit) for (const m of allMatches(SENSITIVE_RE, t)) {
    const raw = m[0];
    if (raw.length < 7) continue; // shorter than any masked or sensitive number (see the lengths below)
    const start = m.index;
    const digits = raw.replace(/[ -]/g, '');
    const hasStar = digits.includes('*');
    if (hasStar) {
      if ((digits.match(/\*/g) ?? []).length < 3 || digits.length < 7) continue;
      const type: SensitiveType =
        digits.length === 11 && digits.startsWith('1') ? 'phone' : digits.length === 18 ? 'id_number' : digits.length >= 15 ? 'card_number' : 'account_number';
      add({ type, text: raw, start, end: start + raw.length, masked: true });
      continue;
    }
    if (raw.includes(' ') && !/^\d{4}(?: \d{4}){3,4}(?: \d{1,3})?$/.test(raw) && !/^1\d{2} \d{4} \d{4}$/.test(raw)) continue;
    let type: SensitiveType | undefined;
    if (digits.length === 18 && isIdNumber(digits)) type = 'id_number';
    else if (digits.length === 15 && /^[1-8]\d{14}$/.test(digits) && Number(digits.slice(8, 10)) <= 12 && !/^[3-6]/.test(digits)) type = 'id_number';
    else if (/^1[3-9]\d{9}$/.test(digits)) type = 'phone';
    else if (/^0\d{9,11}$/.test(digits) && raw.includes('-')) type = 'phone';
    else if (digits.length >= 16 && digits.length <= 19 && /^[3-6]/.test(digits)) type = 'card_number';
    else if (digits.length >= 10 && /^\d+$/.test(digits)) type = 'account_number';
    else if (/^\d{17}[Xx]$/.test(digits)) type = 'id_number';
    if (!type) continue;
    const clean = digits.replace(/[Xx]$/, 'X');
    add({ type, text: maskDigits(clean, type), start, end: start + raw.length, masked: true });
  }

  // 2. Absolute dates.
  const separated = hasDigit && /\d[./-]\d/.test(t);
  for (const [re, value, needs, words] of DATE_PATTERNS) {
    if (needs === 'digit' ? !hasDigit : needs === 'separated' ? !separated : false) continue;
    if (!words.every((w) => t.includes(w))) continue;
    for (const m of allMatches(re, t)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (!occ.free(start, end)) continue;
      const v = value(m);
      const parts = /^(?:\d{4}|-)-(\d{2})(?:-(\d{2}))?$/.exec(v);
      if (parts && (Number(parts[1]) < 1 || Number(parts[1]) > 12 || (parts[2] !== undefined && (Number(parts[2]) < 1 || Number(parts[2]) > 31)))) continue;
      add({ type: 'date', text: text.slice(start, end), start, end, value: v });
    }
  }
  // Relative dates (longest first).
  RELATIVE_INDEX.scan(t, (i, end, tag) => {
    if (occ.free(i, end)) add({ type: 'date', text: text.slice(i, end), start: i, end, value: tag, relative: true });
  });
  if (t.includes('前')) for (const m of AGO_RE.matches(t)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const n = parseChineseNumber(m[1] as string);
    if (n === undefined || !occ.free(start, end)) continue;
    const unit = m[2] === '天' ? 'day' : m[2] === '周' ? 'week' : m[2] === '年' ? 'year' : 'month';
    add({ type: 'date', text: text.slice(start, end), start, end, value: `${n}_${unit}s_ago`, relative: true });
  }

  // 3. Installments and periods.
  if (t.includes('期')) for (const m of INSTALLMENT_RE.matches(t)) {
    const start = (m.index ?? 0) + (m[0].length - m[0].replace(/^(?:分|共|还了|还剩|剩|第)/, '').length);
    const end = (m.index ?? 0) + m[0].length;
    const n = parseChineseNumber(m[1] as string);
    if (n === undefined || n <= 0 || n > 360 || !Number.isInteger(n) || !occ.free(start, end)) continue;
    add({ type: 'installments', text: text.slice(start, end), start, end, value: n, unit: 'installment' });
  }
  if (PERIOD_HINT.test(t)) for (const m of PERIOD_RE.matches(t)) {
    const start = m.index ?? 0;
    let end = start + m[0].length;
    const numText = m[1] as string;
    let n = numText === '半' ? 0.5 : parseChineseNumber(numText);
    const unitText = m[2] as string;
    if (n === undefined || n <= 0 || !occ.free(start, end)) continue;
    if (unitText === '年' && /^\d{4}$/.test(numText)) continue;
    if (unitText === '个半月') n += 0.5;
    const unit = PERIOD_UNITS.find(([re]) => re.test(unitText))?.[1] ?? 'month';
    if (t[end] === '前') continue;
    const approximate = /多/.test(m[0]);
    end = start + m[0].length;
    add({ type: 'period', text: text.slice(start, end), start, end, value: n, unit, ...(approximate ? { approximate } : {}) });
  }

  // 4. Rates.
  if (t.includes('%') || t.includes('％') || t.includes('百分之')) for (const m of allMatches(RATE_RE, t)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    if (!occ.free(start, end)) continue;
    let v: number | undefined;
    if (m[1]) v = Number(m[1]);
    else {
      const [intPart, frac] = (m[2] as string).split('点');
      const i = parseChineseNumber(intPart as string);
      v = i === undefined ? undefined : frac ? Number(`${i}.${[...frac].map((c) => parseChineseNumber(c) ?? 0).join('')}`) : i;
    }
    if (v === undefined) continue;
    add({ type: 'rate', text: text.slice(start, end), start, end, value: v, unit: 'percent' });
  }

  // 5. Amounts.
  for (const m of AMOUNT_RE.matches(t)) {
    const start = m.index ?? 0;
    let end = start + m[0].length;
    const currency = m[1];
    let numText = m[2] as string;
    const more = Boolean(m[3]);
    const unit = m[4];
    // Trailing 十/百 without 元 etc. belong to the numeral; strip trailing '.'
    numText = numText.replace(/\.$/, '');
    if (!occ.free(start, end)) continue;
    if (!currency && !unit) {
      // A bare number counts only after a money word (借款51000) and when it is not a count of something.
      const chineseWithUnit = /[万千百]/.test(numText) && !/^[万千百]/.test(numText);
      if (!/^\d[\d,]*(\.\d+)?$/.test(numText) && !chineseWithUnit) continue;
      if (!MONEY_CONTEXT.test(t.slice(Math.max(0, start - 6), start))) continue;
      if (NON_MONEY_AFTER.test(t.slice(end))) continue;
    }
    if (!unit && NON_MONEY_AFTER.test(t.slice(end))) continue;
    const base = parseChineseNumber(numText.replace(/,/g, ''));
    if (base === undefined) continue;
    let value = base;
    if (unit === '万' || unit === '万元' || unit === '万块' || unit === '万块钱' || unit === 'w' || unit === 'W') value = base * 1e4;
    else if (unit === '千' || unit === '千元' || unit === '千块') value = base * 1e3;
    if (value <= 0) continue;
    if (t[end] === '多') end++;
    value = Math.round(value * 100) / 100;
    add({ type: 'amount', text: text.slice(start, end), start, end, value, unit: 'CNY', ...(more || t[end - 1] === '多' ? { approximate: true } : {}) });
  }

  // 6. Institutions: the lexicon first (longest match), then names ending in 银行 / 保险 / 消费金融 ….
  const simplified = toSimplified(t);
  const s = simplified.length === t.length ? simplified : t;
  INSTITUTION_INDEX.scan(s, (i, nameEnd, n) => {
    let end = nameEnd;
    const b = BRANCH.exec(s.slice(end, end + 12));
    if (b) end += b[0].length;
    if (occ.free(i, end)) add({ type: 'institution', text: text.slice(i, end), start: i, end, value: n.canonical, kind: n.kind });
  });
  // Unknown names: a suffix such as 银行 or 消费金融, and the name characters just before it (up to 8, stopping at
  // function words and punctuation), plus a branch (…分行, …支行) after it.
  for (const m of allMatches(SUFFIXRE, s)) {
    const suffixStart = m.index ?? 0;
    if (!occ.free(suffixStart, suffixStart + m[0].length)) continue; // inside a name found already
    let start = suffixStart;
    while (start > 0 && suffixStart - start < 8 && !STOP.test(s[start - 1] as string)) start--;
    if (suffixStart - start < 2) continue;
    // Channels and kinds of bank rather than names: 手机银行, 网上银行, 商业银行, 开户银行 …
    const generic = GENERIC_PREFIX.exec(s.slice(start, suffixStart));
    if (generic) start += generic[0].length;
    if (suffixStart - start < 2 || NOT_A_NAME.test(s.slice(start, suffixStart))) continue;
    let end = suffixStart + m[0].length;
    const b = BRANCH.exec(s.slice(end, end + 12));
    if (b) end += b[0].length;
    if (!occ.free(start, end)) continue;
    const suffix = m[0];
    const kind: InstitutionKind = /银行|信用社|农商/.test(suffix)
      ? 'bank'
      : /保险|人寿|财险|产险/.test(suffix)
        ? 'insurer'
        : /消费金融/.test(suffix)
          ? 'consumer_finance'
          : /小额贷款/.test(suffix)
            ? 'lending_platform'
            : 'other';
    add({ type: 'institution', text: text.slice(start, end), start, end, value: s.slice(start, suffixStart + m[0].length), kind });
  }

  // 7. Products (longest first; not inside an institution name).
  const lower = s.toLowerCase();
  PRODUCT_INDEX.scan(lower, (i, end, p) => {
    if (/^[a-z]+$/i.test(p) && (/[a-z]/.test(lower[i - 1] ?? '') || /[a-z]/.test(lower[end] ?? ''))) return;
    if (occ.free(i, end)) add({ type: 'product', text: text.slice(i, end), start: i, end, value: p });
  });

  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The text with every card, account, phone and ID number replaced by its mask (same positions elsewhere). */
export function maskSensitive(text: string): string {
  const sensitive = extractEntities(text).filter((e) => e.masked);
  let out = '';
  let pos = 0;
  for (const e of sensitive) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}
