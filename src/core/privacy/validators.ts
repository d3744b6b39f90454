// Validators for the personal identifiers a complaint carries: resident ID (GB 11643-1999), mainland mobile
// numbers, bank card numbers (Luhn) and e-mail addresses. Each returns the normalised value or a stable code.
import { foldWidth, shanghaiYmd } from './text.ts';

export type ValidationCode =
  | 'INVALID_ID_NUMBER'
  | 'INVALID_ID_CHECKSUM'
  | 'INVALID_ID_BIRTHDATE'
  | 'INVALID_PHONE'
  | 'INVALID_CARD_NUMBER'
  | 'INVALID_EMAIL';

export type ValidationResult = { ok: true; value: string } | { ok: false; code: ValidationCode };

const fail = (code: ValidationCode): ValidationResult => ({ ok: false, code });

/** Strips whitespace and the separators people type inside numbers, after folding full-width characters. */
function compact(input: string, separators: RegExp): string {
  return foldWidth(input).replace(separators, '');
}

// ---------------------------------------------------------------------------------------------------------
// Resident ID number (居民身份证号码), GB 11643-1999: 6-digit address code, 8-digit birth date (YYYYMMDD),
// 3-digit sequence, 1 check character computed with ISO 7064 MOD 11-2.

/** First two digits of the address code: the provinces of GB/T 2260, plus 71 (Taiwan), 81/82 (Hong Kong, Macao
 * residence permits) and 83 (Taiwan residents' residence permits). */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character ('0'–'9' or 'X') of the first 17 digits of an ID number. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11] ?? '';
}

/** Residence permits for Hong Kong, Macao and Taiwan residents use the bare codes 810000, 820000, 830000. */
const PERMIT_CODES = new Set(['81', '82', '83']);

/** True if the 6-digit address code starts with a known province code and, for the mainland provinces, is not
 * a bare province code (xx0000, never an issuing address). Exported for the free-text scanner. */
export function hasIdRegionShape(id: string): boolean {
  const province = id.slice(0, 2);
  if (!PROVINCE_CODES.has(province) || !/^\d{6}/.test(id)) return false;
  return PERMIT_CODES.has(province) || id.slice(2, 6) !== '0000';
}

/** Parses the YYYYMMDD birth date of an ID number; null if it is not a real calendar date from 1900 on. */
export function idNumberBirthDate(id: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(id.slice(6, 14));
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return { year, month, day };
}

/**
 * Validates an 18-character resident ID number. `today` is the current instant; a birth date after today's
 * date in Asia/Shanghai is refused. Order of checks: shape and region → birth date → check character.
 * The normalised value has no spaces and an upper-case 'X'.
 */
export function validateIdNumber(input: string, today: Date): ValidationResult {
  const id = compact(input, /[\s-]/g).toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id) || !hasIdRegionShape(id)) return fail('INVALID_ID_NUMBER');
  const birth = idNumberBirthDate(id);
  if (!birth) return fail('INVALID_ID_BIRTHDATE');
  const t = shanghaiYmd(today);
  const birthKey = birth.year * 10_000 + birth.month * 100 + birth.day;
  if (birthKey > t.year * 10_000 + t.month * 100 + t.day) return fail('INVALID_ID_BIRTHDATE');
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return fail('INVALID_ID_CHECKSUM');
  return { ok: true, value: id };
}

// ---------------------------------------------------------------------------------------------------------
// Mainland mobile numbers: 11 digits, 1[3-9]xxxxxxxxx, optionally prefixed with +86 or 0086.

/** Validates a mainland mobile number; the normalised value is the bare 11 digits. */
export function validatePhone(input: string): ValidationResult {
  let p = compact(input, /[\s\-()（）]/g);
  if (p.startsWith('+86')) p = p.slice(3);
  else if (p.startsWith('0086')) p = p.slice(4);
  return /^1[3-9]\d{9}$/.test(p) ? { ok: true, value: p } : fail('INVALID_PHONE');
}

// ---------------------------------------------------------------------------------------------------------
// Bank card numbers: 12–19 digits with a valid Luhn (ISO/IEC 7812) check digit.

/** True if the digit string passes the Luhn check. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Validates a bank card number; spaces and hyphens are allowed as separators and removed. */
export function validateCardNumber(input: string): ValidationResult {
  const n = compact(input, /[\s-]/g);
  return /^\d{12,19}$/.test(n) && luhnValid(n) ? { ok: true, value: n } : fail('INVALID_CARD_NUMBER');
}

// ---------------------------------------------------------------------------------------------------------
// E-mail: a pragmatic subset of RFC 5321/5322 (dot-atom local part, DNS host name with a TLD).

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Validates an e-mail address; the normalised value is trimmed with a lower-case domain. */
export function validateEmail(input: string): ValidationResult {
  const e = foldWidth(input).trim();
  if (e.length > 254) return fail('INVALID_EMAIL');
  const at = e.lastIndexOf('@');
  if (at <= 0) return fail('INVALID_EMAIL');
  const local = e.slice(0, at);
  const domain = e.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL_PART.test(local)) return fail('INVALID_EMAIL');
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return fail('INVALID_EMAIL');
  const tld = labels[labels.length - 1] ?? '';
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/.test(tld)) return fail('INVALID_EMAIL');
  return { ok: true, value: `${local}@${domain}` };
}
