// Dashboard latency on a large data set. Creates its own database on a PostgreSQL server, generates N complaints
// (default 1,000,000) over two years, builds the rollups, then times the dashboard queries (p50/p95) and an
// incremental refresh. Drops the database at the end (KESU_BENCH_KEEP=1 keeps it; KESU_BENCH_REUSE=<name> runs the
// timings again on a kept database without generating or rebuilding, unless KESU_BENCH_FULL=1).
// Run: KESU_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/dashboard.ts [N]
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { up as analyticsUp } from '../src/db/migrations/0100-analytics.ts';
import { systemCtx } from '../src/app/context.ts';
import type { Deps } from '../src/app/deps.ts';
import type { Keyring } from '../src/security/keyring.ts';
import { refreshMetrics } from '../src/app/analytics/rollup.ts';
import { dashboardBreakdown, dashboardSeries, dashboardSummary } from '../src/app/analytics/dashboard.ts';
import { evaluateRisk } from '../src/app/analytics/risk.ts';
import { buildRegulatoryReport } from '../src/app/analytics/regulatory.ts';
import { writeWorkbook } from '../src/app/analytics/workbook.ts';
import { PassThrough } from 'node:stream';
import { generateComplaints } from '../src/app/analytics/generate.ts';

const adminUrl = process.env.KESU_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const n = Number(process.argv[2] ?? process.env.KESU_BENCH_N ?? 1_000_000);
const reuse = process.env.KESU_BENCH_REUSE ?? null;
const name = reuse ?? `kesu_bench_${process.pid}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;

async function admin(q: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

const ms = (t0: number) => Math.round(performance.now() - t0);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

if (!reuse) await admin(`CREATE DATABASE "${name}"`);
const database = await openDatabase({ databaseUrl: url.toString(), poolMax: 4 });
try {
  if (!reuse) await migrateToLatest(database.db as never);
  const has = await sql<{ t: string | null }>`SELECT to_regclass('metric_fact')::text AS t`.execute(database.db);
  if (!has.rows[0]?.t) await analyticsUp(database.db as never);
  const now = new Date('2026-01-01T00:00:00+08:00');
  const deps: Deps = { db: database.db, keyring: null as unknown as Keyring, clock: () => now };
  const ctx = systemCtx(now);

  let t0 = performance.now();
  let last = 0;
  const gen = reuse ? { complaints: n, deadlines: 0, units: [] } : await generateComplaints(database.db, {
    n, seed: 42, from: '2024-01-01T00:00:00+08:00', to: now, now,
    onProgress: (done) => {
      if (done - last >= 100_000 || done === n) {
        last = done;
        process.stdout.write(`  generated ${done.toLocaleString()} (${ms(t0)} ms)\n`);
      }
    },
  });
  console.log(`generate: ${gen.complaints.toLocaleString()} complaints, ${gen.deadlines.toLocaleString()} deadlines, ${gen.units.length} units in ${ms(t0)} ms`);

  t0 = performance.now();
  const full = await refreshMetrics(database.db, now, { full: !reuse || process.env.KESU_BENCH_FULL === '1' });
  const size = await sql<{ d: number; m: number; f: number }>`SELECT (SELECT count(*) FROM metric_daily)::int AS d, (SELECT count(*) FROM metric_monthly)::int AS m, (SELECT count(*) FROM metric_fact)::int AS f`.execute(database.db);
  console.log(`${full.mode} rollup build: ${ms(t0)} ms (${full.complaints.toLocaleString()} facts, ${size.rows[0]!.d.toLocaleString()} daily rows, ${size.rows[0]!.m.toLocaleString()} monthly rows)`);
  // What autovacuum would do after a bulk load: visibility map and hint bits, so the first readers do not pay.
  await sql`VACUUM (ANALYZE) metric_daily, metric_monthly`.execute(database.db);

  const branch = (await database.db.selectFrom('org_unit').select('id').where('level', '=', 'branch').orderBy('code').executeTakeFirstOrThrow()).id;
  const queries: Array<[string, () => Promise<unknown>]> = [
    ['summary, institution, one month', () => dashboardSummary(deps, ctx, { from: '2025-12-01', to: '2025-12-31' })],
    ['summary, institution, one year', () => dashboardSummary(deps, ctx, { from: '2025-01-01', to: '2025-12-31' })],
    ['summary, institution, 2 years (ragged ends)', () => dashboardSummary(deps, ctx, { from: '2024-01-15', to: '2025-12-20' })],
    ['summary, one branch subtree, one year', () => dashboardSummary(deps, ctx, { from: '2025-01-01', to: '2025-12-31', unitId: branch })],
    ['summary, product = 信用卡, one quarter', () => dashboardSummary(deps, ctx, { from: '2025-10-01', to: '2025-12-31', dim: 'product', val: '信用卡' })],
    ['series by day, 90 days', () => dashboardSeries(deps, ctx, { from: '2025-10-03', to: '2025-12-31', granularity: 'day' })],
    ['series by week, one year', () => dashboardSeries(deps, ctx, { from: '2025-01-01', to: '2025-12-31', granularity: 'week' })],
    ['series by month, 2 years', () => dashboardSeries(deps, ctx, { from: '2024-01-01', to: '2025-12-31', granularity: 'month' })],
    ['series by quarter, 2 years, one branch', () => dashboardSeries(deps, ctx, { from: '2024-01-01', to: '2025-12-31', granularity: 'quarter', unitId: branch })],
    ['breakdown by unit, one year', () => dashboardBreakdown(deps, ctx, { from: '2025-01-01', to: '2025-12-31', by: 'unit' })],
    ['breakdown by product, one year', () => dashboardBreakdown(deps, ctx, { from: '2025-01-01', to: '2025-12-31', by: 'product' })],
    ['breakdown by JR/T channel code, one month', () => dashboardBreakdown(deps, ctx, { from: '2025-12-01', to: '2025-12-31', by: 'channel_code' })],
    ['breaches by handler, one quarter (sorted)', () => dashboardBreakdown(deps, ctx, { from: '2025-10-01', to: '2025-12-31', by: 'handler', sort: 'statutory_breaches', metrics: ['received', 'policy_breaches', 'statutory_breaches'] })],
    ['breaches by handling unit, 2 years', () => dashboardBreakdown(deps, ctx, { from: '2024-01-01', to: '2025-12-31', by: 'handling_unit', metrics: ['received', 'policy_breaches', 'statutory_breaches'] })],
  ];
  const runs = Number(process.env.KESU_BENCH_RUNS ?? 30);
  console.log(`\ndashboard queries (${runs} runs each, after 3 warm-up runs):`);
  console.log(`${'query'.padEnd(46)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
  for (const [label, q] of queries) {
    for (let k = 0; k < 3; k++) await q();
    const times: number[] = [];
    for (let k = 0; k < runs; k++) {
      const t = performance.now();
      await q();
      times.push(performance.now() - t);
    }
    console.log(`${label.padEnd(46)} ${pct(times, 50).toFixed(1).padStart(8)} ${pct(times, 95).toFixed(1).padStart(8)}`);
  }

  // Incremental refresh: 1,000 complaints change (as a day of handling would), then one refresh.
  await refreshMetrics(database.db, now);
  const later = new Date(now.getTime() + 60_000);
  await sql`UPDATE complaint SET reassignment_count = reassignment_count + 1, updated_at = ${later}
    WHERE id IN (SELECT id FROM complaint ORDER BY received_at DESC LIMIT 1000)`.execute(database.db);
  t0 = performance.now();
  const inc = await refreshMetrics(database.db, new Date(later.getTime() + 1000));
  console.log(`\nincremental refresh after 1,000 changed complaints: ${ms(t0)} ms (${inc.complaints} complaints re-counted)`);

  t0 = performance.now();
  const risk = await evaluateRisk({ ...deps, clock: () => later }, later);
  console.log(`risk evaluation (${risk.indicators} indicators, refresh included): ${ms(t0)} ms, ${risk.raised} warnings raised`);

  t0 = performance.now();
  const rep = await buildRegulatoryReport(database.db, '2025-10-01', '2025-12-31', later);
  const out = new PassThrough().resume();
  await writeWorkbook(rep, out);
  console.log(`regulatory workbook, one quarter (${rep.sheets.length} sheets, ${rep.sheets[5]!.rows.length - 1} major/mass rows): ${ms(t0)} ms`);
} finally {
  await database.close();
  if (!reuse && process.env.KESU_BENCH_KEEP !== '1') await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  else console.log(`kept database ${name}`);
}
