// Reading a calendar import file for `kesu calendar import`: parsing and validation live in the core
// (src/core/sla/calendar-import.ts); this adds the text rendering of errors for the terminal.
import { type CalendarImportError, type CalendarImportResult, parseCalendarImport } from '../../core/sla/calendar-import.ts';

export type { CalendarImportError, CalendarImportResult };

/** Parses the text of an import file (JSON): `{ years: { "2027": { holidays, workdays } } }` or `{ year, holidays, workdays }`. */
export function parseCalendarFile(text: string): CalendarImportResult {
  return parseCalendarImport(text.replace(/^\uFEFF/, ''));
}

/** One line per error: `CODE path — 中文 / English`. */
export function formatCalendarImportErrors(errors: readonly CalendarImportError[]): string {
  return errors.map((e) => `${e.code} ${e.path} — ${e.message.zh} / ${e.message.en}`).join('\n');
}
