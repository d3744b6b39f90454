// Every metric, through the database (rollup SQL → dashboard query), against a count done by hand on a small fixture.
// The table below must name every metric of src/core/metrics/definitions.ts: a new metric without a hand count fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { analyticsDatabase } from './support.ts';
import { at, insertComplaint, orgTree } from './fixtures.ts';
import { refreshMetrics } from '../../src/app/analytics/rollup.ts';
import { dashboardSummary, loadDenominators } from '../../src/app/analytics/dashboard.ts';
import { systemCtx } from '../../src/app/context.ts';
import type { Deps } from '../../src/app/deps.ts';
import type { Keyring } from '../../src/security/keyring.ts';
import { METRICS } from '../../src/core/metrics/definitions.ts';

let d: Awaited<ReturnType<typeof analyticsDatabase>>;
let deps: Deps;
const asOf = at('2025-04-20T12:00:00');
const ctx = () => systemCtx(asOf);

// March 2025, judged on 20 April. Per step: [policy due, statutory due, met] (Asia/Shanghai).
before(async () => {
  d = await analyticsDatabase();
  deps = { db: d.db, keyring: null as unknown as Keyring, clock: () => asOf };
  const u = await orgTree(d.db);
  const A = await insertComplaint(d.db, {
    received: '2025-03-03T10:00:00', unit: u.BJ01, channel: 'app', outcome: 'upheld', notified: '2025-03-15T10:00:00', closed: '2025-03-20T10:00:00',
    satisfaction: { level: 'satisfied', time: 5, effect: 4, communication: 5, followUp: 4 }, reassignments: 1,
    deadlines: [
      { step: 'acknowledge', policy: '2025-03-04T10:00:00', met: '2025-03-03T12:00:00' }, // in time
      { step: 'classify', policy: '2025-03-04T10:00:00', met: '2025-03-05T10:00:00' }, // late (policy)
      { step: 'start', policy: '2025-03-05T23:59:59', statutory: '2025-03-10T23:59:59', met: '2025-03-04T10:00:00' }, // in time, both
      { step: 'firstResponse', policy: '2025-03-06T23:59:59', statutory: '2025-03-08T23:59:59', met: '2025-03-07T10:00:00' }, // late policy, statutory ok
      { step: 'decide', policy: '2025-03-12T23:59:59', statutory: '2025-03-18T23:59:59', met: '2025-03-11T10:00:00' }, // in time, both
      { step: 'notify', policy: '2025-03-16T23:59:59', statutory: '2025-03-20T23:59:59', met: '2025-03-15T10:00:00' }, // in time, both
    ],
  });
  await insertComplaint(d.db, {
    received: '2025-03-04T09:00:00', unit: u.BJ, channel: 'phone', outcome: 'not_upheld', notified: '2025-03-21T10:00:00', closed: '2025-03-25T10:00:00',
    satisfaction: { level: 'dissatisfied', time: 2 }, reviewRequested: '2025-03-22T10:00:00', reviewDecided: '2025-03-24T10:00:00', review: { outcome: 'overturned' }, reopens: 1,
    deadlines: [
      { step: 'acknowledge', policy: '2025-03-05T09:00:00', met: '2025-03-05T15:00:00' }, // late
      { step: 'decide', policy: '2025-03-13T23:59:59', statutory: '2025-03-19T23:59:59', met: '2025-03-20T10:00:00' }, // late, both
      { step: 'notify', policy: '2025-03-21T23:59:59', statutory: '2025-03-25T23:59:59', met: '2025-03-21T10:00:00' }, // in time, both
      { step: 'reviewRequest', statutory: '2025-03-30T23:59:59', met: '2025-03-22T10:00:00' }, // the complainant's window
      { step: 'reviewDecide', policy: '2025-03-27T23:59:59', statutory: '2025-04-16T23:59:59', met: '2025-03-24T10:00:00' }, // in time, both
    ],
  });
  await insertComplaint(d.db, {
    received: '2025-03-05T11:00:00', unit: u.SH, channel: 'branch', repeatOf: A, mass: true, complainants: 25,
    deadlines: [
      { step: 'acknowledge', policy: '2025-03-06T11:00:00', met: '2025-03-05T12:00:00' }, // in time
      { step: 'classify', policy: '2025-03-06T11:00:00' }, // overdue
      { step: 'start', policy: '2025-03-07T23:59:59', statutory: '2025-03-12T23:59:59' }, // overdue, both
      { step: 'decide', policy: '2025-03-14T23:59:59', statutory: '2025-03-20T23:59:59' }, // overdue, both
      { step: 'notify', policy: '2025-05-10T23:59:59', statutory: '2025-05-15T23:59:59' }, // not yet due: counts nowhere
    ],
  });
  await insertComplaint(d.db, {
    received: '2025-03-28T10:00:00', unit: u.SH, channel: 'regulator', referral: '12378', major: true,
    deadlines: [
      { step: 'decide', policy: '2025-04-08T23:59:59', statutory: '2025-05-12T23:59:59' }, // policy overdue, statutory pending
      { step: 'plan', policy: '2025-03-30T23:59:59', statutory: '2025-04-02T23:59:59' }, // not a timeliness step, but a breach
      { step: 'reviewRequest', statutory: '2025-03-30T23:59:59' }, // never a breach
    ],
  });
  await insertComplaint(d.db, { received: '2025-03-10T10:00:00', channel: 'web', accepted: null, closed: '2025-03-12T10:00:00', reassignments: 2 });
  await insertComplaint(d.db, {
    received: '2025-03-12T10:00:00', unit: u.BJ01, outcome: 'not_upheld', notified: '2025-03-28T10:00:00', closed: '2025-03-30T10:00:00', reviewRequested: '2025-03-29T10:00:00',
    satisfaction: { level: 'basically_satisfied', scores: { resolution: 2, communication: 4, followUpService: 3 } },
    deadlines: [
      { step: 'firstResponse', policy: '2025-03-13T23:59:59', statutory: '2025-03-15T23:59:59', met: '2025-03-16T10:00:00' }, // late, both
      { step: 'reviewDecide', policy: '2025-04-10T23:59:59', statutory: '2025-04-14T23:59:59' }, // overdue, both
    ],
  });
  // Left out: a merged duplicate, and a complaint received in February.
  await insertComplaint(d.db, { received: '2025-03-06T10:00:00', unit: u.BJ, state: 'merged', mergedInto: A, mass: true, deadlines: [{ step: 'decide', policy: '2025-03-07T10:00:00' }] });
  await insertComplaint(d.db, { received: '2025-02-27T10:00:00', unit: u.BJ01, closed: '2025-03-05T10:00:00', outcome: 'upheld' });
  await loadDenominators(deps, ctx(), [
    { unitId: u.BJ!, kind: 'customers', asOf: '2025-01-01', value: 20_000 },
    { unitId: u.BJ01!, kind: 'customers', asOf: '2025-01-01', value: 5_000 }, // inside BJ, which has its own figure
    { unitId: u.SH!, kind: 'customers', asOf: '2025-01-01', value: 40_000 },
    { unitId: u.BJ!, kind: 'individual_customers', asOf: '2025-01-01', value: 12_000 },
    { unitId: u.SH!, kind: 'individual_customers', asOf: '2025-01-01', value: 18_000 },
    { unitId: u.BJ!, kind: 'branches', asOf: '2025-01-01', value: 3 },
    { unitId: u.SH!, kind: 'branches', asOf: '2025-01-01', value: 5 },
  ]);
  await refreshMetrics(d.db, asOf);
});
after(async () => d?.drop());

// Six complaints count: A (BJ01), B (BJ), C (SH), D (SH), E (no unit), F (BJ01).
const HAND: Record<string, number | null> = {
  received: 6,
  accepted: 5, // E was never accepted
  closed: 4, // A, B, E, F
  open: 2, // C, D
  ack_policy_rate: 2 / 3, // A, C in time; B late
  ack_statutory_rate: null, // no statutory clock: no data, not 0 %
  cls_policy_rate: 0 / 2, // A late, C overdue
  cls_statutory_rate: null,
  sta_policy_rate: 1 / 2, // A; C overdue
  sta_statutory_rate: 1 / 2,
  fr_policy_rate: 0 / 2, // A and F late
  fr_statutory_rate: 1 / 2, // A within, F late
  dec_policy_rate: 1 / 4, // A; B late, C and D overdue
  dec_statutory_rate: 1 / 3, // A; B late, C overdue; D not yet due
  ntf_policy_rate: 2 / 2, // A, B; C not yet due
  ntf_statutory_rate: 2 / 2,
  rvd_policy_rate: 1 / 2, // B; F overdue
  rvd_statutory_rate: 1 / 2,
  resolution_rate: 2 / 3, // closed with a decision: A upheld, F satisfied, B neither (E has no decision)
  satisfaction_rate: 2 / 3, // rated A, B, F; satisfied A, F
  sat_time_avg: (5 + 2) / 2,
  sat_effect_avg: (4 + 2) / 2,
  sat_comm_avg: (5 + 4) / 2,
  sat_follow_avg: (4 + 3) / 2,
  review_rate: 2 / 3, // B, F of A, B, F notified
  overturn_rate: 1 / 1, // B decided and overturned; F not decided
  repeat_rate: 1 / 6, // C
  reopen_rate: 1 / 6, // B
  reassigned_rate: 2 / 6, // A, E
  reassignments: 3,
  policy_breaches: 5, // A, B, C, D, F
  statutory_breaches: 4, // B, C, D (plan), F
  statutory_breach_rate: 4 / 6,
  major: 1,
  mass: 1, // C (the merged duplicate does not count)
  referrals: 1,
  per_10k_customers: (6 / 60_000) * 10_000, // BJ (its own figure, not plus BJ01) + SH
  per_10m_individual: (6 / 30_000) * 10_000_000,
  per_branch: 6 / 8,
  per_1000_branches: (6 / 8) * 1000,
};

test('the hand count names every metric', () => {
  assert.deepEqual(Object.keys(HAND).sort(), METRICS.map((m) => m.id).sort());
});

test('March, whole institution: every metric read from the rollups equals the hand count', async () => {
  const r = await dashboardSummary(deps, ctx(), { from: '2025-03-01', to: '2025-03-31' });
  const got = Object.fromEntries(r.metrics.map((m) => [m.id, m.value]));
  assert.deepEqual(Object.keys(got).sort(), Object.keys(HAND).sort());
  for (const [id, want] of Object.entries(HAND)) {
    if (want === null) assert.equal(got[id], null, id);
    else assert.ok(got[id] !== null && Math.abs(got[id]! - want) < 1e-9, `${id}: got ${got[id]}, hand count ${want}`);
  }
});
