// The template language: literal text with `{{name}}` placeholders (spaces inside the braces allowed).
// No conditionals, loops or filters: every placeholder is required at render.

export const VARIABLE_NAME = /^[a-z][a-z0-9_]*$/;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

export type TemplatePart = { readonly literal: string } | { readonly variable: string };

export interface ParseResult {
  readonly parts: readonly TemplatePart[];
  /** Syntax problems: unclosed or stray braces, invalid variable names. */
  readonly errors: readonly string[];
}

export function parseTemplate(source: string): ParseResult {
  const parts: TemplatePart[] = [];
  const errors: string[] = [];
  let last = 0;
  let unbalanced = false;
  const literal = (text: string): void => {
    if (text.includes('{{') || text.includes('}}')) unbalanced = true;
    parts.push({ literal: text });
  };
  for (const m of source.matchAll(PLACEHOLDER)) {
    const start = m.index;
    if (start > last) literal(source.slice(last, start));
    const name = (m[1] ?? '').trim();
    if (!VARIABLE_NAME.test(name)) {
      errors.push(`无效的变量名 / invalid variable name: "{{${m[1] ?? ''}}}"`);
      parts.push({ literal: m[0] });
    } else {
      parts.push({ variable: name });
    }
    last = start + m[0].length;
  }
  if (last < source.length) literal(source.slice(last));
  if (unbalanced) errors.push('未闭合或多余的花括号 / unbalanced "{{" or "}}"');
  return { parts, errors };
}

/** Names of the variables used in a template string, in order of first use. */
export function templateVariables(source: string): string[] {
  const names = new Set<string>();
  for (const p of parseTemplate(source).parts) if ('variable' in p) names.add(p.variable);
  return [...names];
}
