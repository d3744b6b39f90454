// Dashboard queries over the rollups. A date range is read from the monthly rollup for its whole months and from
// the daily rollup for the days around them, so a year costs about as much as a month. Scope = an org unit and
// its subtree (materialised path); one optional dimension filter (e.g. product = X) narrows every query.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { emptySums, MEASURES, type Sums } from '../../core/metrics/measures.ts';
import { splitForRollup, type CivilDate, type Granularity } from '../../core/metrics/periods.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { DIMS, type Dim } from './rollup-sql.ts';
import { NO_UNIT } from './tables.ts';

export interface Scope {
  /** Unit whose subtree is in scope; null = the whole institution (including complaints with no unit). */
  unitId: string | null;
  path: string | null;
}

export interface QueryFilter {
  from: CivilDate;
  to: CivilDate;
  scope: Scope;
  dim?: Dim | null;
  val?: string | null;
  /** Measures to sum (default: all); the others read as 0. */
  measures?: readonly string[] | null;
}

/** `sum(m)::bigint AS m` for the measures asked for (always including n). */
function sums(f: QueryFilter): RawBuilder<unknown> {
  const wanted = new Set(['n', ...(f.measures ?? MEASURES)]);
  return sql.raw(MEASURES.filter((m) => wanted.has(m)).map((m) => `sum(${m})::bigint AS ${m}`).join(', '));
}

/** Runs dashboard reads without JIT and parallel workers: rollup reads touch a few thousand rows, where compiling
 * the wide sums or starting workers costs more than it saves. */
async function read<T>(db: Kysely<DB>, fn: (q: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().setAccessMode('read only').execute(async (trx) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
    return fn(trx);
  });
}

export function isDim(x: unknown): x is Dim {
  return (DIMS as readonly string[]).includes(x as string);
}

/** The scope a caller may query: the unit asked for (inside the caller's own subtree), else the caller's unit. */
export async function resolveScope(db: Kysely<DB>, ctx: Ctx, unitId?: string | null): Promise<Scope> {
  const own = ctx.actor.orgPath;
  if (unitId) {
    const u = await db.selectFrom('org_unit').select(['id', 'path']).where('id', '=', unitId).executeTakeFirst();
    if (!u || (own && !u.path.startsWith(own))) throw new AppError('ORG_UNIT_NOT_FOUND');
    return { unitId: u.id, path: u.path };
  }
  if (own && ctx.actor.orgUnitId) return { unitId: ctx.actor.orgUnitId, path: own };
  return { unitId: null, path: null };
}

function rowsOf(table: 'metric_daily' | 'metric_monthly', f: QueryFilter, days: RawBuilder<unknown>): RawBuilder<unknown> {
  const unit = f.scope.path ? sql`AND unit_id IN (SELECT id FROM org_unit WHERE path LIKE ${`${f.scope.path}%`})` : sql``;
  const val = f.dim && f.val !== undefined && f.val !== null ? sql`AND val = ${f.val}` : sql``;
  return sql`SELECT * FROM ${sql.table(table)} WHERE dim = ${f.dim ?? ''} ${val} AND ${days} ${unit}`;
}

/** Rollup rows of the range: monthly for whole months (unless `dailyOnly`), daily for the rest. */
function source(f: QueryFilter, dailyOnly = false): RawBuilder<unknown> {
  if (dailyOnly) return rowsOf('metric_daily', f, sql`day BETWEEN ${f.from}::date AND ${f.to}::date`);
  const split = splitForRollup(f.from, f.to);
  const parts: RawBuilder<unknown>[] = [];
  if (split.months) parts.push(rowsOf('metric_monthly', f, sql`day >= ${split.months[0]}::date AND day < ${split.months[1]}::date`));
  for (const [a, b] of split.days) parts.push(rowsOf('metric_daily', f, sql`day BETWEEN ${a}::date AND ${b}::date`));
  return sql.join(parts, sql` UNION ALL `);
}

function toSums(r: Record<string, unknown>): Sums {
  const s = emptySums();
  for (const m of MEASURES) s[m] = Number(r[m] ?? 0);
  return s;
}

export async function metricSums(db: Kysely<DB>, f: QueryFilter): Promise<Sums> {
  const r = await read(db, (q) => sql<Record<string, unknown>>`SELECT ${sums(f)} FROM (${source(f)}) r`.execute(q));
  return toSums(r.rows[0] ?? {});
}

const TRUNC: Record<Granularity, string> = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

export async function metricSeries(db: Kysely<DB>, f: QueryFilter, g: Granularity): Promise<Array<{ bucket: CivilDate; sums: Sums }>> {
  const r = await read(db, (q) => sql<Record<string, unknown> & { bucket: string }>`
    SELECT to_char(date_trunc(${TRUNC[g]}, day::timestamp), 'YYYY-MM-DD') AS bucket, ${sums(f)}
    FROM (${source(f, g === 'day' || g === 'week')}) r GROUP BY 1 ORDER BY 1`.execute(q));
  return r.rows.map((x) => ({ bucket: x.bucket, sums: toSums(x) }));
}

/**
 * Sums per value of a dimension, or per child unit of the scope (`unit`: each child's subtree; '' = complaints of
 * the scope unit itself; 'none' = complaints with no unit, institution scope only). With `g`, per bucket too.
 */
export async function metricBreakdown(db: Kysely<DB>, f: QueryFilter, by: Dim | 'unit', g?: Granularity): Promise<Array<{ key: string; bucket: string | null; sums: Sums }>> {
  const bucket = g ? sql`to_char(date_trunc(${TRUNC[g]}, day::timestamp), 'YYYY-MM-DD')` : sql`NULL::text`;
  const dailyOnly = g === 'day' || g === 'week';
  let r;
  if (by !== 'unit') {
    if (f.dim && f.dim !== by) throw new AppError('VALIDATION_FAILED', { fields: ['by'], problem: 'filter and breakdown must use the same dimension' });
    r = await read(db, (q) => sql<Record<string, unknown> & { key: string; bucket: string | null }>`
      SELECT val AS key, ${bucket} AS bucket, ${sums(f)} FROM (${source({ ...f, dim: by }, dailyOnly)}) r
      GROUP BY 1, 2 ORDER BY 2, n DESC, 1`.execute(q));
  } else {
    const parent = f.scope.path ?? (await singleRootPath(db)) ?? '/';
    r = await read(db, (q) => sql<Record<string, unknown> & { key: string; bucket: string | null }>`
      SELECT CASE WHEN r.unit_id = ${NO_UNIT}::uuid THEN 'none' ELSE split_part(substr(u.path, ${parent.length + 1}), '/', 1) END AS key,
        ${bucket} AS bucket, ${sums(f)}
      FROM (${source(f, dailyOnly)}) r LEFT JOIN org_unit u ON u.id = r.unit_id
      GROUP BY 1, 2 ORDER BY 2, n DESC, 1`.execute(q));
  }
  return r.rows.map((x) => ({ key: x.key, bucket: x.bucket, sums: toSums(x) }));
}

export async function singleRootPath(db: Kysely<DB>): Promise<string | null> {
  const roots = await db.selectFrom('org_unit').select('path').where('parent_id', 'is', null).limit(2).execute();
  return roots.length === 1 ? roots[0]!.path : null;
}

/** Latest value (as of `asOf`) of each external denominator for a unit's subtree: the unit's own figure when
 * loaded, else the sum of the nearest loaded figures below it. `unitId` null = the institution (every root). */
export async function denominatorsFor(db: Kysely<DB>, unitIds: Array<string | null>, asOf: CivilDate): Promise<Map<string | null, Record<string, number>>> {
  const units = await db.selectFrom('org_unit').select(['id', 'path', 'parent_id']).execute();
  const loaded = await sql<{ unit_id: string; kind: string; value: number }>`
    SELECT DISTINCT ON (unit_id, kind) unit_id, kind, value FROM metric_denominator WHERE as_of <= ${asOf}::date
    ORDER BY unit_id, kind, as_of DESC`.execute(db);
  const byUnit = new Map<string, Record<string, number>>();
  for (const r of loaded.rows) byUnit.set(r.unit_id, { ...byUnit.get(r.unit_id), [r.kind]: Number(r.value) });
  const pathOf = new Map(units.map((u) => [u.id, u.path]));
  const valueFor = (path: string, kind: string): number | undefined => {
    const ownId = path.split('/').filter(Boolean).pop()!;
    const own = byUnit.get(ownId)?.[kind];
    if (own !== undefined) return own;
    let total: number | undefined;
    for (const u of units) {
      if (u.id === ownId || !u.path.startsWith(path)) continue;
      const v = byUnit.get(u.id)?.[kind];
      if (v === undefined) continue;
      const between = u.path.slice(path.length).split('/').filter(Boolean).slice(0, -1);
      if (between.some((id) => byUnit.get(id)?.[kind] !== undefined)) continue;
      total = (total ?? 0) + v;
    }
    return total;
  };
  const out = new Map<string | null, Record<string, number>>();
  for (const id of unitIds) {
    const rec: Record<string, number> = {};
    for (const kind of ['customers', 'individual_customers', 'branches']) {
      let v: number | undefined;
      if (id === null) {
        for (const root of units.filter((u) => u.parent_id === null)) {
          const rv = valueFor(root.path, kind);
          if (rv !== undefined) v = (v ?? 0) + rv;
        }
      } else {
        const p = pathOf.get(id);
        v = p ? valueFor(p, kind) : undefined;
      }
      if (v !== undefined) rec[kind] = v;
    }
    out.set(id, rec);
  }
  return out;
}

/** Sums per report unit (child of `parentPath`; '' = that unit itself, 'none' = no unit) and dimension value. */
export async function metricUnitByValue(db: Kysely<DB>, f: QueryFilter, dim: Dim | null, parentPath: string): Promise<Array<{ key: string; val: string; sums: Sums }>> {
  const r = await read(db, (q) => sql<Record<string, unknown> & { key: string; val: string }>`
    SELECT CASE WHEN r.unit_id = ${NO_UNIT}::uuid THEN 'none' ELSE split_part(substr(u.path, ${parentPath.length + 1}), '/', 1) END AS key,
      r.val, ${sums(f)}
    FROM (${source({ ...f, dim })}) r LEFT JOIN org_unit u ON u.id = r.unit_id
    GROUP BY 1, 2`.execute(q));
  return r.rows.map((x) => ({ key: x.key, val: x.val, sums: toSums(x) }));
}
