// Escaping and clean-up of values inserted into templates.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape for HTML text and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

// C0/C1 controls except tab and line feed, and bidirectional overrides (used to disguise text).
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Normalise line ends and drop control and bidi-override characters from a value. */
export function cleanValue(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(UNSAFE_CHARS, '');
}

/** One line: every run of whitespace (including line breaks) becomes a single space. */
export function singleLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
