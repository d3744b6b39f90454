import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { analyticsDatabase } from './support.ts';
import { at, insertComplaint, orgTree } from './fixtures.ts';
import { onPostgres } from '../support/db.ts';
import { refreshMetrics } from '../../src/app/analytics/rollup.ts';
import { dashboardBreakdown, dashboardSeries, dashboardSummary, loadDenominators } from '../../src/app/analytics/dashboard.ts';
import { systemCtx } from '../../src/app/context.ts';
import type { Deps } from '../../src/app/deps.ts';
import type { Keyring } from '../../src/security/keyring.ts';
import { permissionsOf } from '../../src/core/access/permissions.ts';

let d: Awaited<ReturnType<typeof analyticsDatabase>>;
let deps: Deps;
let u: Record<string, string>;
const ids: Record<string, string> = {};
const ctx = () => systemCtx(at('2025-04-20T09:00:00'));

before(async () => {
  d = await analyticsDatabase();
  deps = { db: d.db, keyring: null as unknown as Keyring, clock: () => at('2025-04-20T09:00:00') };
  u = await orgTree(d.db);
  ids.c1 = await insertComplaint(d.db, {
    received: '2025-03-03T10:00:00', unit: u.BJ01, channel: 'app', product: '信用卡', category: 'product', business: 'B03', reason: 'C08',
    closed: '2025-03-10T10:00:00', outcome: 'upheld', notified: '2025-03-08T10:00:00', satisfaction: { level: 'satisfied', time: 5, effect: 4, communication: 5, followUp: 4 },
    deadlines: [{ step: 'acknowledge', policy: '2025-03-04T10:00:00', met: '2025-03-03T12:00:00' }, { step: 'decide', policy: '2025-03-12T23:59:59', statutory: '2025-03-18T23:59:59', met: '2025-03-07T10:00:00' }],
  });
  ids.c2 = await insertComplaint(d.db, {
    received: '2025-03-04T09:00:00', unit: u.BJ, channel: 'phone', product: '信用卡', category: 'service', closed: '2025-03-20T10:00:00', outcome: 'not_upheld',
    notified: '2025-03-15T10:00:00', satisfaction: { level: 'dissatisfied' }, reviewRequested: '2025-03-16T10:00:00', reviewDecided: '2025-03-25T10:00:00', review: { outcome: 'overturned' },
    deadlines: [{ step: 'acknowledge', policy: '2025-03-05T09:00:00', met: '2025-03-05T15:00:00' }, { step: 'decide', policy: '2025-03-13T23:59:59', statutory: '2025-03-19T23:59:59', met: '2025-03-14T10:00:00' }],
  });
  ids.c3 = await insertComplaint(d.db, {
    received: '2025-03-05T11:00:00', unit: u.SH, channel: 'branch', product: '房贷', category: 'business', repeatOf: ids.c1,
    deadlines: [{ step: 'acknowledge', policy: '2025-03-06T11:00:00', met: '2025-03-05T12:00:00' }, { step: 'decide', policy: '2025-03-14T23:59:59', statutory: '2025-03-20T23:59:59' }],
  });
  ids.c4 = await insertComplaint(d.db, {
    received: '2025-03-28T10:00:00', unit: u.SH, channel: 'regulator', referral: '12378', mass: true, complainants: 25,
    deadlines: [{ step: 'decide', policy: '2025-04-08T23:59:59', statutory: '2025-04-12T23:59:59' }],
  });
  ids.c5 = await insertComplaint(d.db, { received: '2025-03-10T10:00:00', channel: 'web', closed: '2025-03-12T10:00:00' });
  ids.c6 = await insertComplaint(d.db, { received: '2025-02-27T10:00:00', unit: u.BJ01, product: '理财', closed: '2025-03-05T10:00:00', outcome: 'partly_upheld' });
  ids.c7 = await insertComplaint(d.db, { received: '2025-03-06T10:00:00', unit: u.BJ, state: 'merged', mergedInto: ids.c1 });
  await refreshMetrics(d.db, at('2025-03-31T12:00:00'));
});
after(async () => d?.drop());

const values = (r: { metrics: Array<{ id: string; value: number | null }> }) => Object.fromEntries(r.metrics.map((m) => [m.id, m.value]));

test('March, whole institution: every metric matches the hand count (merged duplicates excluded)', async () => {
  const v = values(await dashboardSummary(deps, ctx(), { from: '2025-03-01', to: '2025-03-31' }));
  assert.equal(v.received, 5);
  assert.equal(v.closed, 3);
  assert.equal(v.open, 2);
  assert.equal(v.resolution_rate, 1 / 2, 'c1 upheld; c2 not upheld and dissatisfied; c5 closed without a decision is left out');
  assert.equal(v.ack_policy_rate, 2 / 3);
  assert.equal(v.dec_policy_rate, 1 / 3, 'c1 in time, c2 late, c3 overdue; c4 not yet due');
  assert.equal(v.dec_statutory_rate, 2 / 3);
  assert.equal(v.ack_statutory_rate, null, 'acknowledgement has no statutory limit');
  assert.equal(v.statutory_breaches, 1);
  assert.equal(v.policy_breaches, 2);
  assert.equal(v.review_rate, 1 / 2);
  assert.equal(v.overturn_rate, 1);
  assert.equal(v.repeat_rate, 1 / 5);
  assert.equal(v.satisfaction_rate, 1 / 2);
  assert.equal(v.sat_time_avg, 5);
  assert.deepEqual([v.mass, v.referrals, v.major], [1, 1, 0]);
});

test('a unit sees its subtree; the breakdown rolls sub-branches up into their branch', async () => {
  const bj = values(await dashboardSummary(deps, ctx(), { from: '2025-03-01', to: '2025-03-31', unitId: u.BJ }));
  assert.equal(bj.received, 2);
  const rows = (await dashboardBreakdown(deps, ctx(), { from: '2025-03-01', to: '2025-03-31', by: 'unit', metrics: ['received'] })).rows;
  assert.deepEqual(Object.fromEntries(rows.map((r) => [r.zh, r.values.received])), { 北京分行: 2, 上海分行: 2, 未归属机构: 1 });
  const staff = systemCtx(at('2025-04-20T09:00:00'));
  staff.actor = { ...staff.actor, type: 'user', id: null, orgUnitId: u.SH!, orgPath: (await d.db.selectFrom('org_unit').select('path').where('id', '=', u.SH!).executeTakeFirstOrThrow()).path, permissions: permissionsOf(['supervisor']) };
  assert.equal(values(await dashboardSummary(deps, staff, { from: '2025-03-01', to: '2025-03-31' })).received, 2, 'defaults to the caller’s own unit');
  await assert.rejects(dashboardSummary(deps, staff, { from: '2025-03-01', to: '2025-03-31', unitId: u.BJ }), /ORG_UNIT_NOT_FOUND|Org unit not found/);
});

test('breakdowns by product and JR/T channel code; a filter narrows a summary', async () => {
  const byProduct = (await dashboardBreakdown(deps, ctx(), { from: '2025-03-01', to: '2025-03-31', by: 'product', metrics: ['received'] })).rows;
  assert.deepEqual(Object.fromEntries(byProduct.map((r) => [r.key, r.values.received])), { 信用卡: 2, 房贷: 1, '': 2 });
  const byCode = (await dashboardBreakdown(deps, ctx(), { from: '2025-03-01', to: '2025-03-31', by: 'channel_code', metrics: ['received'] })).rows;
  assert.deepEqual(Object.fromEntries(byCode.map((r) => [r.key, r.values.received])), { A010303: 1, A010302: 1, A0101: 1, A010301: 1, '': 1 }, 'intake channel stands in for a missing code');
  const card = values(await dashboardSummary(deps, ctx(), { from: '2025-03-01', to: '2025-03-31', dim: 'product', val: '信用卡' }));
  assert.deepEqual([card.received, card.resolution_rate], [2, 1 / 2]);
});

test('ranges read whole months from the monthly rollup and the rest day by day, with the same totals', async () => {
  const whole = values(await dashboardSummary(deps, ctx(), { from: '2025-02-01', to: '2025-03-31' }));
  const ragged = values(await dashboardSummary(deps, ctx(), { from: '2025-02-27', to: '2025-03-31' }));
  const inner = values(await dashboardSummary(deps, ctx(), { from: '2025-02-28', to: '2025-03-27' }));
  assert.deepEqual([whole.received, ragged.received, inner.received], [6, 6, 4]);
  const months = (await dashboardSeries(deps, ctx(), { from: '2025-02-01', to: '2025-03-31', granularity: 'month', metrics: ['received'] })).buckets;
  assert.deepEqual(months.map((b) => [b.label, b.values.received]), [['2025-02', 1], ['2025-03', 5]]);
  const weeks = (await dashboardSeries(deps, ctx(), { from: '2025-03-01', to: '2025-03-31', granularity: 'week', metrics: ['received'] })).buckets;
  assert.deepEqual(weeks.map((b) => [b.label, b.values.received]), [['2025-W10', 3], ['2025-W11', 1], ['2025-W13', 1]]);
});

test('complaints per 10,000 customers use the nearest loaded figures of the subtree', async () => {
  const admin = ctx();
  await loadDenominators(deps, admin, [
    { unitId: u.BJ!, kind: 'customers', asOf: '2025-01-01', value: 10_000 },
    { unitId: u.BJ01!, kind: 'customers', asOf: '2025-01-01', value: 5_000 },
    { unitId: u.SH!, kind: 'customers', asOf: '2025-01-01', value: 30_000 },
  ]);
  const all = values(await dashboardSummary(deps, admin, { from: '2025-03-01', to: '2025-03-31' }));
  assert.equal(all.per_10k_customers, (5 / 40_000) * 10_000, 'BJ counts once (its own figure, not plus BJ01)');
  const rows = (await dashboardBreakdown(deps, admin, { from: '2025-03-01', to: '2025-03-31', by: 'unit', metrics: ['per_10k_customers'] })).rows;
  assert.equal(rows.find((r) => r.key === u.SH)!.values.per_10k_customers, (2 / 30_000) * 10_000);
});

test('incremental refresh: a changed complaint moves between keys, and a deadline that falls due counts without any update', async () => {
  await d.db.updateTable('complaint').set({ state: 'closed', closed_at: at('2025-04-01T10:00:00'), decision: JSON.stringify({ outcome: 'upheld' }), updated_at: at('2025-04-01T10:00:00') })
    .where('id', '=', ids.c3!).execute();
  await d.db.updateTable('complaint').set({ category: 'business', updated_at: at('2025-04-01T10:00:00') }).where('id', '=', ids.c2!).execute();
  const r = await refreshMetrics(d.db, at('2025-04-01T12:00:00'));
  assert.equal(r.mode, 'incremental');
  assert.equal(r.complaints, 2);
  let v = values(await dashboardSummary(deps, ctx(), { from: '2025-03-01', to: '2025-03-31' }));
  assert.deepEqual([v.received, v.closed, v.resolution_rate], [5, 4, 2 / 3]);
  const cats = (await dashboardBreakdown(deps, ctx(), { from: '2025-03-01', to: '2025-03-31', by: 'category', metrics: ['received'] })).rows;
  assert.deepEqual(Object.fromEntries(cats.map((x) => [x.key, x.values.received])), { business: 2, product: 1, '': 2 });

  assert.equal(v.statutory_breaches, 1);
  await refreshMetrics(d.db, at('2025-04-13T10:00:00'));
  v = values(await dashboardSummary(deps, ctx(), { from: '2025-03-01', to: '2025-03-31' }));
  assert.equal(v.statutory_breaches, 2, 'c4 passed its statutory limit on 12 April');
  assert.equal(v.dec_statutory_rate, 2 / 4);
  const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM metric_daily WHERE n = 0`.execute(d.db);
  assert.equal(rows.rows[0]!.n, 0, 'emptied keys are removed');
});

test('a refresh in progress makes a second one step aside', { skip: !onPostgres && 'needs two connections (PostgreSQL)' }, async () => {
  const lock = d.db.transaction().execute(async (trx) => {
    await sql`SELECT 1 FROM metric_watermark WHERE name = 'rollup' FOR UPDATE`.execute(trx);
    const other = await refreshMetrics(d.db, at('2025-04-14T10:00:00'));
    assert.equal(other.mode, 'skipped');
  });
  await lock;
});
