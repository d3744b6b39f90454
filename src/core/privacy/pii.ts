// Personal financial information in free text: C3 authentication data (refused at the door) and C2 identifiers
// (ID numbers, mobile numbers, card and account numbers, e-mails: masked in logs, exports and customer views).
// Field classes live in fields.ts and are re-exported here.
import { DEFAULT_MASKING_RULES, mask, type MaskingRules } from './masking.ts';
import { foldWidth } from './text.ts';
import { hasIdRegionShape, idNumberBirthDate, idNumberCheckChar, luhnValid } from './validators.ts';

export * from './fields.ts';

// ---------------------------------------------------------------------------------------------------------
// C3: authentication data stated in text.

export type C3Kind = 'password' | 'cvn' | 'cardExpiry' | 'trackData';

export interface C3Match {
  readonly kind: C3Kind;
  /** UTF-16 offsets in the original text. The secret itself is deliberately not returned. */
  readonly start: number;
  readonly end: number;
}

/** "is / = / changed to …" between a keyword and a stated value. */
const CONNECT = String.raw`\s*(?:(?:是|为|:|=|就是|改为|改成|设为|设置为|设成|设置成)了?|is|was)?\s*`;
/** A value followed by a unit is a count or a date ("密码输错3次", "6位密码"), not a secret. */
const NOT_A_QUANTITY = String.raw`(?!\s*(?:年|月|日|号|次|位|个|元|块|天|小时|分钟|秒|遍|笔|万|千|百|%))`;

const C3_PATTERNS: readonly [C3Kind, RegExp][] = [
  [
    'password',
    new RegExp(
      String.raw`(?:(?<!动态|一次性)(?:取款|支付|交易|查询|登录|登陆|网银|银行卡|信用卡|卡|账户|开户|手机银行|U盾)?密码|口令|(?<![A-Za-z])(?:PIN(?: ?code|码)?|password|passcode|passwd)(?![A-Za-z]))` +
        CONNECT +
        String.raw`(?=[A-Za-z0-9!@#$%^&*._~-]*\d)[A-Za-z0-9!@#$%^&*._~-]{4,32}(?![A-Za-z0-9])` +
        NOT_A_QUANTITY,
      'gi',
    ),
  ],
  [
    'cvn',
    new RegExp(
      String.raw`(?:(?<![A-Za-z])(?:CVV2?|CVN2?|CVC2?)(?![A-Za-z])|安全码|(?:卡背面?|背面)(?:的)?(?:三|3)位(?:数字|数|码)?)` +
        CONNECT +
        String.raw`(?<!\d)\d{3}(?!\d)` +
        NOT_A_QUANTITY,
      'gi',
    ),
  ],
  [
    'cardExpiry',
    new RegExp(
      String.raw`(?:(?:卡片?)?(?:有效期|有效日期|到期日|失效日期)(?:至|到|为|是)?|(?<![A-Za-z])(?:exp(?:iry|iration)?(?: date)?|valid thru|good thru)(?![A-Za-z]))` +
        String.raw`\s*[:=]?\s*` +
        String.raw`(?:(?:0?[1-9]|1[0-2])\s*/\s*(?:20\d{2}|\d{2})|(?:0[1-9]|1[0-2])-(?:20\d{2}|\d{2})|20\d{2}\s*[/-]\s*(?:0?[1-9]|1[0-2])|20\d{2}\s*年\s*(?:0?[1-9]|1[0-2])\s*月)` +
        String.raw`(?!\d)(?!\s*[/-]\s*\d)(?!\s*\d{1,2}\s*[日号])`,
      'gi',
    ),
  ],
  ['trackData', /%B\d{12,19}\^|;\d{12,19}=\d{4,}/g],
];

/** A card must be in view for a stated expiry to be a card expiry (not a product's or an ID card's term). */
const CARD_CONTEXT = /卡|card/i;

/**
 * Finds authentication data (C3) stated in free text: passwords and PINs with their value, CVN2/CVV codes,
 * a card expiry next to a card, magnetic-stripe track data. Mentions without a value ("忘记密码",
 * "密码错误被锁卡", "重置密码失败") are not matches.
 */
export function findC3(text: string): C3Match[] {
  const t = foldWidth(text);
  const hasCard = CARD_CONTEXT.test(t);
  const out: C3Match[] = [];
  for (const [kind, re] of C3_PATTERNS) {
    if (kind === 'cardExpiry' && !hasCard) continue;
    for (const m of t.matchAll(re)) out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

export const C3_REFUSAL_MESSAGE = {
  zh: '请勿提供密码、卡片安全码（CVV/CVN2）、卡片有效期等鉴别信息，我行处理投诉不需要这些信息。请删除后再提交。',
  en: 'Please do not send passwords, card security codes (CVV/CVN2) or card expiry dates; handling a complaint never needs them. Remove them and submit again.',
} as const;

export type C3Check = { ok: true } | { ok: false; code: 'C3_DATA_REFUSED'; kinds: C3Kind[]; matches: C3Match[] };

/** Refuses text that carries C3 data (error code C3_DATA_REFUSED). */
export function refuseC3(text: string): C3Check {
  const matches = findC3(text);
  if (matches.length === 0) return { ok: true };
  return { ok: false, code: 'C3_DATA_REFUSED', kinds: [...new Set(matches.map((m) => m.kind))], matches };
}

// ---------------------------------------------------------------------------------------------------------
// C2 identifiers in free text.

export type PiiKind = 'idNumber' | 'phone' | 'cardNumber' | 'accountNumber' | 'email';

export interface PiiMatch {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
  /** The identifier without separators or +86 prefix (ID numbers with an upper-case X). */
  readonly value: string;
  /** Checksum (ID, Luhn) or shape (phone, e-mail) confirmed; false for long digit runs masked as possible
   * account numbers and for ID-shaped numbers with a wrong check character. */
  readonly verified: boolean;
}

const PII_SCAN = new RegExp(
  [
    String.raw`(?<email>(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-]))`,
    String.raw`(?<intl>(?<![0-9A-Za-z_])(?:\+86|0086)[ -]?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9A-Za-z_]))`,
    String.raw`(?<id>(?<![0-9A-Za-z_])\d{6} ?\d{8} ?\d{3}[\dXx](?![0-9A-Za-z_]))`,
    String.raw`(?<grouped>(?<![0-9A-Za-z_])\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?(?![0-9A-Za-z_]))`,
    String.raw`(?<phone>(?<![0-9A-Za-z_])1[3-9]\d[ -]\d{4}[ -]\d{4}(?![0-9A-Za-z_]))`,
    String.raw`(?<digits>(?<![0-9A-Za-z_])\d{11,22}(?![0-9A-Za-z_]))`,
  ].join('|'),
  'g',
);

function classifyDigits(d: string): { kind: PiiKind; verified: boolean } | null {
  if (d.length === 11) return /^1[3-9]/.test(d) ? { kind: 'phone', verified: true } : null;
  if (d.length === 18 && /^\d{17}[\dX]$/.test(d) && hasIdRegionShape(d) && idNumberBirthDate(d)) {
    return { kind: 'idNumber', verified: idNumberCheckChar(d.slice(0, 17)) === d[17] };
  }
  if (!/^\d+$/.test(d)) return null;
  if (d.length >= 12 && d.length <= 19 && luhnValid(d)) return { kind: 'cardNumber', verified: true };
  if (d.length >= 12 && d.length <= 22) return { kind: 'accountNumber', verified: false };
  return null;
}

/**
 * Finds ID numbers, mainland mobile numbers, card numbers, possible account numbers (12–22 digit runs that are
 * nothing else) and e-mail addresses in free text. Full-width digits are recognised. Names and street
 * addresses in prose are not detected (see docs/privacy.md).
 */
export function findPiiInText(text: string): PiiMatch[] {
  const t = foldWidth(text);
  const out: PiiMatch[] = [];
  for (const m of t.matchAll(PII_SCAN)) {
    const g = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    if (g.email !== undefined) {
      out.push({ kind: 'email', start, end, value: m[0], verified: true });
      continue;
    }
    const compact = m[0].replace(/[ -]/g, '').toUpperCase();
    if (g.intl !== undefined) {
      out.push({ kind: 'phone', start, end, value: compact.replace(/^(?:\+86|0086)/, ''), verified: true });
      continue;
    }
    if (g.phone !== undefined) {
      out.push({ kind: 'phone', start, end, value: compact, verified: true });
      continue;
    }
    const c = classifyDigits(compact);
    if (c) out.push({ ...c, start, end, value: compact });
  }
  return out;
}

/**
 * Replaces every identifier found by findPiiInText with its masked form under `rules`
 * (e.g. "卡号6222020200112233445" → "卡号6222***********3445").
 */
export function maskText(text: string, rules: MaskingRules = DEFAULT_MASKING_RULES): string {
  const matches = findPiiInText(text);
  if (matches.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const m of matches) {
    out += text.slice(pos, m.start) + mask(m.kind, m.value, rules);
    pos = m.end;
  }
  return out + text.slice(pos);
}
