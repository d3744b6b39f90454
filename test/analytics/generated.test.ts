import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { analyticsDatabase } from './support.ts';
import { generateComplaints } from '../../src/app/analytics/generate.ts';
import { refreshMetrics } from '../../src/app/analytics/rollup.ts';
import { complaintMeasures, MEASURES } from '../../src/core/metrics/measures.ts';
import { DIMS } from '../../src/app/analytics/rollup-sql.ts';

let d: Awaited<ReturnType<typeof analyticsDatabase>>;
const now = new Date('2025-04-01T00:00:00+08:00');
let inserted = 0;

before(async () => {
  d = await analyticsDatabase();
  inserted = (await generateComplaints(d.db, { n: 600, seed: 3, from: '2025-01-01T00:00:00+08:00', to: now })).complaints;
  await refreshMetrics(d.db, now);
});
after(async () => d?.drop());

test('the generator yields every lifecycle state, both clocks, repeats, referrals and mass complaints', async () => {
  assert.ok(inserted >= 590);
  const states = (await sql<{ state: string }>`SELECT DISTINCT state FROM complaint`.execute(d.db)).rows.map((r) => r.state);
  for (const s of ['registered', 'accepted', 'in_progress', 'decided', 'feedback_sent', 'closed', 'archived', 'merged']) assert.ok(states.includes(s), s);
  const r = await sql<{ both: number; rep: number; reg: number }>`SELECT
    (SELECT count(*)::int FROM complaint_deadline WHERE policy_due_at IS NOT NULL AND statutory_due_at IS NOT NULL) AS both,
    (SELECT count(*)::int FROM complaint WHERE repeat_of IS NOT NULL) AS rep,
    (SELECT count(*)::int FROM complaint WHERE channel = 'regulator' AND referral_source IS NOT NULL) AS reg`.execute(d.db);
  assert.ok(r.rows[0]!.both > 100 && r.rows[0]!.rep > 10 && r.rows[0]!.reg > 20, JSON.stringify(r.rows[0]));
});

test('the rollup SQL counts every measure exactly as the reference definition does, complaint by complaint', async () => {
  const complaints = await d.db.selectFrom('complaint').selectAll().where('merged_into', 'is', null).where('state', '!=', 'merged').execute();
  const deadlines = await d.db.selectFrom('complaint_deadline').selectAll().execute();
  const facts = new Map((await sql<Record<string, unknown> & { complaint_id: string }>`SELECT * FROM metric_fact`.execute(d.db)).rows.map((r) => [r.complaint_id, r]));
  assert.equal(facts.size, complaints.length);
  let checked = 0;
  for (const c of complaints) {
    const expected = complaintMeasures({
      closedAt: c.closed_at, acceptedAt: c.accepted_at, decision: c.decision, satisfaction: c.satisfaction, review: c.review,
      decisionNotifiedAt: c.decision_notified_at, reviewRequestedAt: c.review_requested_at, reviewDecidedAt: c.review_decided_at, repeatOf: c.repeat_of,
      reopenCount: c.reopen_count, reassignmentCount: c.reassignment_count, major: c.major, mass: c.mass, channel: c.channel, referralSource: c.referral_source,
      deadlines: deadlines.filter((x) => x.complaint_id === c.id).map((x) => ({ step: x.step, policyDueAt: x.policy_due_at, statutoryDueAt: x.statutory_due_at, metAt: x.met_at })),
    }, now);
    const row = facts.get(c.id)!;
    for (const m of MEASURES) assert.equal(Number(row[m]), expected[m], `${m} of ${c.tracking_no}`);
    checked++;
  }
  assert.equal(checked, complaints.length);
});

test('each dimension of the daily and monthly rollups adds up to the same totals as the facts', async () => {
  const facts = await sql<{ n: number; resolved: number; stat_breach: number }>`SELECT sum(n)::int AS n, sum(resolved)::int AS resolved, sum(stat_breach)::int AS stat_breach FROM metric_fact`.execute(d.db);
  for (const table of ['metric_daily', 'metric_monthly']) {
    const r = await sql<{ dim: string; n: number; resolved: number; stat_breach: number }>`
      SELECT dim, sum(n)::int AS n, sum(resolved)::int AS resolved, sum(stat_breach)::int AS stat_breach FROM ${sql.table(table)} GROUP BY dim`.execute(d.db);
    assert.equal(r.rows.length, DIMS.length + 1);
    for (const x of r.rows) assert.deepEqual({ n: x.n, resolved: x.resolved, stat_breach: x.stat_breach }, facts.rows[0], `${table} ${x.dim}`);
  }
});

test('an incremental refresh after many changes gives the same rollups as a full rebuild', async () => {
  const later = new Date(now.getTime() + 3_600_000);
  await sql`UPDATE complaint SET reassignment_count = reassignment_count + 1, category = 'other', updated_at = ${later}
    WHERE id IN (SELECT id FROM complaint ORDER BY tracking_no LIMIT 150)`.execute(d.db);
  await refreshMetrics(d.db, new Date(later.getTime() + 60_000));
  const snapshot = async () => (await sql`SELECT * FROM metric_daily ORDER BY dim, day, unit_id, val`.execute(d.db)).rows;
  const incremental = await snapshot();
  await refreshMetrics(d.db, new Date(later.getTime() + 60_000), { full: true });
  assert.deepEqual(await snapshot(), incremental);
});
