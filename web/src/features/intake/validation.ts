// Live validation of the intake form with the server's own pure validators (src/core/privacy), so a field
// is flagged while it is typed, with the same rule the API applies.
import type { MessageKey } from '../../i18n/index.tsx';
import { findC3, validateEmail, validateIdNumber, validatePhone } from '../../lib/domain.ts';

export type Check = (value: string | undefined) => MessageKey | null;

export const checkIdNumber: Check = (v) => {
  if (!v?.trim()) return null;
  const r = validateIdNumber(v, new Date());
  return r.ok ? null : (`validate.${r.code}` as MessageKey);
};

export const checkPhone: Check = (v) => {
  if (!v?.trim()) return null;
  const r = validatePhone(v);
  return r.ok ? null : 'validate.INVALID_PHONE';
};

export const checkEmail: Check = (v) => {
  if (!v?.trim()) return null;
  const r = validateEmail(v);
  return r.ok ? null : 'validate.INVALID_EMAIL';
};

/** Passwords, CVN2 codes, card expiry dates must never be recorded (C3 data). */
export const checkC3: Check = (v) => (v && findC3(v).length ? 'validate.C3_DATA_REFUSED' : null);

export type CompletenessPart = 'identity' | 'contact' | 'content' | 'demand';

export function missingParts(v: { complainant?: { name?: string; idNumber?: string; customerNo?: string; phone?: string; email?: string }; content?: string; demand?: string }): CompletenessPart[] {
  const c = v.complainant ?? {};
  const out: CompletenessPart[] = [];
  if (!c.name?.trim() && !c.idNumber?.trim() && !c.customerNo?.trim()) out.push('identity');
  if (!c.phone?.trim() && !c.email?.trim()) out.push('contact');
  if (!v.content?.trim()) out.push('content');
  if (!v.demand?.trim()) out.push('demand');
  return out;
}
