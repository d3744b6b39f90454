// Time buckets for metrics: day, ISO week (Monday), month, quarter and year, on Asia/Shanghai civil dates.
// Every bucket is named by its first day (`YYYY-MM-DD`), so buckets sort and compare as strings.
import { type CivilDate, civilDateOfEpochDay, epochDayOf, toShanghaiDate, weekdayOfEpochDay } from '../sla/time.ts';

export type { CivilDate } from '../sla/time.ts';
export const GRANULARITIES = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export function addDays(date: CivilDate, n: number): CivilDate {
  return civilDateOfEpochDay(epochDayOf(date) + n);
}

/** The Asia/Shanghai civil date of an instant, whatever the process time zone. */
export function shanghaiDay(instant: Date): CivilDate {
  return toShanghaiDate(instant);
}

function ymd(date: CivilDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}
const fmt = (y: number, m: number, d: number): CivilDate => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** First day of the bucket that contains `date`. */
export function bucketStart(date: CivilDate, g: Granularity): CivilDate {
  const [y, m] = ymd(date);
  switch (g) {
    case 'day':
      return date;
    case 'week': {
      const day = epochDayOf(date);
      return civilDateOfEpochDay(day - ((weekdayOfEpochDay(day) + 6) % 7));
    }
    case 'month':
      return fmt(y, m, 1);
    case 'quarter':
      return fmt(y, m - ((m - 1) % 3), 1);
    case 'year':
      return fmt(y, 1, 1);
  }
}

/** First day of the bucket after the one starting at `start`. */
export function nextBucket(start: CivilDate, g: Granularity): CivilDate {
  const [y, m] = ymd(start);
  const months = (k: number) => fmt(y + Math.floor((m - 1 + k) / 12), ((m - 1 + k) % 12) + 1, 1);
  switch (g) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month':
      return months(1);
    case 'quarter':
      return months(3);
    case 'year':
      return fmt(y + 1, 1, 1);
  }
}

/** First day of the bucket before the one starting at `start`. */
export function previousBucket(start: CivilDate, g: Granularity): CivilDate {
  return bucketStart(addDays(start, -1), g);
}

/** Bucket starts covering [from, to] (inclusive dates). */
export function bucketsBetween(from: CivilDate, to: CivilDate, g: Granularity): CivilDate[] {
  const out: CivilDate[] = [];
  for (let b = bucketStart(from, g); b <= to; b = nextBucket(b, g)) out.push(b);
  return out;
}

/** Human label: 2025-01-27, 2025-W05, 2025-01, 2025Q1, 2025. */
export function bucketLabel(start: CivilDate, g: Granularity): string {
  const [y, m] = ymd(start);
  switch (g) {
    case 'day':
      return start;
    case 'week': {
      // ISO week number: the week's Thursday decides the year.
      const thursday = epochDayOf(start) + 3;
      const ty = Number(civilDateOfEpochDay(thursday).slice(0, 4));
      const week = Math.floor((thursday - epochDayOf(fmt(ty, 1, 1))) / 7) + 1;
      return `${ty}-W${String(week).padStart(2, '0')}`;
    }
    case 'month':
      return start.slice(0, 7);
    case 'quarter':
      return `${y}Q${Math.floor((m - 1) / 3) + 1}`;
    case 'year':
      return String(y);
  }
}

/**
 * Splits [from, to] (inclusive) into whole months, read from a monthly rollup, and the days around them, read
 * from the daily rollup. `months` is [first month start, first month start after the last whole month).
 */
export function splitForRollup(from: CivilDate, to: CivilDate): { months: [CivilDate, CivilDate] | null; days: Array<[CivilDate, CivilDate]> } {
  const firstWhole = bucketStart(from, 'month') === from ? from : nextBucket(bucketStart(from, 'month'), 'month');
  const afterLastWhole = bucketStart(addDays(to, 1), 'month');
  if (firstWhole >= afterLastWhole) return { months: null, days: [[from, to]] };
  const days: Array<[CivilDate, CivilDate]> = [];
  if (from < firstWhole) days.push([from, addDays(firstWhole, -1)]);
  if (afterLastWhole <= to) days.push([afterLastWhole, to]);
  return { months: [firstWhole, afterLastWhole], days };
}

export function daysBetween(from: CivilDate, to: CivilDate): number {
  return epochDayOf(to) - epochDayOf(from);
}
