// One clock: from an anchor instant, a duration in hours, working days or calendar days, with pauses.
//
// Counting convention:
// - hours: natural hours from the anchor instant; a pause adds its length (the part inside the running clock).
// - days: counted from the day after the anchor's Asia/Shanghai day; the deadline is 23:59:59 +08:00 of the
//   last counted day. A day counts only if the clock runs through all of it, so neither the anchor day nor a
//   day touched by a pause counts (the day a pause ends is treated like a new day of receipt).
// - an open pause (no end yet) stops the clock: no due instant until it ends.
import { type Calendar, DayWalk } from './calendar.ts';
import type { Duration } from './policies.ts';
import {
  MS_PER_HOUR,
  civilDateOfEpochDay,
  endOfShanghaiDayMs,
  shanghaiEpochDay,
  startOfShanghaiDayMs,
} from './time.ts';

/** A pause in epoch milliseconds; `to` null while still open. Lists are sorted and non-overlapping. */
export interface PauseMs {
  readonly from: number;
  readonly to: number | null;
}

export interface ClockResult {
  /** Due instant in ms, or null when an open pause stopped the clock. */
  readonly dueMs: number | null;
  readonly skippedHolidays: readonly string[];
  readonly adjustedWorkdaysCounted: readonly string[];
  readonly pausedDays: readonly string[];
  readonly pausedMs: number;
  readonly uncoveredYears: readonly number[];
  /** Statutory roll-over moved the last day to the next working day. */
  readonly rolledOver: boolean;
}

const EMPTY: readonly string[] = [];

/** Sorts and merges pauses; an open pause swallows everything after it. */
export function normalisePauses(pauses: readonly PauseMs[]): PauseMs[] {
  const sorted = [...pauses].sort((a, b) => a.from - b.from);
  const out: PauseMs[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && (last.to === null || p.from <= last.to)) {
      out[out.length - 1] = { from: last.from, to: last.to === null || p.to === null ? null : Math.max(last.to, p.to) };
    } else {
      out.push(p);
    }
  }
  return out;
}

function hoursClock(anchorMs: number, amount: number, pauses: readonly PauseMs[]): ClockResult {
  let cursor = anchorMs;
  let remaining = amount * MS_PER_HOUR;
  let pausedMs = 0;
  let dueMs: number | null = null;
  let stopped = false;
  for (const p of pauses) {
    if (p.to !== null && p.to <= cursor) continue;
    if (p.from >= cursor + remaining) break;
    const from = Math.max(p.from, cursor);
    remaining -= from - cursor;
    if (p.to === null) {
      stopped = true;
      break;
    }
    pausedMs += p.to - from;
    cursor = p.to;
  }
  if (!stopped) dueMs = cursor + remaining;
  return { dueMs, skippedHolidays: EMPTY, adjustedWorkdaysCounted: EMPTY, pausedDays: EMPTY, pausedMs, uncoveredYears: [], rolledOver: false };
}

/** Walks the pauses alongside increasing days. */
class PauseCursor {
  private i = 0;
  private readonly pauses: readonly PauseMs[];
  constructor(pauses: readonly PauseMs[]) {
    this.pauses = pauses;
  }
  /** 'open' when an open pause covers the day (the clock never resumes), else whether a pause touches it. */
  touches(day: number): boolean | 'open' {
    const start = startOfShanghaiDayMs(day);
    const end = startOfShanghaiDayMs(day + 1);
    for (let p = this.pauses[this.i]; p && p.to !== null && p.to <= start; p = this.pauses[this.i]) this.i += 1;
    const p = this.pauses[this.i];
    if (!p || p.from >= end) return false;
    return p.to === null ? 'open' : true;
  }
}

function daysClock(
  anchorMs: number,
  duration: Duration,
  cal: Calendar,
  pauses: readonly PauseMs[],
  rollOver: boolean,
): ClockResult {
  const walk = new DayWalk(cal);
  const cursor = new PauseCursor(pauses);
  const pausedDays: string[] = [];
  const workingOnly = duration.unit === 'working_days';
  let day = shanghaiEpochDay(anchorMs);
  for (let counted = 0; counted < duration.amount; ) {
    day += 1;
    const touched = cursor.touches(day);
    if (touched === 'open') return stoppedResult(walk, pausedDays);
    if (touched) {
      pausedDays.push(civilDateOfEpochDay(day));
      continue;
    }
    if (!workingOnly || walk.visit(day)) counted += 1;
  }
  let rolledOver = false;
  if (rollOver) {
    while (!walk.visit(day)) {
      day += 1;
      rolledOver = true;
    }
  }
  return {
    dueMs: endOfShanghaiDayMs(day),
    skippedHolidays: walk.skippedHolidays,
    adjustedWorkdaysCounted: walk.adjustedWorkdaysCounted,
    pausedDays,
    pausedMs: 0,
    uncoveredYears: walk.uncoveredYears,
    rolledOver,
  };
}

function stoppedResult(walk: DayWalk, pausedDays: string[]): ClockResult {
  return {
    dueMs: null,
    skippedHolidays: walk.skippedHolidays,
    adjustedWorkdaysCounted: walk.adjustedWorkdaysCounted,
    pausedDays,
    pausedMs: 0,
    uncoveredYears: walk.uncoveredYears,
    rolledOver: false,
  };
}

/**
 * Runs one clock. `pauses` must be normalised (see normalisePauses) and empty when pauses do not stop
 * this clock; `rollOver` moves a last day that is not a working day to the next working day.
 */
export function runClock(
  anchorMs: number,
  duration: Duration,
  cal: Calendar,
  pauses: readonly PauseMs[],
  rollOver = false,
): ClockResult {
  if (duration.unit === 'hours') return hoursClock(anchorMs, duration.amount, pauses);
  return daysClock(anchorMs, duration, cal, pauses, rollOver);
}
