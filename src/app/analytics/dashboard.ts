// Dashboard use cases: a set of metrics for a period and scope, a time series, a breakdown; and the external
// denominators (customers, branches) they are divided by.
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { computeMetrics, DENOMINATOR_KINDS, measuresFor, meetsTarget, METRIC_BY_ID, METRIC_IDS } from '../../core/metrics/definitions.ts';
import { bucketLabel, daysBetween, type CivilDate, type Granularity } from '../../core/metrics/periods.ts';
import { isCivilDate } from '../../core/sla/time.ts';
import { denominatorsFor, isDim, metricBreakdown, metricSeries, metricSums, resolveScope, type QueryFilter } from './query.ts';
import { labelsFor } from './labels.ts';
import { metricsAsOf } from './rollup.ts';
import type { Dim } from './rollup-sql.ts';
import { adb } from './tables.ts';

export interface DashboardInput {
  from: string;
  to: string;
  unitId?: string | null;
  dim?: string | null;
  val?: string | null;
  metrics?: string[] | null;
}

export interface MetricView {
  id: string;
  zh: string;
  en: string;
  value: number | null;
  target: number | null;
  meetsTarget: boolean | null;
}

const MAX_DAYS = 3 * 366;

async function filterFrom(deps: Deps, ctx: Ctx, i: DashboardInput & { sort?: string | null }): Promise<{ f: QueryFilter; ids: string[] }> {
  if (!isCivilDate(i.from) || !isCivilDate(i.to) || i.from > i.to || daysBetween(i.from, i.to) > MAX_DAYS) {
    throw new AppError('VALIDATION_FAILED', { fields: ['from', 'to'], problem: `YYYY-MM-DD, from ≤ to, at most ${MAX_DAYS} days` });
  }
  if (i.dim && !isDim(i.dim)) throw new AppError('VALIDATION_FAILED', { fields: ['dim'] });
  const ids = i.metrics?.length ? i.metrics : [...METRIC_IDS];
  const unknown = ids.filter((m) => !METRIC_BY_ID.has(m));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', { fields: ['metrics'], unknown });
  const scope = await resolveScope(deps.db, ctx, i.unitId);
  const measures = measuresFor(i.sort ? [...ids, i.sort] : ids);
  return { f: { from: i.from, to: i.to, scope, dim: (i.dim as Dim | undefined) ?? null, val: i.val ?? null, measures }, ids };
}

function views(values: Record<string, number | null>): MetricView[] {
  return Object.entries(values).map(([id, value]) => {
    const def = METRIC_BY_ID.get(id)!;
    return { id, zh: def.zh, en: def.en, value, target: def.target?.value ?? null, meetsTarget: meetsTarget(def, value) };
  });
}

export async function dashboardSummary(deps: Deps, ctx: Ctx, i: DashboardInput) {
  const { f, ids } = await filterFrom(deps, ctx, i);
  const sums = await metricSums(deps.db, f);
  const den = f.dim ? {} : ((await denominatorsFor(deps.db, [f.scope.unitId], f.to)).get(f.scope.unitId) ?? {});
  const asOf = await metricsAsOf(deps.db);
  return { from: f.from, to: f.to, unitId: f.scope.unitId, asOf: asOf?.toISOString() ?? null, metrics: views(computeMetrics(sums, ids, den)) };
}

export async function dashboardSeries(deps: Deps, ctx: Ctx, i: DashboardInput & { granularity: Granularity }) {
  const { f, ids } = await filterFrom(deps, ctx, i);
  const rows = await metricSeries(deps.db, f, i.granularity);
  return {
    granularity: i.granularity,
    buckets: rows.map((r) => ({ bucket: r.bucket, label: bucketLabel(r.bucket, i.granularity), values: computeMetrics(r.sums, ids) })),
  };
}

export async function dashboardBreakdown(deps: Deps, ctx: Ctx, i: DashboardInput & { by: string; sort?: string | null; limit?: number }) {
  const by = i.by;
  if (by !== 'unit' && !isDim(by)) throw new AppError('VALIDATION_FAILED', { fields: ['by'] });
  const { f, ids } = await filterFrom(deps, ctx, i);
  const rows = await metricBreakdown(deps.db, f, by);
  const labels = await labelsFor(deps.db, by, rows.map((r) => r.key));
  const den = by === 'unit' && !f.dim ? await denominatorsFor(deps.db, rows.map((r) => (r.key === '' ? f.scope.unitId : r.key)), f.to) : null;
  let out = rows.map((r) => ({
    key: r.key,
    zh: labels.get(r.key)!.zh,
    en: labels.get(r.key)!.en,
    values: computeMetrics(r.sums, ids, r.key === '' || r.key === 'none' ? {} : (den?.get(r.key) ?? {})),
  }));
  if (i.sort) {
    if (!METRIC_BY_ID.has(i.sort)) throw new AppError('VALIDATION_FAILED', { fields: ['sort'] });
    const s = i.sort;
    const all = rows.map((r) => computeMetrics(r.sums, [s])[s] ?? -Infinity);
    out = out.map((o, k) => ({ o, v: all[k]! })).sort((a, b) => b.v - a.v).map((x) => x.o);
  }
  return { by, rows: out.slice(0, i.limit ?? 200) };
}

export interface DenominatorInput {
  unitId: string;
  kind: string;
  asOf: CivilDate;
  value: number;
}

export async function loadDenominators(deps: Deps, ctx: Ctx, rows: DenominatorInput[]): Promise<{ loaded: number }> {
  const bad = rows.flatMap((r, k) =>
    !(DENOMINATOR_KINDS as readonly string[]).includes(r.kind) || !isCivilDate(r.asOf) || !(Number.isFinite(r.value) && r.value >= 0) ? [k] : []);
  if (bad.length) throw new AppError('VALIDATION_FAILED', { fields: ['rows'], rows: bad });
  const units = new Set(rows.map((r) => r.unitId));
  return deps.db.transaction().execute(async (trx) => {
    const found = units.size ? await trx.selectFrom('org_unit').select(['id', 'path']).where('id', 'in', [...units]).execute() : [];
    const own = ctx.actor.orgPath;
    if (found.length !== units.size || (own && found.some((u) => !u.path.startsWith(own)))) throw new AppError('ORG_UNIT_NOT_FOUND');
    for (const r of rows) {
      await sql`INSERT INTO metric_denominator (unit_id, kind, as_of, value, loaded_by, loaded_at)
        VALUES (${r.unitId}, ${r.kind}, ${r.asOf}::date, ${r.value}, ${ctx.actor.id}, ${ctx.now})
        ON CONFLICT (unit_id, kind, as_of) DO UPDATE SET value = EXCLUDED.value, loaded_by = EXCLUDED.loaded_by, loaded_at = EXCLUDED.loaded_at`.execute(trx);
    }
    await appendAudit(trx, ctx, { entityType: 'metric_denominator', entityId: null, kind: 'DENOMINATORS_LOADED', data: { rows: rows.length } });
    return { loaded: rows.length };
  });
}

export async function listDenominators(deps: Deps, ctx: Ctx) {
  let q = adb(deps.db).selectFrom('metric_denominator as d').innerJoin('org_unit as u', 'u.id', 'd.unit_id')
    .select(['d.unit_id', 'u.name', 'd.kind', 'd.as_of', 'd.value']).orderBy('u.path').orderBy('d.kind').orderBy('d.as_of', 'desc');
  if (ctx.actor.orgPath) q = q.where('u.path', 'like', `${ctx.actor.orgPath}%`);
  const rows = await q.execute();
  return rows.map((r) => ({ unitId: r.unit_id, unitName: r.name, kind: r.kind, asOf: fmtDate(r.as_of), value: Number(r.value) }));
}

/** A `date` column read by pg (a Date at local midnight) back to YYYY-MM-DD. */
export function fmtDate(d: Date | string): string {
  if (typeof d === 'string') return d.slice(0, 10);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
