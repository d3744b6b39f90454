// SLA sweep on a large PostgreSQL database: N open complaints (default 1,000,000, received in the last 36 hours,
// so none is decided yet) of which exactly D (default 1,000) have a step that became due since the last sweep;
// times one sweepSla(deps, now) — target < 1 s — and checks it fired exactly D.
//
// Steady state before the timed sweep, as if sweeps had run until a minute ago: every open step is scheduled at
// its at-risk instant (80 % of its window) if that is still ahead; steps already past it are marked fired
// (at-risk, and breached when past due) and scheduled for their due time or not at all. Then D complaints are
// picked at random and one of their past-risk steps is "un-fired" and scheduled a few seconds ago.
//
// Run:  npm run bench:sweep -- [--n 1000000] [--due 1000] [--keep] [--db kesu_bench_sweep]
// PostgreSQL server: KESU_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { sql } from 'kysely';
import { sweepSla } from '../src/worker/jobs/sla-sweep.ts';
import { AT_RISK_FRACTION } from '../src/app/complaints/deadlines.ts';
import { complaintCount, generate, maint, openBigDb } from './lib/bigdb.ts';
import { flags, fmt, table } from './lib/stats.ts';

const f = flags();
const n = f.num('n', 1_000_000);
const due = f.num('due', 1000);
const keep = f.has('keep');
const NOW = new Date('2026-11-27T10:00:00+08:00');
const now = sql`${NOW.toISOString()}::timestamptz`;

const big = await openBigDb('sweep', f.get('db'));
const db = big.database.db;
console.log(`database ${big.name}${big.created ? ' (new)' : ' (reused)'}`);
let exitCode = 0;
try {
  const have = await complaintCount(db);
  if (have === 0) {
    console.log(`generating ${n.toLocaleString()} open complaints received in the last 36 hours…`);
    const g = await generate(db, { n, seed: 21, from: new Date(NOW.getTime() - 36 * 3600_000), to: new Date(NOW.getTime() - 60_000), now: NOW });
    console.log(`generation: ${g.complaints.toLocaleString()} complaints, ${g.deadlines.toLocaleString()} deadline rows in ${fmt(g.ms / 1000)} s`);
  } else console.log(`reusing ${have.toLocaleString()} complaints`);

  let t0 = performance.now();
  // Bulk preparation on a maintenance connection (no 30 s statement timeout); NOW is a constant literal.
  const now_ = `'${NOW.toISOString()}'::timestamptz`;
  const risk = `starts_at + (effective_due_at - starts_at) * ${AT_RISK_FRACTION}`;
  const watched = `met_at IS NULL AND step <> 'reviewRequest' AND complaint_id IN (SELECT id FROM complaint WHERE closed_at IS NULL AND state NOT IN ('closed', 'archived', 'merged'))`;
  await maint(big.url,
    // Reset a reused database, then schedule (and fire what earlier sweeps would have fired) as the sweep itself does.
    `UPDATE complaint_deadline SET next_check_at = NULL, at_risk_fired_at = NULL, breached_fired_at = NULL, statutory_warn_at = NULL, statutory_warned_at = NULL
      WHERE next_check_at IS NOT NULL OR at_risk_fired_at IS NOT NULL OR statutory_warn_at IS NOT NULL`,
    `UPDATE complaint_deadline SET
      next_check_at = CASE WHEN ${risk} > ${now_} THEN ${risk} WHEN effective_due_at > ${now_} THEN effective_due_at ELSE NULL END,
      at_risk_fired_at = CASE WHEN ${risk} <= ${now_} THEN ${risk} END,
      breached_fired_at = CASE WHEN effective_due_at <= ${now_} THEN effective_due_at END
     WHERE ${watched}`,
    // D complaints with a step past its at-risk instant: un-fire one step each, scheduled a few seconds ago.
    `UPDATE complaint_deadline d SET at_risk_fired_at = NULL, breached_fired_at = NULL,
      next_check_at = ${now_} - interval '5 seconds' - random() * interval '50 seconds'
     FROM (SELECT DISTINCT ON (complaint_id) complaint_id, step FROM (
             SELECT complaint_id, step FROM complaint_deadline WHERE at_risk_fired_at IS NOT NULL AND ${watched}
             ORDER BY md5(complaint_id::text || step) LIMIT ${due * 3}) s
           ORDER BY complaint_id LIMIT ${due}) p
     WHERE d.complaint_id = p.complaint_id AND d.step = p.step`,
    'VACUUM (ANALYZE) complaint_deadline',
    'VACUUM (ANALYZE) complaint',
  );
  const shape = (await sql<{ open: number; scheduled: number; due: number; breaching: number }>`
    SELECT (SELECT count(*) FROM complaint WHERE closed_at IS NULL)::int AS open,
           (SELECT count(*) FROM complaint_deadline WHERE next_check_at IS NOT NULL)::int AS scheduled,
           (SELECT count(DISTINCT complaint_id) FROM complaint_deadline WHERE next_check_at <= ${now})::int AS due,
           (SELECT count(*) FROM complaint_deadline WHERE next_check_at <= ${now} AND effective_due_at <= ${now})::int AS breaching`.execute(db)).rows[0]!;
  if (shape.due < due) throw new Error(`only ${shape.due} complaints have a step past its at-risk instant (need ${due}); generate more`);
  console.log(`prepared in ${fmt((performance.now() - t0) / 1000)} s: ${shape.open.toLocaleString()} open complaints, ${shape.scheduled.toLocaleString()} scheduled deadline rows, ${shape.due.toLocaleString()} complaints due now (${shape.breaching} of the due steps are breaches)`);
  const before = (await sql<{ a: number; o: number }>`SELECT (SELECT count(*) FROM audit_entry)::int AS a, (SELECT count(*) FROM outbox)::int AS o`.execute(db)).rows[0]!;

  t0 = performance.now();
  const r = await sweepSla(big.deps, NOW);
  const ms = performance.now() - t0;
  const after = (await sql<{ a: number; o: number; left: number }>`SELECT (SELECT count(*) FROM audit_entry)::int AS a, (SELECT count(*) FROM outbox)::int AS o,
    (SELECT count(*) FROM complaint_deadline WHERE next_check_at <= ${now})::int AS left`.execute(db)).rows[0]!;
  t0 = performance.now();
  const again = await sweepSla(big.deps, NOW);
  const idleMs = performance.now() - t0;

  console.log(`\nsweepSla on ${shape.open.toLocaleString()} open complaints, ${shape.due.toLocaleString()} due\n`);
  console.log(table(['measure', 'value'], [
    ['one sweep (ms)', fmt(ms, 0)],
    ['target', '< 1,000 ms: ' + (ms < 1000 ? 'met' : 'MISSED')],
    ['at-risk fired', String(r.atRisk)],
    ['breached fired', String(r.breached)],
    ['statutory-near fired', String(r.statutoryNear)],
    ['escalated', String(r.escalated)],
    ['audit entries written', String(after.a - before.a)],
    ['outbox events written', String(after.o - before.o)],
    ['due rows left after the sweep', String(after.left)],
    ['a second sweep, nothing due (ms)', fmt(idleMs, 1)],
  ]));
  const fired = r.atRisk + r.breached;
  if (fired !== due || after.left !== 0 || again.atRisk + again.breached !== 0) {
    console.log(`\nFAIL: expected exactly ${due} firings and nothing left (fired ${fired}, left ${after.left}, second sweep fired ${again.atRisk + again.breached})`);
    exitCode = 1;
  }
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await big.close(keep);
  if (keep) console.log(`kept database ${big.url}`);
}
process.exit(exitCode);
