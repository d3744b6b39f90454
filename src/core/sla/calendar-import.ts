// Validation of working-day calendar data, for the shipped file and for a yearly import (after the State Council's
// November notice). The one parser of import files: `kesu calendar import` and `POST /api/v1/calendar/import` both
// go through parseCalendarImport, so a file one accepts the other accepts, with the same error codes and paths.
import type { CalendarData, CalendarYearData } from './calendar.ts';
import { epochDayOf, isCivilDate, weekdayOfEpochDay } from './time.ts';

export type CalendarImportErrorCode =
  | 'INVALID_JSON'
  | 'NOT_AN_OBJECT'
  | 'MISSING_YEARS'
  | 'INVALID_YEAR'
  | 'NOT_AN_ARRAY'
  | 'UNKNOWN_FIELD'
  | 'INVALID_TEXT'
  | 'INVALID_DATE'
  | 'DATE_OUTSIDE_YEAR'
  | 'DUPLICATE_DATE'
  | 'DATE_BOTH_HOLIDAY_AND_WORKDAY'
  | 'WORKDAY_NOT_WEEKEND'
  | 'NO_HOLIDAYS';

export interface CalendarImportError {
  readonly code: CalendarImportErrorCode;
  /** Where in the file, e.g. `years.2027.workdays[2]`. */
  readonly path: string;
  readonly message: { readonly zh: string; readonly en: string };
}

export type CalendarImportResult =
  | {
      readonly ok: true;
      readonly data: CalendarData;
      readonly years: readonly number[];
      /** The file's `source`. */
      readonly source: string | null;
      /** Per year, what to record as its source: the year's `notice` (or `source`), else the file's `source`. */
      readonly sources: Readonly<Record<string, string | null>>;
    }
  | { readonly ok: false; readonly errors: readonly CalendarImportError[] };

const MESSAGES: Record<CalendarImportErrorCode, [zh: string, en: string]> = {
  INVALID_JSON: ['文件不是有效的 JSON', 'the file is not valid JSON'],
  NOT_AN_OBJECT: ['应为 JSON 对象', 'expected a JSON object'],
  MISSING_YEARS: ['缺少 years（或 year/holidays/workdays）', 'missing "years" (or "year"/"holidays"/"workdays")'],
  INVALID_YEAR: ['年份无效（应为四位数字年份）', 'invalid year (expected a four-digit year)'],
  NOT_AN_ARRAY: ['应为日期数组', 'expected an array of dates'],
  UNKNOWN_FIELD: ['未知字段', 'unknown field'],
  INVALID_TEXT: ['应为文本（source、notice 不超过 200 字）', 'expected text (source and notice: at most 200 characters)'],
  INVALID_DATE: ['日期无效（应为 YYYY-MM-DD）', 'invalid date (expected YYYY-MM-DD)'],
  DATE_OUTSIDE_YEAR: ['日期不属于该年份', 'date is outside its year'],
  DUPLICATE_DATE: ['日期重复', 'duplicate date'],
  DATE_BOTH_HOLIDAY_AND_WORKDAY: ['同一日期既是节假日又是调休上班日', 'date is both a holiday and an adjusted working day'],
  WORKDAY_NOT_WEEKEND: ['调休上班日必须是周六或周日', 'an adjusted working day must be a Saturday or Sunday'],
  NO_HOLIDAYS: ['该年份没有任何节假日', 'the year lists no holidays'],
};

function error(code: CalendarImportErrorCode, path: string, detail?: string): CalendarImportError {
  const [zh, en] = MESSAGES[code];
  const suffix = detail === undefined ? '' : `: ${detail}`;
  return { code, path, message: { zh: zh + suffix, en: en + suffix } };
}

/** Fields of the file (multi-year form) and of each year. `$comment`, `source` and `notice` are text, not data. */
const FILE_FIELDS = new Set(['years', 'source', '$comment']);
const YEAR_FIELDS = new Set(['holidays', 'workdays', 'notice', 'source', '$comment']);
const TEXT_MAX = 200;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `source`/`notice` (≤ 200 characters) and `$comment` (any length) must be strings when present. */
function checkTexts(value: Record<string, unknown>, path: (key: string) => string, errors: CalendarImportError[]): void {
  for (const key of ['source', 'notice', '$comment']) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || (key !== '$comment' && v.length > TEXT_MAX)) errors.push(error('INVALID_TEXT', path(key)));
  }
}

function checkDates(list: unknown, year: string, path: string, errors: CalendarImportError[]): string[] {
  if (!Array.isArray(list)) {
    errors.push(error('NOT_AN_ARRAY', path));
    return [];
  }
  const seen = new Set<string>();
  list.forEach((d: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isCivilDate(d)) return void errors.push(error('INVALID_DATE', at, JSON.stringify(d)));
    if (!d.startsWith(`${year}-`)) return void errors.push(error('DATE_OUTSIDE_YEAR', at, d));
    if (seen.has(d)) return void errors.push(error('DUPLICATE_DATE', at, d));
    seen.add(d);
  });
  return [...seen];
}

function checkYear(year: string, value: unknown, path: string, errors: CalendarImportError[]): CalendarYearData | null {
  if (!/^\d{4}$/.test(year)) errors.push(error('INVALID_YEAR', path, year));
  if (!isRecord(value)) {
    errors.push(error('NOT_AN_OBJECT', path));
    return null;
  }
  for (const key of Object.keys(value)) if (!YEAR_FIELDS.has(key)) errors.push(error('UNKNOWN_FIELD', `${path}.${key}`));
  checkTexts(value, (key) => `${path}.${key}`, errors);
  const holidays = checkDates(value.holidays, year, `${path}.holidays`, errors);
  const workdays = checkDates(value.workdays, year, `${path}.workdays`, errors);
  const holidaySet = new Set(holidays);
  workdays.forEach((d) => {
    const at = `${path}.workdays`;
    if (holidaySet.has(d)) errors.push(error('DATE_BOTH_HOLIDAY_AND_WORKDAY', at, d));
    const wd = weekdayOfEpochDay(epochDayOf(d));
    if (wd !== 0 && wd !== 6) errors.push(error('WORKDAY_NOT_WEEKEND', at, d));
  });
  return { holidays: holidays.sort(), workdays: workdays.sort() };
}

/** Problems in calendar data (empty when consistent). Used by createCalendar and by imports. */
export function validateCalendarData(data: unknown): CalendarImportError[] {
  const errors: CalendarImportError[] = [];
  collectYears(data, errors);
  return errors;
}

function collectYears(data: unknown, errors: CalendarImportError[]): Record<string, CalendarYearData> {
  const years: Record<string, CalendarYearData> = {};
  if (!isRecord(data)) {
    errors.push(error('NOT_AN_OBJECT', '$'));
    return years;
  }
  for (const key of Object.keys(data)) if (!FILE_FIELDS.has(key)) errors.push(error('UNKNOWN_FIELD', key));
  checkTexts(data, (key) => key, errors);
  if (!isRecord(data.years)) {
    errors.push(error(data.years === undefined ? 'MISSING_YEARS' : 'NOT_AN_OBJECT', 'years'));
    return years;
  }
  for (const [year, value] of Object.entries(data.years)) {
    const y = checkYear(year, value, `years.${year}`, errors);
    if (y) years[year] = y;
  }
  return years;
}

/**
 * The single-year form `{ year: 2027, holidays, workdays, notice?, source?, $comment? }` as the multi-year form:
 * the file's `source` and `$comment` stay at the top, every other field goes into the year (where an unknown one
 * is reported as `years.2027.<field>`). A file with `years` is taken as it is (a stray `year` beside it is unknown).
 */
function normalise(raw: Record<string, unknown>): Record<string, unknown> {
  if (raw.years !== undefined || raw.year === undefined) return raw;
  const { year, source, $comment, ...rest } = raw;
  return { ...(source !== undefined ? { source } : {}), ...($comment !== undefined ? { $comment } : {}), years: { [String(year)]: rest } };
}

const textOr = (v: unknown, fallback: string | null): string | null => (typeof v === 'string' && v.trim() !== '' ? v : fallback);

/**
 * Parses and validates a calendar import (a JSON text, with or without a byte-order mark, or an already parsed
 * value): the multi-year form `{ source?, $comment?, years: { "2027": { holidays, workdays, notice?, source?,
 * $comment? } } }` (the shipped data/calendar file is one) or the single-year form above. Dates valid and inside
 * their year, none both holiday and workday, adjusted working days on weekends, at least one holiday a year,
 * no unknown fields.
 */
export function parseCalendarImport(json: unknown): CalendarImportResult {
  let raw: unknown = json;
  if (typeof json === 'string') {
    try {
      raw = JSON.parse(json.replace(/^\uFEFF/, ''));
    } catch (e) {
      return { ok: false, errors: [error('INVALID_JSON', '$', (e as Error).message)] };
    }
  }
  if (!isRecord(raw)) return { ok: false, errors: [error('NOT_AN_OBJECT', '$')] };
  const errors: CalendarImportError[] = [];
  const file = normalise(raw);
  const years = collectYears(file, errors);
  if (errors.length > 0) return { ok: false, errors };
  if (Object.keys(years).length === 0) errors.push(error('MISSING_YEARS', 'years'));
  for (const [year, y] of Object.entries(years)) {
    if (y.holidays.length === 0) errors.push(error('NO_HOLIDAYS', `years.${year}.holidays`));
  }
  if (errors.length > 0) return { ok: false, errors };
  const source = textOr(file.source, null);
  const perYear = file.years as Record<string, Record<string, unknown>>;
  const sources = Object.fromEntries(Object.keys(years).map((y) => [y, textOr(perYear[y]!.notice, textOr(perYear[y]!.source, source))]));
  return { ok: true, data: { years }, years: Object.keys(years).map(Number).sort((a, b) => a - b), source, sources };
}

/** `base` with the years of `imported` added or replaced. */
export function mergeCalendarData(base: CalendarData, imported: CalendarData): CalendarData {
  return { years: { ...base.years, ...imported.years } };
}
