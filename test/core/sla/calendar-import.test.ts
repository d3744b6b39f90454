import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatCalendarImportErrors, parseCalendarFile } from '../../../src/cli/commands/calendar-parse.ts';
import { createCalendar, isWorkingDay } from '../../../src/core/sla/calendar.ts';
import { CN_CALENDAR_DATA } from '../../../src/core/sla/calendar-data.ts';
import { mergeCalendarData, parseCalendarImport } from '../../../src/core/sla/calendar-import.ts';

// A made-up 2027 schedule (not the real notice): New Year on Friday 1 Jan with Sunday 3 Jan worked.
const fixture2027 = { year: 2027, holidays: ['2027-01-01', '2027-01-02'], workdays: ['2027-01-03'], source: 'fixture' };

function codes(input: unknown): string[] {
  const r = parseCalendarImport(input);
  return r.ok ? [] : r.errors.map((e) => e.code);
}

describe('calendar import validation', () => {
  test('a single-year file is accepted and normalised', () => {
    const r = parseCalendarImport(JSON.stringify(fixture2027));
    assert.ok(r.ok);
    assert.deepEqual(r.years, [2027]);
    assert.equal(r.source, 'fixture');
    assert.deepEqual(r.data.years['2027'], { holidays: ['2027-01-01', '2027-01-02'], workdays: ['2027-01-03'] });
  });

  test('the shipped 2024–2026 file passes its own validation', () => {
    const r = parseCalendarImport(CN_CALENDAR_DATA);
    assert.ok(r.ok);
    assert.deepEqual(r.years, [2024, 2025, 2026]);
  });

  test('the shipped file as text ($comment, source, a notice per year) imports; each year records its notice', () => {
    const r = parseCalendarFile(readFileSync(new URL('../../../data/calendar/cn-2024-2026.json', import.meta.url), 'utf8'));
    assert.ok(r.ok, r.ok ? '' : formatCalendarImportErrors(r.errors));
    assert.deepEqual(r.years, [2024, 2025, 2026]);
    assert.equal(r.sources['2025'], '国务院办公厅关于2025年部分节假日安排的通知');
    const shipped = CN_CALENDAR_DATA.years['2025']!;
    assert.deepEqual(r.data.years['2025'], { holidays: shipped.holidays, workdays: shipped.workdays });
  });

  test('a single-year file with $comment and notice imports; the notice is the year\'s source, else the file\'s', () => {
    const withNotice = parseCalendarImport({ $comment: 'from the November notice', ...fixture2027, notice: '2027 通知' });
    assert.ok(withNotice.ok);
    assert.deepEqual(withNotice.data.years['2027'], { holidays: ['2027-01-01', '2027-01-02'], workdays: ['2027-01-03'] });
    assert.deepEqual(withNotice.sources, { '2027': '2027 通知' });
    const r = parseCalendarImport(fixture2027);
    assert.ok(r.ok);
    assert.deepEqual(r.sources, { '2027': 'fixture' });
  });

  test('a misspelt field is refused in either form, not dropped', () => {
    const single = parseCalendarImport({ ...fixture2027, workday: ['2027-01-10'] });
    assert.ok(!single.ok);
    assert.deepEqual(single.errors.map((e) => [e.code, e.path]), [['UNKNOWN_FIELD', 'years.2027.workday']]);
    const multi = parseCalendarImport({ version: 2, years: { '2027': { holidays: ['2027-01-01'], workdays: [] } } });
    assert.ok(!multi.ok);
    assert.deepEqual(multi.errors.map((e) => [e.code, e.path]), [['UNKNOWN_FIELD', 'version']]);
    const both = parseCalendarImport({ year: 2027, years: { '2027': { holidays: ['2027-01-01'], workdays: [] } } });
    assert.ok(!both.ok);
    assert.deepEqual(both.errors.map((e) => [e.code, e.path]), [['UNKNOWN_FIELD', 'year']]);
  });

  test('source, notice and $comment must be text; source and notice at most 200 characters', () => {
    const r = parseCalendarImport({ $comment: 1, years: { '2027': { notice: 'x'.repeat(201), source: ['a'], holidays: ['2027-01-01'], workdays: [] } } });
    assert.ok(!r.ok);
    assert.deepEqual(r.errors.map((e) => [e.code, e.path]), [['INVALID_TEXT', '$comment'], ['INVALID_TEXT', 'years.2027.source'], ['INVALID_TEXT', 'years.2027.notice']]);
  });

  const bad: [string, unknown, string][] = [
    ['not JSON', '{"year": 2027,', 'INVALID_JSON'],
    ['not an object', '[1,2]', 'NOT_AN_OBJECT'],
    ['no years', {}, 'MISSING_YEARS'],
    ['a two-digit year', { years: { '27': { holidays: ['2027-01-01'], workdays: [] } } }, 'INVALID_YEAR'],
    ['holidays not a list', { year: 2027, holidays: '2027-01-01', workdays: [] }, 'NOT_AN_ARRAY'],
    ['a misspelt field', { years: { '2027': { holidays: ['2027-01-01'], workdays: [], workday: [] } } }, 'UNKNOWN_FIELD'],
    ['31 February', { year: 2027, holidays: ['2027-02-31'], workdays: [] }, 'INVALID_DATE'],
    ['a date of another year', { year: 2027, holidays: ['2027-01-01', '2026-12-31'], workdays: [] }, 'DATE_OUTSIDE_YEAR'],
    ['a date twice', { year: 2027, holidays: ['2027-01-01', '2027-01-01'], workdays: [] }, 'DUPLICATE_DATE'],
    ['holiday and workday at once', { year: 2027, holidays: ['2027-01-02'], workdays: ['2027-01-02'] }, 'DATE_BOTH_HOLIDAY_AND_WORKDAY'],
    ['a worked Monday', { year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-04'] }, 'WORKDAY_NOT_WEEKEND'],
    ['a year without holidays', { year: 2027, holidays: [], workdays: [] }, 'NO_HOLIDAYS'],
  ];
  for (const [name, input, code] of bad) {
    test(`${name} → ${code}`, () => assert.ok(codes(input).includes(code), `got ${codes(input).join(',')}`));
  }

  test('errors name the offending entry in both languages', () => {
    const r = parseCalendarImport({ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-03', '2027-01-04'] });
    assert.ok(!r.ok);
    assert.deepEqual(r.errors, [
      {
        code: 'WORKDAY_NOT_WEEKEND',
        path: 'years.2027.workdays',
        message: { zh: '调休上班日必须是周六或周日: 2027-01-04', en: 'an adjusted working day must be a Saturday or Sunday: 2027-01-04' },
      },
    ]);
  });

  test('an imported year extends the calendar', () => {
    const r = parseCalendarFile(`\uFEFF${JSON.stringify(fixture2027)}`);
    assert.ok(r.ok);
    const cal = createCalendar(mergeCalendarData(CN_CALENDAR_DATA, r.data));
    assert.deepEqual(cal.coverage, [2024, 2025, 2026, 2027]);
    assert.equal(isWorkingDay(cal, '2027-01-01'), false);
    assert.equal(isWorkingDay(cal, '2027-01-03'), true);
  });

  test('the CLI helper renders one line per error', () => {
    const r = parseCalendarFile('{"year": 2027, "holidays": ["2027-13-01"], "workdays": []}');
    assert.ok(!r.ok);
    assert.equal(formatCalendarImportErrors(r.errors), 'INVALID_DATE years.2027.holidays[0] — 日期无效（应为 YYYY-MM-DD）: "2027-13-01" / invalid date (expected YYYY-MM-DD): "2027-13-01"');
  });
});
