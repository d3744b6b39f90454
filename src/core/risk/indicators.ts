// Risk-warning indicators (R5-04) are data: a metric, a scope, a window and thresholds. This module holds their
// shape, the defaults a bank starts with, and the validation an administrator's edits go through.
import { METRIC_BY_ID } from '../metrics/definitions.ts';
import type { Granularity } from '../metrics/periods.ts';
import { RISK_TYPES, type RiskType } from './plans.ts';

export const SCOPE_TYPES = ['institution', 'unit', 'product', 'category', 'channel', 'business_code', 'reason_code'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];
export const WINDOWS = ['day', 'week', 'month'] as const satisfies readonly Granularity[];
export type Window = (typeof WINDOWS)[number];
/** absolute: a count against thresholds; rate: a ratio/mean/per metric; growth: change vs the previous period
 * ((cur − prev) / prev); ewma: a spike above the exponentially weighted mean of past periods (no hand-set threshold). */
export const MODES = ['absolute', 'rate', 'growth', 'ewma'] as const;
export type Mode = (typeof MODES)[number];
export type Direction = 'above' | 'below';

/** Metrics counted by when an event happened rather than by the day the complaint was received. */
export const EVENT_METRICS = {
  breach_events: { zh: '法定时限到期未办结件数', en: 'statutory limits expired unmet in the period' },
} as const;

export interface EwmaParams {
  /** Smoothing weight of the newest period, 0 < λ ≤ 1. */
  readonly lambda: number;
  /** Standard deviations above the mean for a warning and for an alarm. */
  readonly warnK: number;
  readonly alarmK: number;
  /** Past periods used to learn the mean (at least 4 needed before it fires). */
  readonly history: number;
}
export const DEFAULT_EWMA: EwmaParams = { lambda: 0.3, warnK: 3, alarmK: 5, history: 28 };

export interface IndicatorSpec {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  /** A metric id of src/core/metrics/definitions.ts or a key of EVENT_METRICS. */
  readonly metric: string;
  readonly scopeType: ScopeType;
  /** One value (a unit id, a product name, a category…); null = evaluate every value of the scope type. */
  readonly scopeValue: string | null;
  readonly window: Window;
  readonly mode: Mode;
  readonly direction: Direction;
  readonly warning: number | null;
  readonly alarm: number | null;
  /** Minimum volume for the reading to count: the denominator of a rate, the previous period of a growth, the
   * current count of an EWMA spike. Protects against noise on tiny numbers. */
  readonly minVolume: number;
  readonly riskType: RiskType;
  /** Hours the owner has to close the warning (R5-03: respond 24 h, handle 72 h). */
  readonly dueHours: number;
  /** Role whose member nearest the scope owns the warning when no owner user is set. */
  readonly ownerRole: string;
  readonly ewma?: EwmaParams;
}

export const DEFAULT_INDICATORS: readonly IndicatorSpec[] = [
  {
    code: 'PRODUCT_WOW_GROWTH', zh: '单一产品投诉量周环比上升50%', en: 'Complaints on one product up 50 % week on week',
    metric: 'received', scopeType: 'product', scopeValue: null, window: 'week', mode: 'growth', direction: 'above',
    warning: 0.5, alarm: 1.0, minVolume: 10, riskType: 'product', dueHours: 72, ownerRole: 'consumer_protection',
  },
  {
    code: 'DECISION_TIMELINESS', zh: '处理决定法定时限达标率低于95%', en: 'Decisions within the statutory limit under 95 %',
    metric: 'dec_statutory_rate', scopeType: 'unit', scopeValue: null, window: 'month', mode: 'rate', direction: 'below',
    warning: 0.95, alarm: 0.9, minVolume: 20, riskType: 'compliance', dueHours: 72, ownerRole: 'consumer_protection',
  },
  {
    code: 'MASS_COMPLAINT', zh: '出现群体性投诉', en: 'Any mass complaint',
    metric: 'mass', scopeType: 'institution', scopeValue: null, window: 'day', mode: 'absolute', direction: 'above',
    warning: null, alarm: 1, minVolume: 0, riskType: 'complaint', dueHours: 24, ownerRole: 'consumer_protection',
  },
  {
    code: 'STATUTORY_BREACH', zh: '出现超法定时限投诉', en: 'Any breach of a statutory limit',
    metric: 'breach_events', scopeType: 'institution', scopeValue: null, window: 'day', mode: 'absolute', direction: 'above',
    warning: null, alarm: 1, minVolume: 0, riskType: 'compliance', dueHours: 24, ownerRole: 'consumer_protection',
  },
  {
    code: 'REPEAT_RATE', zh: '重复投诉率超过20%', en: 'Repeat-complaint rate over 20 %',
    metric: 'repeat_rate', scopeType: 'institution', scopeValue: null, window: 'month', mode: 'rate', direction: 'above',
    warning: 0.2, alarm: 0.35, minVolume: 30, riskType: 'complaint', dueHours: 72, ownerRole: 'consumer_protection',
  },
  {
    code: 'CATEGORY_SPIKE', zh: '分类投诉量异常激增（EWMA）', en: 'Spike in complaints of one category (EWMA)',
    metric: 'received', scopeType: 'category', scopeValue: null, window: 'day', mode: 'ewma', direction: 'above',
    warning: null, alarm: null, minVolume: 5, riskType: 'complaint', dueHours: 72, ownerRole: 'consumer_protection', ewma: DEFAULT_EWMA,
  },
];

/** Problems with an indicator (empty when usable). */
export function validateIndicator(s: IndicatorSpec): string[] {
  const p: string[] = [];
  const def = METRIC_BY_ID.get(s.metric);
  const isEvent = s.metric in EVENT_METRICS;
  if (!/^[A-Z][A-Z0-9_]{1,63}$/.test(s.code)) p.push('code');
  if (!def && !isEvent) p.push('metric');
  if (!(SCOPE_TYPES as readonly string[]).includes(s.scopeType)) p.push('scopeType');
  if (!(WINDOWS as readonly string[]).includes(s.window)) p.push('window');
  if (!(MODES as readonly string[]).includes(s.mode)) p.push('mode');
  if (s.direction !== 'above' && s.direction !== 'below') p.push('direction');
  if (!(RISK_TYPES as readonly string[]).includes(s.riskType)) p.push('riskType');
  const counted = isEvent || def?.kind === 'count';
  if ((s.mode === 'absolute' || s.mode === 'growth' || s.mode === 'ewma') && !counted) p.push('metric (this mode needs a count)');
  if (s.mode === 'rate' && (counted || !def)) p.push('metric (a rate needs a ratio, mean or per metric)');
  if (s.mode === 'ewma') {
    const e = s.ewma ?? DEFAULT_EWMA;
    if (!(e.lambda > 0 && e.lambda <= 1) || !(e.warnK > 0) || !(e.alarmK >= e.warnK) || !(Number.isInteger(e.history) && e.history >= 4 && e.history <= 366)) p.push('ewma');
    if (s.direction !== 'above') p.push('direction (EWMA spikes are upward)');
  } else {
    if (s.warning === null && s.alarm === null) p.push('thresholds (warning or alarm)');
    if (s.warning !== null && s.alarm !== null) {
      const ordered = s.direction === 'above' ? s.alarm >= s.warning : s.alarm <= s.warning;
      if (!ordered) p.push('alarm (must be beyond warning)');
    }
  }
  if (s.scopeType === 'institution' && s.scopeValue !== null) p.push('scopeValue');
  if (!(Number.isFinite(s.minVolume) && s.minVolume >= 0)) p.push('minVolume');
  if (!(Number.isInteger(s.dueHours) && s.dueHours >= 1 && s.dueHours <= 24 * 90)) p.push('dueHours');
  return p;
}
