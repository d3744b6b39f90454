// SMS rules: segmentation (GSM 03.38 7-bit vs UCS-2) and the personal-data check on rendered SMS text.

import type { SmsSegmentation } from './types.ts';

// GSM 03.38 default alphabet (escape 0x1B excluded) and the extension table (two septets each).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export const SMS_LIMITS = {
  gsm7: { single: 160, concatenated: 153 },
  ucs2: { single: 70, concatenated: 67 },
} as const;

/** Count the segments an SMS takes. A character (GSM escape pair, UTF-16 surrogate pair) is never split. */
export function smsSegments(text: string): SmsSegmentation {
  const chars = Array.from(text);
  const gsm = chars.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c));
  const encoding = gsm ? 'gsm7' : 'ucs2';
  const sizes = chars.map((c) => (gsm ? (GSM7_EXTENSION.has(c) ? 2 : 1) : c.length));
  const units = sizes.reduce((a, b) => a + b, 0);
  const limits = SMS_LIMITS[encoding];
  if (units === 0) return { encoding, segments: 0, perSegment: limits.single, units };
  if (units <= limits.single) return { encoding, segments: 1, perSegment: limits.single, units };
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > limits.concatenated) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, segments, perSegment: limits.concatenated, units };
}

export type SmsPersonalDataKind = 'id_number' | 'long_number' | 'email_address';

/**
 * Find personal data in SMS text: a resident ID number (17 digits + digit/X), any run of 11 or more digits
 * (mobile numbers, card and account numbers; digits separated by single spaces or hyphens are joined first),
 * or an e-mail address. Occurrences of the `allowed` strings (the tracking number) are ignored.
 */
export function findSmsPersonalData(text: string, allowed: readonly string[] = []): SmsPersonalDataKind[] {
  let t = text;
  for (const a of allowed) if (a) t = t.split(a).join(' ');
  const found = new Set<SmsPersonalDataKind>();
  if (/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/.test(t)) found.add('email_address');
  const joined = t.replace(/(\d)[ -](?=\d)/g, '$1');
  if (/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/.test(joined)) found.add('id_number');
  else if (/\d{11,}/.test(joined)) found.add('long_number');
  return [...found];
}
