import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  addCalendarDays,
  addWorkingDays,
  createCalendar,
  dayKind,
  isCovered,
  isWorkingDay,
  workingDaysBetween,
} from '../../../src/core/sla/calendar.ts';
import { CN_CALENDAR_DATA, DEFAULT_CALENDAR } from '../../../src/core/sla/calendar-data.ts';

const cal = DEFAULT_CALENDAR;
const calAdjustedOff = createCalendar(CN_CALENDAR_DATA, { adjustedWorkdaysAreWorkingDays: false });

describe('shipped calendar matches the State Council notices (regulations.md §2)', () => {
  test('covers 2024–2026', () => {
    assert.deepEqual(cal.coverage, [2024, 2025, 2026]);
  });

  test('adjusted working days are exactly the notices\' lists', () => {
    assert.deepEqual(CN_CALENDAR_DATA.years['2024']?.workdays, [
      '2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12',
    ]);
    assert.deepEqual(CN_CALENDAR_DATA.years['2025']?.workdays, ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    assert.deepEqual(CN_CALENDAR_DATA.years['2026']?.workdays, [
      '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
    ]);
  });

  test('2025 days off are 01-01; 01-28…02-04; 04-04…04-06; 05-01…05-05; 05-31…06-02; 10-01…10-08', () => {
    const ranges: [string, number][] = [['2025-01-01', 1], ['2025-01-28', 8], ['2025-04-04', 3], ['2025-05-01', 5], ['2025-05-31', 3], ['2025-10-01', 8]];
    const expected = ranges.flatMap(([from, n]) => Array.from({ length: n }, (_, i) => addCalendarDays(from, i)));
    assert.deepEqual(CN_CALENDAR_DATA.years['2025']?.holidays, expected);
  });
});

describe('isWorkingDay', () => {
  const cases: [string, boolean, string][] = [
    ['2024-02-04', true, 'Sunday worked before Spring Festival 2024'],
    ['2024-02-12', false, 'Spring Festival 2024 (Monday)'],
    ['2024-06-10', false, 'Dragon Boat 2024 (Monday)'],
    ['2024-10-12', true, 'Saturday worked after National Day 2024'],
    ['2025-01-26', true, 'Sunday worked before Spring Festival 2025'],
    ['2025-02-04', false, 'last day of Spring Festival 2025 (Tuesday)'],
    ['2025-10-08', false, 'National Day 2025, 8th day (Wednesday)'],
    ['2025-10-11', true, 'Saturday worked after National Day 2025'],
    ['2025-03-15', false, 'an ordinary Saturday'],
    ['2025-03-17', true, 'an ordinary Monday'],
    ['2026-01-02', false, 'New Year 2026 (Friday)'],
    ['2026-01-04', true, 'Sunday worked after New Year 2026'],
    ['2026-02-28', true, 'Saturday worked after Spring Festival 2026'],
    ['2026-09-25', false, 'Mid-Autumn 2026 (Friday)'],
  ];
  for (const [date, works, why] of cases) {
    test(`${date} ${works ? 'is' : 'is not'} a working day (${why})`, () => assert.equal(isWorkingDay(cal, date), works));
  }

  test('with the switch off, adjusted working weekends are days off', () => {
    assert.equal(isWorkingDay(calAdjustedOff, '2025-01-26'), false);
    assert.equal(isWorkingDay(calAdjustedOff, '2025-01-27'), true);
    assert.equal(dayKind(calAdjustedOff, '2025-01-26'), 'adjusted_workday');
  });

  test('coverage tells known years from unknown ones', () => {
    assert.equal(isCovered(cal, '2026-12-31'), true);
    assert.equal(isCovered(cal, '2027-01-01'), false);
  });
});

describe('working-day arithmetic', () => {
  test('7 working days after 27 Jan 2025 skip Spring Festival and count the worked Saturday', () => {
    const r = addWorkingDays(cal, '2025-01-27', 7);
    assert.equal(r.date, '2025-02-12');
    assert.deepEqual(r.skippedHolidays, Array.from({ length: 8 }, (_, i) => addCalendarDays('2025-01-28', i)));
    assert.deepEqual(r.adjustedWorkdaysCounted, ['2025-02-08']);
    assert.deepEqual(r.uncoveredYears, []);
  });

  test('without adjusted working days the same count ends a day later', () => {
    assert.equal(addWorkingDays(calAdjustedOff, '2025-01-27', 7).date, '2025-02-13');
  });

  test('0 working days is the same day; negative counts are refused', () => {
    assert.equal(addWorkingDays(cal, '2025-02-01', 0).date, '2025-02-01');
    assert.throws(() => addWorkingDays(cal, '2025-02-01', -1), RangeError);
  });

  test('workingDaysBetween counts days after the start up to the end', () => {
    assert.deepEqual(workingDaysBetween(cal, '2025-01-27', '2025-02-12'), { days: 7, uncoveredYears: [] });
    assert.equal(workingDaysBetween(cal, '2025-02-12', '2025-01-27').days, -7);
  });

  test('workingDaysBetween inverts addWorkingDays on every date of 2024–2026', () => {
    const day0 = Date.UTC(2024, 0, 1) / 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 40 }), (offset, n) => {
        const from = new Date((day0 + offset) * 86_400_000).toISOString().slice(0, 10);
        const to = addWorkingDays(cal, from, n).date;
        return workingDaysBetween(cal, from, to).days === n && isWorkingDay(cal, to) === (n > 0 || isWorkingDay(cal, from));
      }),
    );
  });

  test('calendar days handle month ends and leap years', () => {
    assert.equal(addCalendarDays('2024-02-28', 2), '2024-03-01');
    assert.equal(addCalendarDays('2025-02-28', 1), '2025-03-01');
    assert.equal(addCalendarDays('2025-01-28', 14), '2025-02-11');
  });

  test('crossing into a year without data is reported, Monday–Friday assumed', () => {
    const r = addWorkingDays(cal, '2026-12-30', 3);
    assert.equal(r.date, '2027-01-04');
    assert.deepEqual(r.uncoveredYears, [2027]);
    assert.deepEqual(workingDaysBetween(cal, '2023-12-29', '2024-01-03').uncoveredYears, [2023]);
  });

  test('inconsistent data is refused when the calendar is built', () => {
    assert.throws(
      () => createCalendar({ years: { '2025': { holidays: ['2025-01-26'], workdays: ['2025-01-26'] } } }),
      /DATE_BOTH_HOLIDAY_AND_WORKDAY/,
    );
    assert.throws(() => createCalendar({ years: { '2025': { holidays: [], workdays: ['2025-01-27'] } } }), /WORKDAY_NOT_WEEKEND/);
  });
});
