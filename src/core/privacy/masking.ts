// Masking rules as data (JR/T 0171 does not fix exact patterns, so an administrator can change them) and the
// one function that applies them. A rule never reveals more than keepStart + keepEnd characters, and always
// hides at least minMasked characters, however short the value.

export interface MaskRule {
  /** Characters shown at the start. */
  readonly keepStart: number;
  /** Characters shown at the end. */
  readonly keepEnd: number;
  /** The single character that replaces each hidden character. */
  readonly maskChar: string;
  /** At least this many characters are hidden (≥ 1); short values show fewer characters rather than more. */
  readonly minMasked: number;
  /** Remove spaces and hyphens before masking (numbers typed in groups). */
  readonly compact?: boolean;
  /** 'emailLocal': apply the rule to the part before the last '@' and show the domain. */
  readonly part?: 'whole' | 'emailLocal';
}

export type MaskingRules = Readonly<Record<string, MaskRule>>;

/** Field names with a default rule; any other field name is masked completely. */
export type MaskedField =
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'email'
  | 'address'
  | 'cardNumber'
  | 'accountNumber'
  | 'customerNo'
  | 'loginName'
  | 'oneTimeCode';

/**
 * Defaults (documented in docs/privacy.md):
 * name 张** · idNumber 1101**********1234 · phone 138****5678 · card 6222***********3445 ·
 * account 6214********0019 · e-mail z*******@example.com · address 北京市朝阳区****** · customer no. ******1234.
 */
export const DEFAULT_MASKING_RULES: Readonly<Record<MaskedField, MaskRule>> = {
  name: { keepStart: 1, keepEnd: 0, maskChar: '*', minMasked: 1 },
  idNumber: { keepStart: 4, keepEnd: 4, maskChar: '*', minMasked: 10, compact: true },
  phone: { keepStart: 3, keepEnd: 4, maskChar: '*', minMasked: 4, compact: true },
  email: { keepStart: 1, keepEnd: 0, maskChar: '*', minMasked: 1, part: 'emailLocal' },
  address: { keepStart: 6, keepEnd: 0, maskChar: '*', minMasked: 4 },
  cardNumber: { keepStart: 4, keepEnd: 4, maskChar: '*', minMasked: 6, compact: true },
  accountNumber: { keepStart: 4, keepEnd: 4, maskChar: '*', minMasked: 6, compact: true },
  customerNo: { keepStart: 0, keepEnd: 4, maskChar: '*', minMasked: 4, compact: true },
  loginName: { keepStart: 1, keepEnd: 1, maskChar: '*', minMasked: 2 },
  oneTimeCode: { keepStart: 0, keepEnd: 0, maskChar: '*', minMasked: 1 },
};

/** Used for a field without a rule: nothing is revealed. */
const HIDE_ALL: MaskRule = { keepStart: 0, keepEnd: 0, maskChar: '*', minMasked: 1 };

function maskChars(chars: readonly string[], rule: MaskRule): string {
  const n = chars.length;
  if (n === 0) return '';
  const keepStart = Math.max(0, Math.floor(rule.keepStart));
  const keepEnd = Math.max(0, Math.floor(rule.keepEnd));
  const minMasked = Math.max(1, Math.floor(rule.minMasked));
  const visible = Math.min(keepStart + keepEnd, Math.max(0, n - minMasked));
  const ks = Math.min(keepStart, visible);
  const ke = Math.min(keepEnd, visible - ks);
  const maskChar = Array.from(rule.maskChar)[0] ?? '*';
  return chars.slice(0, ks).join('') + maskChar.repeat(n - ks - ke) + chars.slice(n - ke).join('');
}

/**
 * Masks `value` with the rule for `field` (complete masking if the field has no rule). Characters are counted
 * as code points, so Chinese names and addresses mask per character.
 */
export function mask(field: string, value: string, rules: MaskingRules = DEFAULT_MASKING_RULES): string {
  const rule = Object.hasOwn(rules, field) ? (rules[field] ?? HIDE_ALL) : HIDE_ALL;
  let v = value.trim();
  if (rule.compact) v = v.replace(/[\s-]/g, '');
  if (rule.part === 'emailLocal') {
    const at = v.lastIndexOf('@');
    if (at > 0) return maskChars(Array.from(v.slice(0, at)), rule) + v.slice(at);
  }
  return maskChars(Array.from(v), rule);
}

export type ParseRulesResult =
  | { ok: true; rules: Record<string, MaskRule> }
  | { ok: false; code: 'INVALID_MASKING_RULES'; details: { field: string; problem: string }[] };

/** Checks administrator-supplied rules (e.g. loaded from JSON) before they replace the defaults. */
export function parseMaskingRules(input: unknown): ParseRulesResult {
  const details: { field: string; problem: string }[] = [];
  const rules: Record<string, MaskRule> = {};
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, code: 'INVALID_MASKING_RULES', details: [{ field: '', problem: 'not an object' }] };
  }
  for (const [field, raw] of Object.entries(input)) {
    if (typeof raw !== 'object' || raw === null) {
      details.push({ field, problem: 'not an object' });
      continue;
    }
    const r = raw as Record<string, unknown>;
    const count = (k: string, min: number): number | null =>
      Number.isInteger(r[k]) && (r[k] as number) >= min && (r[k] as number) <= 64 ? (r[k] as number) : null;
    const keepStart = count('keepStart', 0);
    const keepEnd = count('keepEnd', 0);
    const minMasked = count('minMasked', 1);
    const maskChar = typeof r.maskChar === 'string' && Array.from(r.maskChar).length === 1 ? r.maskChar : null;
    const part = r.part === undefined || r.part === 'whole' || r.part === 'emailLocal' ? r.part : null;
    if (keepStart === null) details.push({ field, problem: 'keepStart must be an integer 0–64' });
    if (keepEnd === null) details.push({ field, problem: 'keepEnd must be an integer 0–64' });
    if (minMasked === null) details.push({ field, problem: 'minMasked must be an integer 1–64' });
    if (maskChar === null) details.push({ field, problem: 'maskChar must be one character' });
    if (part === null) details.push({ field, problem: "part must be 'whole' or 'emailLocal'" });
    if (r.compact !== undefined && typeof r.compact !== 'boolean') details.push({ field, problem: 'compact must be boolean' });
    if (keepStart === null || keepEnd === null || minMasked === null || maskChar === null || part === null) continue;
    rules[field] = {
      keepStart,
      keepEnd,
      minMasked,
      maskChar,
      ...(r.compact === true ? { compact: true } : {}),
      ...(part ? { part } : {}),
    };
  }
  return details.length ? { ok: false, code: 'INVALID_MASKING_RULES', details } : { ok: true, rules };
}
