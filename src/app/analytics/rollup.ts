// Keeps the metric rollups current. A refresh takes the complaints changed since the watermark
// (complaint.updated_at, with an overlap for late commits) and those whose deadlines fell due since the last run,
// recomputes their facts, and adds (new − old) to the daily and monthly rollups. Only one process refreshes at a
// time: the watermark row is locked (SKIP LOCKED: a second caller returns at once). The first run, or one after
// `markMetricsStale`, rebuilds everything.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { MEASURES } from '../../core/metrics/measures.ts';
import { deltaSource, factsSelect, KEY_COLUMNS, rollupInsert } from './rollup-sql.ts';

/** Late commits (a transaction that stamped updated_at earlier than it committed) within this are still seen. */
export const REFRESH_OVERLAP_MS = 5 * 60_000;

export interface RefreshResult {
  mode: 'full' | 'incremental' | 'skipped';
  complaints: number;
  ms: number;
}

export async function refreshMetrics(db: Kysely<DB>, now: Date, opts: { full?: boolean } = {}): Promise<RefreshResult> {
  const t0 = performance.now();
  return db.transaction().execute(async (trx) => {
    const wm = await sql<{ watermark: Date | null; as_of: Date | null }>`
      SELECT watermark, as_of FROM metric_watermark WHERE name = 'rollup' FOR UPDATE SKIP LOCKED`.execute(trx);
    const row = wm.rows[0];
    if (!row) return { mode: 'skipped' as const, complaints: 0, ms: performance.now() - t0 };
    let complaints: number;
    let mode: 'full' | 'incremental';
    // A rebuild of millions of rows outlasts the pool's default statement timeout.
    await sql`SET LOCAL statement_timeout = '30min'`.execute(trx);
    if (opts.full || !row.watermark) {
      mode = 'full';
      await sql`TRUNCATE metric_fact, metric_daily, metric_monthly`.execute(trx);
      const r = await sql.raw(`INSERT INTO metric_fact SELECT * FROM (${factsSelect(now, null)}) x ORDER BY day`).execute(trx);
      complaints = Number(r.numAffectedRows ?? 0n);
      await sql.raw(rollupInsert('metric_daily', 'SELECT * FROM metric_fact', false)).execute(trx);
      await sql.raw(rollupInsert('metric_monthly', 'SELECT * FROM metric_fact', false)).execute(trx);
      await sql`ANALYZE metric_daily (dim, day, unit_id, val)`.execute(trx);
      await sql`ANALYZE metric_monthly (dim, day, unit_id, val)`.execute(trx);
    } else {
      mode = 'incremental';
      // Compiling the wide expressions costs more than evaluating them for a few thousand complaints.
      await sql`SET LOCAL jit = off`.execute(trx);
      const since = new Date(row.watermark.getTime() - REFRESH_OVERLAP_MS);
      const dueSince = new Date((row.as_of ?? row.watermark).getTime() - REFRESH_OVERLAP_MS);
      await sql`CREATE TEMP TABLE _metric_changed (id uuid PRIMARY KEY) ON COMMIT DROP`.execute(trx);
      const r = await sql`
        INSERT INTO _metric_changed
        SELECT id FROM complaint WHERE updated_at > ${since}
        UNION SELECT complaint_id FROM complaint_deadline WHERE met_at IS NULL AND policy_due_at > ${dueSince} AND policy_due_at <= ${now}
        UNION SELECT complaint_id FROM complaint_deadline WHERE met_at IS NULL AND statutory_due_at > ${dueSince} AND statutory_due_at <= ${now}`.execute(trx);
      complaints = Number(r.numAffectedRows ?? 0n);
      if (complaints > 0) {
        await sql.raw(`CREATE TEMP TABLE _metric_new ON COMMIT DROP AS ${factsSelect(now, '_metric_changed')}`).execute(trx);
        const delta = deltaSource('_metric_new', '_metric_changed');
        await sql.raw(rollupInsert('metric_daily', delta, true)).execute(trx);
        await sql.raw(rollupInsert('metric_monthly', delta, true)).execute(trx);
        await sql`DELETE FROM metric_daily WHERE n = 0`.execute(trx);
        await sql`DELETE FROM metric_monthly WHERE n = 0`.execute(trx);
        await sql`DELETE FROM metric_fact WHERE complaint_id IN (SELECT id FROM _metric_changed)`.execute(trx);
        const cols = ['complaint_id', ...KEY_COLUMNS, ...MEASURES].join(', ');
        await sql.raw(`INSERT INTO metric_fact (${cols}) SELECT ${cols} FROM _metric_new`).execute(trx);
      }
    }
    await sql`UPDATE metric_watermark SET watermark = ${now}, as_of = ${now}, updated_at = ${now} WHERE name = 'rollup'`.execute(trx);
    return { mode, complaints, ms: performance.now() - t0 };
  });
}

/** Forces the next refresh to rebuild everything (after bulk loads that bypass updated_at). */
export async function markMetricsStale(db: Kysely<DB>): Promise<void> {
  await sql`UPDATE metric_watermark SET watermark = NULL WHERE name = 'rollup'`.execute(db);
}

/** When the rollups were last refreshed (null: never). */
export async function metricsAsOf(db: Kysely<DB>): Promise<Date | null> {
  const r = await sql<{ as_of: Date | null }>`SELECT as_of FROM metric_watermark WHERE name = 'rollup'`.execute(db);
  return r.rows[0]?.as_of ?? null;
}
