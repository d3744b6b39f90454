// Rendering: fill a template's placeholders for one locale and the chosen channels.
// HTML bodies get HTML-escaped values; text bodies get the values as written; subjects and SMS are one line.
// A missing value is an error, never an empty gap; an SMS that would carry personal data is refused.

import { cleanValue, escapeHtml, singleLine } from './escape.ts';
import { findSmsPersonalData, smsSegments } from './sms.ts';
import { parseTemplate } from './syntax.ts';
import type {
  Channel,
  Locale,
  NotificationTemplate,
  RenderedEmail,
  RenderedNotification,
  RenderedSms,
  TemplateField,
  TemplateValue,
  TemplateVars,
} from './types.ts';
import { KIND_VARIABLES, variableSpec } from './variables.ts';
import type { VariableSpec } from './variables.ts';

export type TemplateErrorCode =
  /** a placeholder has no value (undefined, null, blank string, empty list) */
  | 'MISSING_VARIABLE'
  /** a placeholder names no variable of the catalogue */
  | 'UNKNOWN_VARIABLE'
  /** a known variable that this template kind or channel may not use */
  | 'VARIABLE_NOT_ALLOWED'
  /** personal data in a channel that must not carry it (SMS: anything beyond the tracking number) */
  | 'PERSONAL_DATA'
  /** a value of the wrong type (e.g. a URL that is not http(s), an invalid date) */
  | 'INVALID_VALUE'
  /** the template itself is malformed (syntax, missing locale) */
  | 'INVALID_TEMPLATE';

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    readonly code: TemplateErrorCode,
    message: string,
    /** The variable names concerned (never their values). */
    readonly variables: readonly string[] = [],
  ) {
    super(message);
  }
}

export interface RenderOptions {
  readonly locale: Locale;
  /** Channels to render; default both. Rendering only `sms` needs only the SMS body's variables. */
  readonly channels?: readonly Channel[];
}

const FIELD_CHANNEL: Readonly<Record<TemplateField, Channel>> = { subject: 'email', text: 'email', html: 'email', sms: 'sms' };
const CHANNEL_FIELDS: Readonly<Record<Channel, readonly TemplateField[]>> = {
  email: ['subject', 'text', 'html'],
  sms: ['sms'],
};

const LIST_SEPARATOR: Readonly<Record<Locale, string>> = { 'zh-CN': '；', en: '; ' };
const DATE_FORMATS: Readonly<Record<Locale, Intl.DateTimeFormat>> = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }),
};

/** A calendar date as the complainant reads it: the Asia/Shanghai date, whatever the server's zone. */
export function formatDate(date: Date, locale: Locale): string {
  return DATE_FORMATS[locale].format(date);
}

function isMissing(value: TemplateValue | null | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every((v) => typeof v !== 'string' || v.trim() === '');
  return false;
}

/** The value as plain text (cleaned, not escaped). */
function plainValue(name: string, spec: VariableSpec, value: TemplateValue, locale: Locale): string {
  const invalid = (why: string): TemplateError =>
    new TemplateError('INVALID_VALUE', `变量 ${name} 的值无效 / invalid value for ${name}: ${why}`, [name]);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid('invalid date');
    return formatDate(value, locale);
  }
  if (Array.isArray(value)) {
    return value
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      .map((v) => singleLine(cleanValue(v)))
      .join(LIST_SEPARATOR[locale]);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid('not a finite number');
    return String(value);
  }
  const s = cleanValue(String(value));
  if (spec.type === 'url') {
    let url: URL;
    try {
      url = new URL(s.trim());
    } catch {
      throw invalid('not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('only http(s) URLs');
    return s.trim();
  }
  return spec.type === 'multiline' ? s.trim() : singleLine(s);
}

function checkVariable(kind: NotificationTemplate['kind'], field: TemplateField, name: string): VariableSpec {
  const spec = variableSpec(name);
  if (!spec) throw new TemplateError('UNKNOWN_VARIABLE', `未知的模板变量 / unknown template variable: ${name}`, [name]);
  const channel = FIELD_CHANNEL[field];
  if (!(spec.channels as readonly Channel[]).includes(channel)) {
    if (spec.pii !== 'none') {
      throw new TemplateError(
        'PERSONAL_DATA',
        `${channel === 'sms' ? '短信' : '邮件'}不得包含个人信息变量 / personal data not allowed in ${channel}: ${name}`,
        [name],
      );
    }
    throw new TemplateError('VARIABLE_NOT_ALLOWED', `变量不能用于${channel} / variable not allowed in ${channel}: ${name}`, [name]);
  }
  if (!(KIND_VARIABLES[kind] as readonly string[]).includes(name)) {
    throw new TemplateError('VARIABLE_NOT_ALLOWED', `此类模板不能使用该变量 / variable not allowed in ${kind}: ${name}`, [name]);
  }
  return spec;
}

type Mode = 'line' | 'text' | 'html';
const FIELD_MODE: Readonly<Record<TemplateField, Mode>> = { subject: 'line', text: 'text', html: 'html', sms: 'line' };

/** Render one locale of a template. Throws `TemplateError`. */
export function renderTemplate(template: NotificationTemplate, vars: TemplateVars, options: RenderOptions): RenderedNotification {
  const { locale } = options;
  const channels = options.channels ?? (['email', 'sms'] as const);
  const content = template.locales[locale];
  if (!content) throw new TemplateError('INVALID_TEMPLATE', `模板缺少语言 / template has no ${locale} text`);
  const fields = channels.flatMap((c) => CHANNEL_FIELDS[c]);

  const parsed = fields.map((field) => {
    const source = content[field];
    if (typeof source !== 'string' || source.trim() === '') {
      throw new TemplateError('INVALID_TEMPLATE', `模板内容为空 / template ${locale}.${field} is empty`);
    }
    const { parts, errors } = parseTemplate(source);
    if (errors.length) throw new TemplateError('INVALID_TEMPLATE', `${locale}.${field}: ${errors.join('; ')}`);
    return { field, parts };
  });

  const missing = new Set<string>();
  for (const { field, parts } of parsed) {
    for (const p of parts) {
      if (!('variable' in p)) continue;
      checkVariable(template.kind, field, p.variable);
      if (isMissing(vars[p.variable])) missing.add(p.variable);
    }
  }
  if (missing.size) {
    const names = [...missing];
    throw new TemplateError('MISSING_VARIABLE', `缺少模板变量 / missing template variables: ${names.join(', ')}`, names);
  }

  const out: Partial<Record<TemplateField, string>> = {};
  for (const { field, parts } of parsed) {
    const mode = FIELD_MODE[field];
    out[field] = parts
      .map((p) => {
        if ('literal' in p) return p.literal;
        const spec = variableSpec(p.variable) as VariableSpec;
        const plain = plainValue(p.variable, spec, vars[p.variable] as TemplateValue, locale);
        if (mode === 'line') return singleLine(plain);
        if (mode === 'text') return plain;
        return escapeHtml(plain).replace(/\n/g, '<br>\n');
      })
      .join('');
  }

  let email: RenderedEmail | undefined;
  if (channels.includes('email')) {
    const subject = singleLine(out.subject ?? '');
    email = { subject, text: out.text ?? '', html: wrapHtml(out.html ?? '', subject, locale) };
  }
  let sms: RenderedSms | undefined;
  if (channels.includes('sms')) {
    const text = (out.sms ?? '').trim();
    const trackingNo = vars['tracking_no'];
    const exempt = typeof trackingNo === 'string' ? [singleLine(cleanValue(trackingNo))] : [];
    const found = findSmsPersonalData(text, exempt);
    if (found.length) {
      throw new TemplateError(
        'PERSONAL_DATA',
        `短信内容疑似包含个人信息 / SMS text looks like it carries personal data (${found.join(', ')})`,
      );
    }
    sms = { text, ...smsSegments(text) };
  }
  return { kind: template.kind, locale, ...(email ? { email } : {}), ...(sms ? { sms } : {}) };
}

function wrapHtml(fragment: string, subject: string, locale: Locale): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.6; color: #222;">',
    fragment.trim(),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
