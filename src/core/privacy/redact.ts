// Redaction of data written to the audit ledger: no personal data in clear (security checklist V7, R6-05).
import { classifyFieldName, COMPLAINANT_FIELDS } from './fields.ts';
import { maskText } from './pii.ts';
import type { MaskingRules } from './masking.ts';

export const REDACTED = '[redacted]';

/** Keys of a change record ({ field: 'phone', from: …, to: … }) that carry the values of the named field. */
const CHANGE_VALUE_KEYS = new Set(['from', 'to', 'old', 'new', 'before', 'after', 'value', 'oldvalue', 'newvalue', 'previous', 'next']);
const CHANGE_NAME_KEYS = ['field', 'path', 'key', 'property'] as const;

export interface RedactOptions {
  /** Property names never treated as personal even if their name says so (e.g. an org unit's 'name'). */
  readonly keep?: readonly string[];
  /** Masking rules for free text; the defaults otherwise. */
  readonly rules?: MaskingRules;
}

function isPersonalName(key: string, keep: ReadonlySet<string>): boolean {
  if (keep.has(key)) return false;
  const f = classifyFieldName(key);
  // C2 and C3 are redacted; C1 fields (preferredChannel …) are not personal financial data in the narrow sense.
  return f !== null && COMPLAINANT_FIELDS[f].class !== 'C1';
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '';
}

/**
 * Returns a deep copy of `data` fit for an audit entry: every value under a C2 or C3 property name (at any
 * depth, in camelCase or snake_case) becomes "[redacted]" — empty values stay as they are, so "was empty, now
 * set" remains visible — change records naming such a field ({ field: 'phone', from, to }) have their values
 * redacted, and every other string has identifiers masked with maskText. The input is not modified.
 */
export function redactForAudit<T>(data: T, options: RedactOptions = {}): T {
  const keep = new Set(options.keep ?? []);
  const seen = new WeakSet<object>();

  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return maskText(value, options.rules);
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Date) return new Date(value.getTime());
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    let out: unknown;
    if (Array.isArray(value)) {
      out = value.map(walk);
    } else {
      const obj = value as Record<string, unknown>;
      const named = CHANGE_NAME_KEYS.map((k) => obj[k]).find((v): v is string => typeof v === 'string');
      const lastSegment = named?.split(/[.[\]/]/).filter(Boolean).pop();
      const changeOfPersonal = lastSegment !== undefined && isPersonalName(lastSegment, keep);
      const copy: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) {
        const personal = isPersonalName(k, keep) || (changeOfPersonal && CHANGE_VALUE_KEYS.has(k.toLowerCase()));
        copy[k] = personal && !isEmpty(v) ? REDACTED : walk(v);
      }
      out = copy;
    }
    seen.delete(value);
    return out;
  };

  return walk(data) as T;
}
