// The SQL of the metric rollups, generated from the measure list so that adding a measure touches one place.
// The per-complaint expressions mirror complaintMeasures() in src/core/metrics/measures.ts (a test keeps them equal).
import { CHANNEL_CODE_FALLBACK } from '../../core/metrics/axes.ts';
import {
  ALL_OUTCOMES, BREACH_EXCLUDED_STEPS, MEASURES, OVERTURNED_OUTCOMES, SAT_DIMS, SATISFACTION_KEYS, SATISFACTION_LEVELS,
  SATISFIED_LEVELS, TIMELINESS_STEPS, UPHELD_OUTCOMES, type SatDim,
} from '../../core/metrics/measures.ts';
import { NO_UNIT } from './tables.ts';

/** Dimensions of the rollups besides the total (dim ''). */
export const DIMS = ['channel', 'channel_code', 'category', 'business_code', 'reason_code', 'product', 'handling_unit', 'handler'] as const;
export type Dim = (typeof DIMS)[number];
export const KEY_COLUMNS = ['day', 'unit_id', ...DIMS] as const;

const list = (xs: readonly string[]) => xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ');
const b = (expr: string) => `(CASE WHEN ${expr} THEN 1 ELSE 0 END)`;

function scoreSql(dim: SatDim): string {
  const paths = SATISFACTION_KEYS[dim].flatMap((k) => [`c.satisfaction->'${k}'`, `c.satisfaction->'scores'->'${k}'`]);
  const x = `COALESCE(${paths.join(', ')})`;
  return `CASE WHEN jsonb_typeof(${x}) = 'number' AND (${x})::numeric IN (1, 2, 3, 4, 5) THEN (${x})::numeric::int END`;
}

const channelFallback = `CASE c.channel ${Object.entries(CHANNEL_CODE_FALLBACK).map(([k, v]) => `WHEN '${k}' THEN '${v}'`).join(' ')} END`;

/** Per-complaint measure expressions, in MEASURES order; `asOf` is a SQL timestamptz expression. */
function measureExprs(): Record<string, string> {
  const outcome = `(c.decision->>'outcome')`;
  const hasOutcome = `${outcome} IN (${list(ALL_OUTCOMES)})`;
  const scoreCount = SAT_DIMS.map((d) => `(s.${d} IS NOT NULL)::int`).join(' + ');
  const scoreSum = SAT_DIMS.map((d) => `COALESCE(s.${d}, 0)`).join(' + ');
  const satisfied = `(CASE WHEN s.lvl IS NOT NULL THEN s.lvl IN (${list(SATISFIED_LEVELS)}) ELSE (${scoreCount}) > 0 AND (${scoreSum}) >= 4 * (${scoreCount}) END)`;
  const e: Record<string, string> = {
    n: '1',
    accepted: b('c.accepted_at IS NOT NULL'),
    closed: b('c.closed_at IS NOT NULL'),
    decided_closed: b(`c.closed_at IS NOT NULL AND ${hasOutcome}`),
    resolved: b(`c.closed_at IS NOT NULL AND ${hasOutcome} AND (${outcome} IN (${list(UPHELD_OUTCOMES)}) OR ${satisfied})`),
    open_n: b('c.closed_at IS NULL'),
    rated: b(`s.lvl IS NOT NULL OR (${scoreCount}) > 0`),
    satisfied: b(satisfied),
    notified: b('c.decision_notified_at IS NOT NULL'),
    review_n: b('c.review_requested_at IS NOT NULL'),
    review_decided: b('c.review_decided_at IS NOT NULL'),
    overturned: b(`c.review_decided_at IS NOT NULL AND (c.review->>'outcome' IN (${list(OVERTURNED_OUTCOMES)}) OR c.review->>'result' = 'revised')`),
    repeat_n: b('c.repeat_of IS NOT NULL'),
    reopened: b('c.reopen_count > 0'),
    reassigned: b('c.reassignment_count > 0'),
    reassign_sum: 'c.reassignment_count',
    major_n: b('c.major'),
    mass_n: b('c.mass'),
    referral_n: b(`c.channel = 'regulator' OR c.referral_source IS NOT NULL`),
    pol_breach: b('dl.pol_breach'),
    stat_breach: b('dl.stat_breach'),
  };
  for (const d of SAT_DIMS) {
    e[`sat_${d}_n`] = b(`s.${d} IS NOT NULL`);
    e[`sat_${d}_sum`] = `COALESCE(s.${d}, 0)`;
  }
  for (const { prefix } of TIMELINESS_STEPS) for (const x of ['pol_n', 'pol_ok', 'stat_n', 'stat_ok']) e[`${prefix}_${x}`] = `COALESCE(dl.${prefix}_${x}, 0)`;
  return e;
}

function deadlineAggs(asOf: string): string {
  const breach = (due: string) =>
    `COALESCE(bool_or(d.step NOT IN (${list(BREACH_EXCLUDED_STEPS)}) AND CASE WHEN d.met_at IS NULL THEN d.${due} < ${asOf} ELSE d.met_at > d.${due} END), false)`;
  const cols = [`${breach('policy_due_at')} AS pol_breach`, `${breach('statutory_due_at')} AS stat_breach`];
  for (const { step, prefix } of TIMELINESS_STEPS) {
    for (const [k, due] of [['pol', 'policy_due_at'], ['stat', 'statutory_due_at']] as const) {
      cols.push(`count(*) FILTER (WHERE d.step = '${step}' AND d.${due} IS NOT NULL AND (d.met_at IS NOT NULL OR d.${due} < ${asOf})) AS ${prefix}_${k}_n`);
      cols.push(`count(*) FILTER (WHERE d.step = '${step}' AND d.met_at <= d.${due}) AS ${prefix}_${k}_ok`);
    }
  }
  return cols.join(',\n      ');
}

/**
 * SELECT of metric_fact rows (keys + measures) for every complaint, or those listed in `changedTable`, or those
 * received in [from, to).
 */
export function factsSelect(asOf: Date, changedTable: string | null, received?: { from: Date; to: Date }): string {
  const at = `'${asOf.toISOString()}'::timestamptz`;
  const exprs = measureExprs();
  const range = (col: string) => (received ? `${col} >= '${received.from.toISOString()}'::timestamptz AND ${col} < '${received.to.toISOString()}'::timestamptz` : 'true');
  // A subset reads each complaint's deadlines by index (whatever the planner's statistics say); everything at
  // once aggregates all deadlines in one pass.
  const lateral = changedTable !== null || received !== undefined;
  return `
    SELECT c.id AS complaint_id,
      ((c.received_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day,
      COALESCE(c.org_unit_id, c.handling_unit_id, '${NO_UNIT}'::uuid) AS unit_id,
      c.channel AS channel,
      COALESCE(c.channel_code, ${channelFallback}, '') AS channel_code,
      COALESCE(c.category, '') AS category,
      COALESCE(c.business_code, '') AS business_code,
      COALESCE(c.reason_code, '') AS reason_code,
      COALESCE(c.product_name, '') AS product,
      COALESCE(c.handling_unit_id::text, '') AS handling_unit,
      COALESCE(c.handler_id::text, '') AS handler,
      ${MEASURES.map((m) => `(${exprs[m]})::int AS ${m}`).join(',\n      ')}
    FROM complaint c
    CROSS JOIN LATERAL (SELECT ${SAT_DIMS.map((d) => `${scoreSql(d)} AS ${d}`).join(', ')},
      CASE WHEN c.satisfaction->>'level' IN (${list(SATISFACTION_LEVELS)}) THEN c.satisfaction->>'level' END AS lvl) s
    ${lateral
      ? `LEFT JOIN LATERAL (SELECT ${deadlineAggs(at)} FROM complaint_deadline d WHERE d.complaint_id = c.id) dl ON true`
      : `LEFT JOIN (SELECT d.complaint_id, ${deadlineAggs(at)} FROM complaint_deadline d GROUP BY d.complaint_id) dl ON dl.complaint_id = c.id`}
    WHERE c.merged_into IS NULL AND c.state <> 'merged' ${received ? `AND ${range('c.received_at')}` : ''} ${changedTable ? `AND c.id IN (SELECT id FROM ${changedTable})` : ''}`;
}

const dimCase = (what: 'name' | 'value') =>
  `CASE ${DIMS.map((d) => `WHEN GROUPING(${d}) = 0 THEN ${what === 'name' ? `'${d}'` : d}`).join(' ')} ELSE '' END`;

/**
 * INSERT into a rollup the sums of `source` (rows with key columns and measures) per grouping set. With
 * `accumulate`, existing rows are added to (the source then carries new facts and negated old ones).
 */
export function rollupInsert(table: 'metric_daily' | 'metric_monthly', source: string, accumulate: boolean): string {
  const day = table === 'metric_monthly' ? `date_trunc('month', f.day)::date` : 'f.day';
  const sets = [`(day, unit_id)`, ...DIMS.map((d) => `(day, unit_id, ${d})`)].join(', ');
  const conflict = accumulate
    ? `ON CONFLICT (dim, day, unit_id, val) DO UPDATE SET ${MEASURES.map((m) => `${m} = ${table}.${m} + EXCLUDED.${m}`).join(', ')}`
    : '';
  return `
    INSERT INTO ${table} (dim, day, unit_id, val, ${MEASURES.join(', ')})
    SELECT ${dimCase('name')} AS dim, day, unit_id, ${dimCase('value')} AS val, ${MEASURES.map((m) => `sum(${m})`).join(', ')}
    FROM (SELECT ${day} AS day, ${KEY_COLUMNS.slice(1).map((k) => `f.${k}`).join(', ')}, ${MEASURES.map((m) => `f.${m}`).join(', ')} FROM (${source}) f) g
    GROUP BY GROUPING SETS (${sets})
    ${accumulate ? '' : 'ORDER BY 1, 2'}
    ${conflict}`;
}

/** The new facts of changed complaints plus the old facts negated: what to add to the rollups. */
export function deltaSource(newTable: string, changedTable: string): string {
  const keys = KEY_COLUMNS.join(', ');
  return `
    SELECT ${keys}, ${MEASURES.join(', ')} FROM ${newTable}
    UNION ALL
    SELECT ${keys}, ${MEASURES.map((m) => `-${m} AS ${m}`).join(', ')} FROM metric_fact WHERE complaint_id IN (SELECT id FROM ${changedTable})`;
}

