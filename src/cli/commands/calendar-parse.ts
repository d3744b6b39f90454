// Reading a calendar import file for `kesu calendar import`: parsing and validation live in the core
// (src/core/sla/calendar-import.ts, the same parser as POST /api/v1/calendar/import); this adds the text rendering
// of errors for the terminal.
import { type CalendarImportError, type CalendarImportResult, parseCalendarImport } from '../../core/sla/calendar-import.ts';

export type { CalendarImportError, CalendarImportResult };

/**
 * Parses the text of an import file (JSON, a byte-order mark allowed): `{ years: { "2027": { holidays, workdays,
 * notice? } }, source?, $comment? }` (as data/calendar/cn-2024-2026.json) or `{ year, holidays, workdays, notice?, source? }`.
 */
export function parseCalendarFile(text: string): CalendarImportResult {
  return parseCalendarImport(text);
}

/** One line per error: `CODE path — 中文 / English`. */
export function formatCalendarImportErrors(errors: readonly CalendarImportError[]): string {
  return errors.map((e) => `${e.code} ${e.path} — ${e.message.zh} / ${e.message.en}`).join('\n');
}
