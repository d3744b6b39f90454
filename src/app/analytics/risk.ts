// Risk-warning evaluation (R5-04), run by a worker job: for every active indicator, read the metric per scope for
// the current and the previous window, and raise a warning for each crossing. A crossing is unique per
// indicator × scope × period (database constraint), so evaluating twice never raises twice; a warning that later
// reaches the alarm threshold in the same period is escalated once.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { systemCtx } from '../context.ts';
import { appendAudit } from '../../db/audit.ts';
import { enqueue } from '../../db/outbox.ts';
import { METRIC_BY_ID, metricValue } from '../../core/metrics/definitions.ts';
import { addDays, previousBucket, type CivilDate } from '../../core/metrics/periods.ts';
import { startOfDayShanghai } from '../../core/sla/time.ts';
import { DEFAULT_EWMA, EVENT_METRICS, type IndicatorSpec, type ScopeType } from '../../core/risk/indicators.ts';
import { evaluateReading, periodsAt, type Crossing, type Period, type Reading } from '../../core/risk/evaluate.ts';
import { checklistFrom, type RiskType } from '../../core/risk/plans.ts';
import { BREACH_EXCLUDED_STEPS, type Sums } from '../../core/metrics/measures.ts';
import { denominatorsFor, metricBreakdown, metricSums, singleRootPath, type QueryFilter } from './query.ts';
import { labelsFor } from './labels.ts';
import { refreshMetrics } from './rollup.ts';
import type { Dim } from './rollup-sql.ts';
import { adb, atrx, type RiskIndicatorTable } from './tables.ts';

type IndicatorRow = Selectable<RiskIndicatorTable>;

export function specOf(r: IndicatorRow): IndicatorSpec {
  return {
    code: r.code, zh: r.name, en: r.name_en, metric: r.metric, scopeType: r.scope_type as ScopeType, scopeValue: r.scope_value,
    window: r.window as IndicatorSpec['window'], mode: r.mode as IndicatorSpec['mode'], direction: r.direction as IndicatorSpec['direction'],
    warning: r.warning === null ? null : Number(r.warning), alarm: r.alarm === null ? null : Number(r.alarm), minVolume: Number(r.min_volume),
    riskType: r.risk_type as RiskType, dueHours: r.due_hours, ownerRole: r.owner_role,
    ...(r.ewma ? { ewma: { ...DEFAULT_EWMA, ...(r.ewma as Record<string, number>) } } : {}),
  };
}

interface ScopeReading {
  label: string;
  unitPath: string | null;
  reading: Reading;
}

const DIM_OF: Partial<Record<ScopeType, Dim>> = { product: 'product', category: 'category', channel: 'channel', business_code: 'business_code', reason_code: 'reason_code' };
const endOf = (p: Period): CivilDate => addDays(p.end, -1);

/** Readings per scope key for one period. Keys: '' (institution), unit id, or the dimension value. */
async function readings(db: Kysely<DB>, spec: IndicatorSpec, p: Period, now: Date, withLabels = true): Promise<Map<string, ScopeReading>> {
  const out = new Map<string, ScopeReading>();
  const root = await singleRootPath(db);
  if (spec.metric in EVENT_METRICS) {
    const upTo = new Date(Math.min(now.getTime(), new Date(startOfDayShanghai(p.end)).getTime()));
    const dim = DIM_OF[spec.scopeType];
    const unitValue = spec.scopeType === 'unit' ? spec.scopeValue : null;
    const unitPath = unitValue ? (await db.selectFrom('org_unit').select('path').where('id', '=', unitValue).executeTakeFirst())?.path : null;
    if (unitValue && !unitPath) return out;
    const key = unitValue
      ? sql`${unitValue}::text`
      : spec.scopeType === 'unit'
        ? sql`split_part(substr(u.path, ${(root ?? '/').length + 1}), '/', 1)`
        : dim ? sql.raw(`COALESCE(${dim === 'product' ? 'c.product_name' : `c.${dim}`}, '')`) : sql`''`;
    const r = await sql<{ key: string | null; n: number }>`
      SELECT ${key} AS key, count(DISTINCT d.complaint_id)::int AS n
      FROM complaint_deadline d JOIN complaint c ON c.id = d.complaint_id LEFT JOIN org_unit u ON u.id = COALESCE(c.org_unit_id, c.handling_unit_id)
      WHERE d.statutory_due_at >= ${startOfDayShanghai(p.start)}::timestamptz AND d.statutory_due_at < ${upTo}
        AND (d.met_at IS NULL OR d.met_at > d.statutory_due_at) AND d.step NOT IN (${sql.join(BREACH_EXCLUDED_STEPS)})
        AND c.merged_into IS NULL ${unitPath ? sql`AND u.path LIKE ${`${unitPath}%`}` : sql``}
      GROUP BY 1`.execute(db);
    for (const x of r.rows) {
      if (x.key === null || (spec.scopeType !== 'institution' && x.key === '')) continue;
      if (spec.scopeValue !== null && !unitValue && x.key !== spec.scopeValue) continue;
      out.set(x.key, { label: x.key, unitPath: null, reading: { value: x.n, volume: x.n } });
    }
  } else {
    const def = METRIC_BY_ID.get(spec.metric)!;
    const f: QueryFilter = { from: p.start, to: endOf(p), scope: { unitId: null, path: null } };
    const by: Dim | 'unit' | null = spec.scopeType === 'institution' ? null : spec.scopeType === 'unit' ? 'unit' : DIM_OF[spec.scopeType]!;
    let rows: Array<{ key: string; sums: Sums }>;
    if (by === null) rows = [{ key: '', sums: await metricSums(db, f) }];
    else if (by === 'unit' && spec.scopeValue !== null) {
      const u = await db.selectFrom('org_unit').select(['id', 'path']).where('id', '=', spec.scopeValue).executeTakeFirst();
      if (!u) return out;
      rows = [{ key: u.id, sums: await metricSums(db, { ...f, scope: { unitId: u.id, path: u.path } }) }];
    } else {
      if (by !== 'unit' && spec.scopeValue !== null) Object.assign(f, { dim: by, val: spec.scopeValue });
      // '' is "no unit" / "not classified": not a scope anyone owns.
      rows = (await metricBreakdown(db, f, by)).filter((x) => x.key !== '' && x.key !== 'none');
    }
    const den = def.kind === 'per' ? await denominatorsFor(db, rows.map((x) => x.key || null), endOf(p)) : null;
    for (const x of rows) {
      const value = metricValue(def, x.sums, den?.get(x.key || null) ?? {});
      const volume = def.kind === 'ratio' || def.kind === 'mean' ? (x.sums[def.den!] ?? 0) : def.kind === 'per' ? (x.sums[def.num] ?? 0) : (value ?? 0);
      out.set(x.key, { label: x.key, unitPath: null, reading: { value, volume } });
    }
  }
  if (!withLabels) return out;
  if (spec.scopeType === 'unit') {
    const ids = [...out.keys()].filter((k) => k);
    const units = ids.length ? await db.selectFrom('org_unit').select(['id', 'name', 'path']).where('id', 'in', ids).execute() : [];
    for (const u of units) Object.assign(out.get(u.id)!, { label: u.name, unitPath: u.path });
  } else if (spec.scopeType === 'institution') {
    out.set('', { ...(out.get('') ?? { reading: { value: 0, volume: 0 } }), label: '全机构', unitPath: null });
  } else {
    const labels = await labelsFor(db, DIM_OF[spec.scopeType]!, [...out.keys()]);
    for (const [k, v] of out) v.label = labels.get(k)?.zh ?? k;
  }
  return out;
}

/** Counts per scope key for the `history` periods before `p` (oldest first, zero-filled). */
async function history(db: Kysely<DB>, spec: IndicatorSpec, p: Period, now: Date): Promise<Map<string, number[]>> {
  const n = (spec.ewma ?? DEFAULT_EWMA).history;
  const starts: CivilDate[] = [];
  for (let s = p.start, k = 0; k < n; k++) starts.unshift((s = previousBucket(s, spec.window)));
  const out = new Map<string, number[]>();
  for (const [k, s] of starts.entries()) {
    const r = await readings(db, spec, { start: s, end: starts[k + 1] ?? p.start }, now, false);
    for (const [key, v] of r) {
      if (!out.has(key)) out.set(key, new Array<number>(n).fill(0));
      out.get(key)![k] = v.reading.value ?? 0;
    }
  }
  return out;
}

export interface EvaluationResult {
  indicators: number;
  raised: number;
  escalated: number;
}

export interface EvaluateOptions {
  /** `events`: only indicators on event metrics (`breach_events`), read live from the deadline rows — no rollup refresh,
   * so it is cheap enough to run every minute and right after an SLA breach; `rollups`: only the other indicators
   * (rollups refreshed first). Default: all. */
  only?: 'events' | 'rollups';
  /** Instants whose periods are evaluated too (besides the current and the previous one), e.g. the statutory due time
   * of a breach relayed late. Instants after `now` are ignored. */
  at?: readonly Date[];
}

export const isEventIndicator = (metric: string): boolean => metric in EVENT_METRICS;

function periodsToEvaluate(spec: IndicatorSpec, now: Date, at: readonly Date[]): Period[] {
  const { current, previous } = periodsAt(now, spec.window);
  const out = [previous, current];
  for (const t of at) {
    if (t.getTime() > now.getTime()) continue;
    const p = periodsAt(t, spec.window).current;
    if (!out.some((x) => x.start === p.start)) out.unshift(p);
  }
  return out;
}

/** Evaluates the active indicators at `now` (all, or only event / rollup indicators); refreshes the rollups first
 * unless only event indicators are evaluated. A crossing raises a warning once (unique indicator × scope × period). */
export async function evaluateRisk(deps: Deps, now: Date, opts: EvaluateOptions = {}): Promise<EvaluationResult> {
  if (opts.only !== 'events') await refreshMetrics(deps.db, now);
  const db = adb(deps.db);
  const rows = (await db.selectFrom('risk_indicator').selectAll().where('active', '=', true).orderBy('code').execute())
    .filter((r) => !opts.only || (opts.only === 'events') === isEventIndicator(r.metric));
  const result: EvaluationResult = { indicators: rows.length, raised: 0, escalated: 0 };
  for (const row of rows) {
    const spec = specOf(row);
    for (const p of periodsToEvaluate(spec, now, opts.at ?? [])) {
      const cur = await readings(deps.db, spec, p, now);
      const prev = spec.mode === 'growth' ? await readings(deps.db, spec, { start: previousBucket(p.start, spec.window), end: p.start }, now) : null;
      const hist = spec.mode === 'ewma' ? await history(deps.db, spec, p, now) : null;
      for (const [key, r] of cur) {
        const crossing = evaluateReading(spec, r.reading, prev?.get(key)?.reading ?? (prev ? { value: 0, volume: 0 } : null), hist?.get(key) ?? []);
        if (!crossing) continue;
        const done = await raiseWarning(deps, now, row, spec, key, r, p, crossing);
        if (done === 'raised') result.raised++;
        if (done === 'escalated') result.escalated++;
      }
    }
  }
  return result;
}

async function ownerFor(deps: Deps, row: IndicatorRow, unitPath: string | null): Promise<string | null> {
  if (row.owner_user_id) return row.owner_user_id;
  const cands = await sql<{ id: string; path: string }>`
    SELECT a.id, u.path FROM app_user a JOIN user_role r ON r.user_id = a.id JOIN org_unit u ON u.id = a.org_unit_id
    WHERE r.role = ${row.owner_role} AND a.status = 'active' ORDER BY length(u.path), a.username`.execute(deps.db);
  const within = unitPath ? cands.rows.filter((c) => unitPath.startsWith(c.path)).sort((a, b) => b.path.length - a.path.length) : [];
  return (within[0] ?? cands.rows[0])?.id ?? null;
}

async function raiseWarning(deps: Deps, now: Date, row: IndicatorRow, spec: IndicatorSpec, key: string, r: ScopeReading, p: Period, c: Crossing): Promise<'raised' | 'escalated' | null> {
  const ownerId = await ownerFor(deps, row, r.unitPath);
  return deps.db.transaction().execute(async (trx) => {
    const t = atrx(trx);
    const plan = await t.selectFrom('contingency_plan').select(['id', 'checklist']).where('risk_type', '=', spec.riskType).executeTakeFirst();
    const dueAt = new Date(now.getTime() + spec.dueHours * 3_600_000);
    const ins = await sql<{ id: string }>`
      INSERT INTO risk_warning (indicator_id, scope_key, scope_label, unit_path, period_start, period_end, level, observed, threshold, baseline,
                                owner_id, due_at, plan_id, checklist, raised_at)
      VALUES (${row.id}, ${key}, ${r.label}, ${r.unitPath}, ${p.start}::date, ${p.end}::date, ${c.level}, ${c.observed}, ${c.threshold}, ${c.baseline},
              ${ownerId}, ${dueAt}, ${plan?.id ?? null}, ${JSON.stringify(checklistFrom(plan?.checklist ?? []))}::jsonb, ${now})
      ON CONFLICT (indicator_id, scope_key, period_start) DO NOTHING RETURNING id`.execute(trx);
    let id = ins.rows[0]?.id;
    let kind: 'raised' | 'escalated' | null = id ? 'raised' : null;
    if (!id && c.level === 'alarm') {
      const up = await sql<{ id: string }>`
        UPDATE risk_warning SET level = 'alarm', observed = ${c.observed}, threshold = ${c.threshold}, escalated_at = ${now}
        WHERE indicator_id = ${row.id} AND scope_key = ${key} AND period_start = ${p.start}::date AND level = 'warning' AND state <> 'resolved'
        RETURNING id`.execute(trx);
      id = up.rows[0]?.id;
      kind = id ? 'escalated' : null;
    }
    if (!id || !kind) return null;
    const data = { indicator: spec.code, level: c.level, scope: { type: spec.scopeType, key, label: r.label }, periodStart: p.start, periodEnd: p.end,
      observed: c.observed, threshold: c.threshold, baseline: c.baseline, ownerId, dueAt: dueAt.toISOString() };
    const ctx = systemCtx(now);
    await appendAudit(trx, ctx, { entityType: 'risk_warning', entityId: id, kind: kind === 'raised' ? 'RISK_WARNING_RAISED' : 'RISK_WARNING_ESCALATED', data });
    await enqueue(trx, { topic: `risk_warning.${kind}`, aggregateType: 'risk_warning', aggregateId: id, payload: { warningId: id, ...data } }, now);
    return kind;
  });
}
