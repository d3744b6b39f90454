// China's working-day calendar as a value: public holidays and adjusted working days (调休上班日), loaded
// per year as data. Dates in years that are not loaded fall back to "Monday–Friday work" and are reported
// (uncoveredYears), never silently treated as known.
import { validateCalendarData } from './calendar-import.ts';
import {
  type CivilDate,
  civilDateOfEpochDay,
  epochDayOf,
  weekdayOfEpochDay,
  yearOfEpochDay,
} from './time.ts';

export {
  type CivilDate,
  type Instant,
  ASIA_SHANGHAI_UTC_OFFSET_MS,
  endOfDayShanghai,
  startOfDayShanghai,
  toShanghaiDate,
  toShanghaiIso,
  parseInstant,
  isCivilDate,
} from './time.ts';

export interface CalendarYearData {
  /** Every day off of the State Council's holiday ranges (weekend days inside a range may be listed). */
  readonly holidays: readonly CivilDate[];
  /** Weekend days that are worked (调休上班日). */
  readonly workdays: readonly CivilDate[];
}

export interface CalendarData {
  readonly years: Readonly<Record<string, CalendarYearData>>;
}

export interface CalendarOptions {
  /** true (default): 调休 weekend days are working days. false: they stay days off (some market users). */
  readonly adjustedWorkdaysAreWorkingDays?: boolean;
}

export interface Calendar {
  /** Years whose holiday data is loaded, ascending. */
  readonly coverage: readonly number[];
  readonly adjustedWorkdaysAreWorkingDays: boolean;
  /** Epoch days (see time.ts) of public holidays and of adjusted working days. */
  readonly holidayDays: ReadonlySet<number>;
  readonly adjustedWorkdayDays: ReadonlySet<number>;
  readonly coveredYears: ReadonlySet<number>;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday';

/** Builds a calendar; throws a RangeError listing the problems when the data is inconsistent. */
export function createCalendar(data: CalendarData, options: CalendarOptions = {}): Calendar {
  const errors = validateCalendarData(data);
  if (errors.length > 0) {
    throw new RangeError(`invalid calendar data: ${errors.map((e) => `${e.code} ${e.path}`).join('; ')}`);
  }
  const holidayDays = new Set<number>();
  const adjustedWorkdayDays = new Set<number>();
  const years: number[] = [];
  for (const [year, y] of Object.entries(data.years)) {
    years.push(Number(year));
    for (const d of y.holidays) holidayDays.add(epochDayOf(d));
    for (const d of y.workdays) adjustedWorkdayDays.add(epochDayOf(d));
  }
  years.sort((a, b) => a - b);
  return {
    coverage: years,
    adjustedWorkdaysAreWorkingDays: options.adjustedWorkdaysAreWorkingDays ?? true,
    holidayDays,
    adjustedWorkdayDays,
    coveredYears: new Set(years),
  };
}

/** Kind of an epoch day. Holiday data wins over the weekday. */
export function dayKindOfEpochDay(cal: Calendar, day: number): DayKind {
  if (cal.holidayDays.has(day)) return 'holiday';
  if (cal.adjustedWorkdayDays.has(day)) return 'adjusted_workday';
  const wd = weekdayOfEpochDay(day);
  return wd === 0 || wd === 6 ? 'weekend' : 'workday';
}

export function isWorkingEpochDay(cal: Calendar, day: number): boolean {
  const kind = dayKindOfEpochDay(cal, day);
  return kind === 'workday' || (kind === 'adjusted_workday' && cal.adjustedWorkdaysAreWorkingDays);
}

export function dayKind(cal: Calendar, date: CivilDate): DayKind {
  return dayKindOfEpochDay(cal, epochDayOf(date));
}

/** Whether `date` is a working day. Outside `coverage` only the weekday decides (see isCovered). */
export function isWorkingDay(cal: Calendar, date: CivilDate): boolean {
  return isWorkingEpochDay(cal, epochDayOf(date));
}

/** Whether holiday data for the year of `date` is loaded. */
export function isCovered(cal: Calendar, date: CivilDate): boolean {
  return cal.coveredYears.has(Number(date.slice(0, 4)));
}

/** Collects details while a count walks over days. */
export class DayWalk {
  readonly skippedHolidays: CivilDate[] = [];
  readonly adjustedWorkdaysCounted: CivilDate[] = [];
  readonly uncoveredYears: number[] = [];
  private lastYearChecked = Number.NaN;
  private readonly cal: Calendar;
  constructor(cal: Calendar) {
    this.cal = cal;
  }

  /** Visits a day of a working-day count; true when it counts as a working day. */
  visit(day: number): boolean {
    this.checkCoverage(day);
    const kind = dayKindOfEpochDay(this.cal, day);
    if (kind === 'holiday') this.skippedHolidays.push(civilDateOfEpochDay(day));
    const works = kind === 'workday' || (kind === 'adjusted_workday' && this.cal.adjustedWorkdaysAreWorkingDays);
    if (works && kind === 'adjusted_workday') this.adjustedWorkdaysCounted.push(civilDateOfEpochDay(day));
    return works;
  }

  checkCoverage(day: number): void {
    const year = yearOfEpochDay(day);
    if (year === this.lastYearChecked) return;
    this.lastYearChecked = year;
    if (!this.cal.coveredYears.has(year) && !this.uncoveredYears.includes(year)) this.uncoveredYears.push(year);
  }
}

export interface WorkingDaysResult {
  /** The n-th working day after `date`. */
  readonly date: CivilDate;
  readonly skippedHolidays: readonly CivilDate[];
  readonly adjustedWorkdaysCounted: readonly CivilDate[];
  /** Years crossed whose holiday data is not loaded: the result may be wrong there. */
  readonly uncoveredYears: readonly number[];
}

/** The n-th working day after `date` (the date itself never counts). n = 0 returns `date`. */
export function addWorkingDays(cal: Calendar, date: CivilDate, n: number): WorkingDaysResult {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer: ${n}`);
  const walk = new DayWalk(cal);
  let day = epochDayOf(date);
  for (let counted = 0; counted < n; ) {
    day += 1;
    if (walk.visit(day)) counted += 1;
  }
  return {
    date: civilDateOfEpochDay(day),
    skippedHolidays: walk.skippedHolidays,
    adjustedWorkdaysCounted: walk.adjustedWorkdaysCounted,
    uncoveredYears: walk.uncoveredYears,
  };
}

/** `date` plus n calendar days (n may be negative). */
export function addCalendarDays(date: CivilDate, n: number): CivilDate {
  if (!Number.isInteger(n)) throw new RangeError(`calendar days must be an integer: ${n}`);
  return civilDateOfEpochDay(epochDayOf(date) + n);
}

export interface WorkingDaysBetweenResult {
  /** Working days d with from < d ≤ to (negative when to < from), so addWorkingDays(from, n) lands on n. */
  readonly days: number;
  readonly uncoveredYears: readonly number[];
}

export function workingDaysBetween(cal: Calendar, from: CivilDate, to: CivilDate): WorkingDaysBetweenResult {
  const a = epochDayOf(from);
  const b = epochDayOf(to);
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  const walk = new DayWalk(cal);
  let days = 0;
  for (let d = lo + 1; d <= hi; d += 1) if (walk.visit(d)) days += 1;
  return { days: sign * days, uncoveredYears: walk.uncoveredYears };
}
