// SLA level of a running step at a given instant, and the instant the level next changes
// (so a database column can hold "check again at" and a sweep needs no timers in memory).
import { type Instant, formatShanghai, parseInstant } from './time.ts';

export type SlaLevel = 'ok' | 'at_risk' | 'breached';

export interface SlaLevelInput {
  readonly startsAt: Instant;
  /** The due instant; the step is breached strictly after it. */
  readonly due: Instant;
  readonly now: Instant;
  /** Share of the span after which the step is at risk; default 0.8. */
  readonly atRiskFraction?: number;
}

interface Marks {
  readonly now: number;
  readonly riskAt: number;
  readonly due: number;
}

function marks(input: SlaLevelInput): Marks {
  const fraction = input.atRiskFraction ?? 0.8;
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`atRiskFraction must be within [0, 1]: ${fraction}`);
  const start = parseInstant(input.startsAt);
  const due = parseInstant(input.due);
  const span = Math.max(0, due - start);
  return { now: parseInstant(input.now), riskAt: Math.min(due, start + Math.ceil(span * fraction)), due };
}

function levelOf(m: Marks): SlaLevel {
  if (m.now > m.due) return 'breached';
  return m.now >= m.riskAt ? 'at_risk' : 'ok';
}

export function slaLevel(input: SlaLevelInput): SlaLevel {
  return levelOf(marks(input));
}

/** The instant (ISO, +08:00) at which slaLevel next changes after `now`; null once breached. */
export function nextSlaTransitionAt(input: SlaLevelInput): string | null {
  const m = marks(input);
  switch (levelOf(m)) {
    case 'ok':
      return formatShanghai(m.riskAt);
    case 'at_risk':
      return formatShanghai(m.due + 1);
    case 'breached':
      return null;
  }
}
