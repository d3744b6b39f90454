// Validation of a template before it is saved (administrators edit templates).
// Rejects: syntax errors, unknown variables, variables not allowed for the kind or channel (personal data in SMS),
// missing required content, HTML in text fields, unsafe HTML, citations of instruments the product must not cite,
// and default-length SMS bodies longer than the segment budget.

import { renderTemplate, TemplateError } from './render.ts';
import { sampleVars } from './samples.ts';
import { parseTemplate } from './syntax.ts';
import type { Channel, Locale, NotificationTemplate, TemplateField } from './types.ts';
import { LOCALES, TEMPLATE_FIELDS, TEMPLATE_KINDS } from './types.ts';
import { KIND_VARIABLES, REQUIRED_VARIABLES, variableSpec } from './variables.ts';

export type TemplateIssueCode =
  | 'UNKNOWN_KIND'
  | 'MISSING_LOCALE'
  | 'EMPTY_FIELD'
  | 'SYNTAX'
  | 'UNKNOWN_VARIABLE'
  | 'VARIABLE_NOT_ALLOWED'
  | 'PERSONAL_DATA'
  | 'MISSING_REQUIRED_VARIABLE'
  | 'HTML_IN_TEXT'
  | 'UNSAFE_HTML'
  | 'FORBIDDEN_CITATION'
  | 'MISSING_CITATION'
  | 'SMS_TOO_LONG';

export interface TemplateIssue {
  readonly code: TemplateIssueCode;
  readonly message: string;
  readonly locale?: Locale;
  readonly field?: TemplateField;
  readonly variable?: string;
}

export interface TemplateValidation {
  readonly ok: boolean;
  readonly issues: readonly TemplateIssue[];
}

export interface ValidateOptions {
  /** Largest number of SMS segments the SMS body may take with the sample values (default 2). */
  readonly maxSmsSegments?: number;
}

/** The only instrument a template may cite by title (《…》). */
export const CITABLE_INSTRUMENTS: readonly string[] = ['银行业保险业消费投诉处理管理办法'];
/** Citations that must never appear: instruments that do not exist (see reference/regulations.md). */
export const FORBIDDEN_CITATIONS: readonly string[] = ['金融消费者权益保护法', '2025版', '2025 版', '(2025版)'];

const FIELD_CHANNEL: Readonly<Record<TemplateField, Channel>> = { subject: 'email', text: 'email', html: 'email', sms: 'sms' };
const HTML_TAG = /<\/?[a-zA-Z][^<>]*>/;
const UNSAFE_TAG = /<\s*\/?\s*(script|iframe|object|embed|style|link|meta|base|form|input|svg|math)\b/i;
const EVENT_ATTR = /<[^>]*\s(on[a-z]+)\s*=/i;
const SCRIPT_URL = /=\s*["']?\s*(javascript|vbscript|data)\s*:/i;

/** Placeholders inside an HTML tag: allowed only for URL variables, inside a quoted attribute value. */
function checkTagPlaceholders(html: string): string[] {
  const problems: string[] = [];
  let inTag = false;
  let quote: string | null = null;
  for (let i = 0; i < html.length; i++) {
    if (html.startsWith('{{', i) && inTag) {
      const end = html.indexOf('}}', i);
      const name = html.slice(i + 2, end < 0 ? undefined : end).trim();
      if (!quote || variableSpec(name)?.type !== 'url') problems.push(name);
    }
    const c = html[i] as string;
    if (!inTag) {
      if (c === '<' && /[a-zA-Z/!]/.test(html[i + 1] ?? '')) inTag = true;
    } else if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      inTag = false;
    }
  }
  return problems;
}

export function validateTemplate(template: NotificationTemplate, options: ValidateOptions = {}): TemplateValidation {
  const issues: TemplateIssue[] = [];
  const add = (issue: TemplateIssue): void => void issues.push(issue);
  if (!(TEMPLATE_KINDS as readonly string[]).includes(template?.kind)) {
    add({ code: 'UNKNOWN_KIND', message: `未知的模板类型 / unknown template kind: ${String(template?.kind)}` });
    return { ok: false, issues };
  }
  const kind = template.kind;
  const allowed = KIND_VARIABLES[kind] as readonly string[];
  const maxSegments = options.maxSmsSegments ?? 2;

  for (const locale of LOCALES) {
    const content = template.locales?.[locale];
    if (!content) {
      add({ code: 'MISSING_LOCALE', locale, message: `缺少 ${locale} 文本 / missing ${locale} text` });
      continue;
    }
    let fieldsOk = true;
    const used: Partial<Record<TemplateField, Set<string>>> = {};
    for (const field of TEMPLATE_FIELDS) {
      const source = content[field];
      const at = { locale, field };
      if (typeof source !== 'string' || source.trim() === '') {
        add({ code: 'EMPTY_FIELD', ...at, message: `${locale}.${field} 为空 / is empty` });
        fieldsOk = false;
        continue;
      }
      const { parts, errors } = parseTemplate(source);
      for (const e of errors) add({ code: 'SYNTAX', ...at, message: `${locale}.${field}: ${e}` });
      if (errors.length) fieldsOk = false;
      const names = new Set(parts.flatMap((p) => ('variable' in p ? [p.variable] : [])));
      used[field] = names;
      const channel = FIELD_CHANNEL[field];
      for (const name of names) {
        const spec = variableSpec(name);
        const v = { ...at, variable: name };
        if (!spec) {
          add({ code: 'UNKNOWN_VARIABLE', ...v, message: `未知的变量 / unknown variable: ${name}` });
        } else if (!(spec.channels as readonly string[]).includes(channel)) {
          add(
            spec.pii !== 'none'
              ? { code: 'PERSONAL_DATA', ...v, message: `${name} 是个人信息，不能用于${channel} / is personal data, not allowed in ${channel}` }
              : { code: 'VARIABLE_NOT_ALLOWED', ...v, message: `${name} 不能用于${channel} / not allowed in ${channel}` },
          );
        } else if (!allowed.includes(name)) {
          add({ code: 'VARIABLE_NOT_ALLOWED', ...v, message: `${name} 不能用于此类模板 / not allowed in ${kind}` });
        } else {
          continue;
        }
        fieldsOk = false;
      }
      if (field !== 'html' && HTML_TAG.test(source)) {
        add({ code: 'HTML_IN_TEXT', ...at, message: `${locale}.${field} 不能包含 HTML / must not contain HTML` });
        fieldsOk = false;
      }
      for (const bad of FORBIDDEN_CITATIONS) {
        if (source.includes(bad)) add({ code: 'FORBIDDEN_CITATION', ...at, message: `不得引用 / must not cite: ${bad}` });
      }
      for (const m of source.matchAll(/《([^》]*)》/g)) {
        const title = m[1] ?? '';
        if (!CITABLE_INSTRUMENTS.includes(title)) {
          add({ code: 'FORBIDDEN_CITATION', ...at, message: `只能引用 / may only cite 《${CITABLE_INSTRUMENTS.join('》《')}》, not 《${title}》` });
        }
      }
    }

    const html = content.html;
    if (typeof html === 'string') {
      const unsafe = UNSAFE_TAG.exec(html)?.[0] ?? EVENT_ATTR.exec(html)?.[1] ?? SCRIPT_URL.exec(html)?.[0];
      if (unsafe) add({ code: 'UNSAFE_HTML', locale, field: 'html', message: `不安全的 HTML / unsafe HTML: ${unsafe}` });
      for (const name of checkTagPlaceholders(html)) {
        add({
          code: 'UNSAFE_HTML',
          locale,
          field: 'html',
          variable: name,
          message: `标签内只能在引号中使用网址变量 / inside a tag only URL variables in quoted attributes: ${name}`,
        });
      }
    }

    const required = REQUIRED_VARIABLES[kind];
    for (const [fields, names] of [
      [['text', 'html'], required.email],
      [['sms'], required.sms],
    ] as const) {
      for (const field of fields) {
        for (const name of names) {
          if (used[field] && !used[field].has(name)) {
            add({ code: 'MISSING_REQUIRED_VARIABLE', locale, field, variable: name, message: `${locale}.${field} 必须包含 / must contain {{${name}}}` });
          }
        }
      }
    }

    if (kind === 'decision_notice') {
      for (const field of ['text', 'html'] as const) {
        const source = content[field];
        if (typeof source === 'string' && !source.includes(`《${CITABLE_INSTRUMENTS[0]}》`)) {
          add({
            code: 'MISSING_CITATION',
            locale,
            field,
            message: `处理决定告知书须引用 / a decision notice must cite 《${CITABLE_INSTRUMENTS[0]}》 when stating the remedies`,
          });
        }
      }
    }

    if (fieldsOk) {
      try {
        const { sms } = renderTemplate(template, sampleVars(kind, locale), { locale, channels: ['sms'] });
        if (sms && sms.segments > maxSegments) {
          add({
            code: 'SMS_TOO_LONG',
            locale,
            field: 'sms',
            message: `短信过长：示例值下为 ${sms.segments} 条（上限 ${maxSegments}）/ SMS takes ${sms.segments} segments with sample values (limit ${maxSegments})`,
          });
        }
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        add({ code: e.code === 'PERSONAL_DATA' ? 'PERSONAL_DATA' : 'SYNTAX', locale, field: 'sms', message: e.message });
      }
    }
  }
  return { ok: issues.length === 0, issues };
}
