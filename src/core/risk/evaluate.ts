// Evaluating one indicator reading: does it cross the warning or alarm threshold? Pure; the app layer feeds it
// the values of the current and previous period (and, for EWMA, the history of past periods).
import { DEFAULT_EWMA, type EwmaParams, type IndicatorSpec, type Window } from './indicators.ts';
import { bucketStart, nextBucket, previousBucket, shanghaiDay, type CivilDate } from '../metrics/periods.ts';

export type Level = 'warning' | 'alarm';
export const LEVEL_RANK: Record<Level, number> = { warning: 1, alarm: 2 };

export interface Reading {
  /** The metric's value in the period (a count, a ratio…); null when undefined (0/0). */
  readonly value: number | null;
  /** Volume behind it: the denominator of a rate, the count itself for counts. */
  readonly volume: number;
}

export interface Crossing {
  readonly level: Level;
  /** The quantity compared with the threshold (the value, the growth, or the count for EWMA). */
  readonly observed: number;
  readonly threshold: number;
  /** Previous period's value (growth) or the EWMA mean (spike). */
  readonly baseline: number | null;
}

export interface Period {
  readonly start: CivilDate;
  /** Exclusive. */
  readonly end: CivilDate;
}

/** The window containing `now` (Asia/Shanghai), and the one before it. */
export function periodsAt(now: Date, window: Window): { current: Period; previous: Period } {
  const start = bucketStart(shanghaiDay(now), window);
  const prev = previousBucket(start, window);
  return { current: { start, end: nextBucket(start, window) }, previous: { start: prev, end: start } };
}

function beyond(direction: 'above' | 'below', observed: number, threshold: number): boolean {
  return direction === 'above' ? observed >= threshold : observed <= threshold;
}

function thresholdCrossing(spec: IndicatorSpec, observed: number, baseline: number | null): Crossing | null {
  if (spec.alarm !== null && beyond(spec.direction, observed, spec.alarm)) return { level: 'alarm', observed, threshold: spec.alarm, baseline };
  if (spec.warning !== null && beyond(spec.direction, observed, spec.warning)) return { level: 'warning', observed, threshold: spec.warning, baseline };
  return null;
}

/** EWMA mean and standard deviation of a series (oldest first). */
export function ewmaStats(history: readonly number[], lambda: number): { mean: number; sd: number } | null {
  if (history.length === 0) return null;
  let mean = history[0]!;
  let variance = 0;
  for (const x of history.slice(1)) {
    const diff = x - mean;
    const incr = lambda * diff;
    mean += incr;
    variance = (1 - lambda) * (variance + diff * incr);
  }
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * Spike test: the count is above mean + k·sd of the EWMA of past periods. The deviation is floored at the Poisson
 * √mean (and at 1), so a flat history does not make one extra complaint a spike.
 */
export function ewmaCrossing(count: number, history: readonly number[], params: EwmaParams = DEFAULT_EWMA, minVolume = 0): Crossing | null {
  if (history.length < 4 || count < minVolume) return null;
  const stats = ewmaStats(history, params.lambda)!;
  const sd = Math.max(stats.sd, Math.sqrt(Math.max(stats.mean, 0)), 1);
  const alarm = stats.mean + params.alarmK * sd;
  const warn = stats.mean + params.warnK * sd;
  if (count > alarm) return { level: 'alarm', observed: count, threshold: alarm, baseline: stats.mean };
  if (count > warn) return { level: 'warning', observed: count, threshold: warn, baseline: stats.mean };
  return null;
}

/** Whether a reading crosses the indicator's warning or alarm threshold; null when not (or too little volume). */
export function evaluateReading(spec: IndicatorSpec, current: Reading, previous: Reading | null, history: readonly number[] = []): Crossing | null {
  switch (spec.mode) {
    case 'absolute':
      return current.value === null ? null : thresholdCrossing(spec, current.value, null);
    case 'rate':
      if (current.value === null || current.volume < Math.max(spec.minVolume, 1)) return null;
      return thresholdCrossing(spec, current.value, null);
    case 'growth': {
      const prev = previous?.value ?? null;
      if (current.value === null || prev === null || prev <= 0 || prev < spec.minVolume) return null;
      return thresholdCrossing(spec, (current.value - prev) / prev, prev);
    }
    case 'ewma':
      return current.value === null ? null : ewmaCrossing(current.value, history, spec.ewma ?? DEFAULT_EWMA, spec.minVolume);
  }
}
