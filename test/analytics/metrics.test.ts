import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { addSums, complaintMeasures, emptySums, type ComplaintFacts } from '../../src/core/metrics/measures.ts';
import { computeMetrics, meetsTarget, METRIC_BY_ID, METRICS } from '../../src/core/metrics/definitions.ts';
import { bucketLabel, bucketStart, bucketsBetween, nextBucket, shanghaiDay, splitForRollup } from '../../src/core/metrics/periods.ts';
import { axisLayout, BUSINESS_AXIS, CHANNEL_AXIS, effectiveChannelCode, leafFor } from '../../src/core/metrics/axes.ts';

const asOf = new Date('2025-03-31T12:00:00+08:00');
const at = (s: string) => new Date(`${s}+08:00`);

function facts(p: Partial<ComplaintFacts> = {}): ComplaintFacts {
  return {
    closedAt: null, acceptedAt: at('2025-03-01T10:00:00'), decision: null, satisfaction: null, review: null, decisionNotifiedAt: null,
    reviewRequestedAt: null, reviewDecidedAt: null, repeatOf: null, reopenCount: 0, reassignmentCount: 0, major: false, mass: false,
    channel: 'phone', referralSource: null, deadlines: [], ...p,
  };
}
const closed = at('2025-03-20T10:00:00');

describe('measures of one complaint', () => {
  test('timeliness counts a step once its outcome is known: met in time, met late, or overdue; a pending step counts nowhere', () => {
    const m = complaintMeasures(facts({
      deadlines: [
        { step: 'acknowledge', policyDueAt: at('2025-03-02T10:00:00'), statutoryDueAt: null, metAt: at('2025-03-01T15:00:00') },
        { step: 'classify', policyDueAt: at('2025-03-03T10:00:00'), statutoryDueAt: null, metAt: at('2025-03-04T09:00:00') },
        { step: 'decide', policyDueAt: at('2025-03-12T23:59:59'), statutoryDueAt: at('2025-03-16T23:59:59'), metAt: null },
        { step: 'notify', policyDueAt: at('2025-04-20T23:59:59'), statutoryDueAt: at('2025-04-16T23:59:59'), metAt: null },
      ],
    }), asOf);
    assert.deepEqual([m.ack_pol_n, m.ack_pol_ok, m.ack_stat_n], [1, 1, 0]);
    assert.deepEqual([m.cls_pol_n, m.cls_pol_ok], [1, 0], 'classified a day late');
    assert.deepEqual([m.dec_pol_n, m.dec_pol_ok, m.dec_stat_n, m.dec_stat_ok], [1, 0, 1, 0], 'decision overdue on both clocks');
    assert.deepEqual([m.ntf_pol_n, m.ntf_stat_n], [0, 0], 'notice not yet due');
    assert.equal(m.pol_breach, 1);
    assert.equal(m.stat_breach, 1);
  });

  test("the complainant's own review window never counts as a breach", () => {
    const m = complaintMeasures(facts({ deadlines: [{ step: 'reviewRequest', policyDueAt: null, statutoryDueAt: at('2025-03-10T23:59:59'), metAt: null }] }), asOf);
    assert.equal(m.stat_breach, 0);
  });

  test('resolution: closed with an outcome, and upheld / partly upheld or a satisfied complainant; closures without a decision are left out', () => {
    const upheld = complaintMeasures(facts({ closedAt: closed, decision: { outcome: 'partly_upheld' } }), asOf);
    const notUpheldHappy = complaintMeasures(facts({ closedAt: closed, decision: { outcome: 'not_upheld' }, satisfaction: { level: 'basically_satisfied' } }), asOf);
    const notUpheldUnhappy = complaintMeasures(facts({ closedAt: closed, decision: { outcome: 'not_upheld' }, satisfaction: { level: 'dissatisfied' } }), asOf);
    const notAccepted = complaintMeasures(facts({ closedAt: closed, acceptedAt: null }), asOf);
    const open = complaintMeasures(facts({ decision: { outcome: 'upheld' } }), asOf);
    const sum = [upheld, notUpheldHappy, notUpheldUnhappy, notAccepted, open].reduce((a, b) => addSums(a, b), emptySums());
    assert.deepEqual([sum.closed, sum.decided_closed, sum.resolved, sum.open_n], [4, 3, 2, 1]);
    assert.equal(computeMetrics(sum, ['resolution_rate']).resolution_rate, 2 / 3);
  });

  test('satisfaction: four 1–5 dimensions under either naming; without a level, a mean of 4 or more is satisfied', () => {
    const a = complaintMeasures(facts({ satisfaction: { time: 5, effect: 4, communication: 3, followUp: 5 } }), asOf);
    assert.deepEqual([a.rated, a.satisfied, a.sat_time_sum, a.sat_effect_sum, a.sat_comm_sum, a.sat_follow_sum], [1, 1, 5, 4, 3, 5]);
    const b = complaintMeasures(facts({ satisfaction: { level: 'dissatisfied', scores: { handlingTime: 2, resolution: 1 } } }), asOf);
    assert.deepEqual([b.rated, b.satisfied, b.sat_time_n, b.sat_effect_sum, b.sat_comm_n], [1, 0, 1, 1, 0]);
    const c = complaintMeasures(facts({ satisfaction: { time: 9, effect: 'good' } }), asOf);
    assert.deepEqual([c.rated, c.sat_time_n, c.sat_effect_n], [0, 0, 0], 'out-of-range scores are ignored');
  });

  test('review overturn accepts both the outcome and the result vocabulary, only once decided', () => {
    const dec = at('2025-03-25T10:00:00');
    const x = complaintMeasures(facts({ reviewRequestedAt: dec, reviewDecidedAt: dec, review: { outcome: 'partly_overturned' } }), asOf);
    const y = complaintMeasures(facts({ reviewRequestedAt: dec, reviewDecidedAt: dec, review: { result: 'revised' } }), asOf);
    const z = complaintMeasures(facts({ reviewRequestedAt: dec, review: { outcome: 'overturned' } }), asOf);
    assert.deepEqual([x.overturned, y.overturned, z.overturned, z.review_n, z.review_decided], [1, 1, 0, 1, 0]);
  });
});

test('hand-computed fixture: rates over ten complaints', () => {
  const base = { decision: { outcome: 'upheld' }, decisionNotifiedAt: closed };
  const list: ComplaintFacts[] = [
    facts({ ...base, closedAt: closed, satisfaction: { level: 'satisfied', time: 5, effect: 5, communication: 5, followUp: 5 } }),
    facts({ ...base, closedAt: closed, satisfaction: { level: 'satisfied', time: 4, effect: 4, communication: 4, followUp: 3 } }),
    facts({ ...base, closedAt: closed, repeatOf: 'x', reassignmentCount: 2 }),
    facts({ ...base, closedAt: closed, decision: { outcome: 'not_upheld' }, satisfaction: { level: 'dissatisfied', time: 2, effect: 1, communication: 3, followUp: 2 }, reviewRequestedAt: closed, reviewDecidedAt: closed, review: { outcome: 'upheld' } }),
    facts({ ...base, closedAt: closed, decision: { outcome: 'not_upheld' }, reviewRequestedAt: closed, reviewDecidedAt: closed, review: { outcome: 'overturned' }, reopenCount: 1 }),
    facts({ ...base, decisionNotifiedAt: null }),
    facts({ decision: null, repeatOf: 'y', mass: true }),
    facts({ decision: null, channel: 'regulator', referralSource: '12378', reassignmentCount: 1 }),
    facts({ decision: null, major: true }),
    facts({ closedAt: closed, acceptedAt: null, decision: null }),
  ];
  const sums = list.map((c) => complaintMeasures(c, asOf)).reduce((a, b) => addSums(a, b), emptySums());
  const v = computeMetrics(sums);
  assert.equal(v.received, 10);
  assert.equal(v.closed, 6);
  assert.equal(v.resolution_rate, 3 / 5, '3 upheld of 5 closed with a decision');
  assert.equal(v.satisfaction_rate, 2 / 3);
  assert.equal(v.sat_time_avg, (5 + 4 + 2) / 3);
  assert.equal(v.sat_follow_avg, (5 + 3 + 2) / 3);
  assert.equal(v.review_rate, 2 / 5, '2 reviews of 5 notified decisions');
  assert.equal(v.overturn_rate, 1 / 2);
  assert.equal(v.repeat_rate, 2 / 10);
  assert.equal(v.reopen_rate, 1 / 10);
  assert.equal(v.reassignments, 3);
  assert.equal(v.reassigned_rate, 2 / 10);
  assert.deepEqual([v.major, v.mass, v.referrals], [1, 1, 1]);
  assert.equal(v.ack_policy_rate, null, 'no deadline rows: undefined, not 0 %');
  assert.equal(meetsTarget(METRIC_BY_ID.get('resolution_rate')!, v.resolution_rate!), false, 'below the 90 % target');
  const per = computeMetrics(sums, ['per_10k_customers', 'per_branch'], { customers: 50_000, branches: 4 });
  assert.deepEqual(per, { per_10k_customers: 2, per_branch: 2.5 });
});

test('every metric names measures that exist', () => {
  const known = new Set(Object.keys(emptySums()));
  for (const m of METRICS) {
    assert.ok(known.has(m.num), `${m.id}: ${m.num}`);
    if (m.kind === 'ratio' || m.kind === 'mean') assert.ok(known.has(m.den!), `${m.id}: ${m.den}`);
  }
});

describe('periods (Asia/Shanghai)', () => {
  test('an instant late on 31 Dec UTC is already 1 January in Shanghai, whatever the process zone', () => {
    assert.equal(shanghaiDay(new Date('2024-12-31T17:30:00Z')), '2025-01-01');
  });
  test('weeks start on Monday and carry ISO week numbers; quarters and months start on their first day', () => {
    assert.equal(bucketStart('2025-01-01', 'week'), '2024-12-30');
    assert.equal(bucketLabel('2024-12-30', 'week'), '2025-W01');
    assert.equal(bucketStart('2025-08-17', 'quarter'), '2025-07-01');
    assert.equal(bucketLabel('2025-07-01', 'quarter'), '2025Q3');
    assert.equal(nextBucket('2025-11-01', 'quarter'), '2026-02-01');
    assert.deepEqual(bucketsBetween('2025-01-30', '2025-03-02', 'month'), ['2025-01-01', '2025-02-01', '2025-03-01']);
  });
  test('a range splits into whole months and the days around them', () => {
    assert.deepEqual(splitForRollup('2024-01-15', '2024-03-10'), { months: ['2024-02-01', '2024-03-01'], days: [['2024-01-15', '2024-01-31'], ['2024-03-01', '2024-03-10']] });
    assert.deepEqual(splitForRollup('2024-02-01', '2024-02-29'), { months: ['2024-02-01', '2024-03-01'], days: [] });
    assert.deepEqual(splitForRollup('2024-02-03', '2024-02-20'), { months: null, days: [['2024-02-03', '2024-02-20']] });
  });
});

describe('JR/T 0169 axes', () => {
  test('codes fall in their leaf; a group code or unknown code below a group goes to that group’s "other"; unknown codes stay unclassified', () => {
    assert.equal(leafFor(CHANNEL_AXIS, 'A010303'), 'A010303');
    assert.equal(leafFor(CHANNEL_AXIS, 'A0103'), 'A010399');
    assert.equal(leafFor(CHANNEL_AXIS, 'A010377'), 'A010399');
    assert.equal(leafFor(CHANNEL_AXIS, 'A01'), 'A0199');
    assert.equal(leafFor(CHANNEL_AXIS, 'Z1'), null);
    assert.equal(leafFor(BUSINESS_AXIS, 'B03'), 'B03');
    assert.equal(leafFor(BUSINESS_AXIS, null), null);
    assert.equal(effectiveChannelCode(null, 'app'), 'A010303');
    assert.equal(effectiveChannelCode(null, 'regulator'), null);
    assert.equal(effectiveChannelCode('A0102', 'phone'), 'A0102');
  });
  test('the channel layout nests electronic channels under front office, each group followed by its subtotal', () => {
    const l = axisLayout(CHANNEL_AXIS);
    assert.deepEqual(l.columns.map((c) => c.key), [
      'A0101', 'A0102', 'A010301', 'A010302', 'A010303', 'A010304', 'A010305', 'A010399', 'group:A0103', 'A0104', 'A0199', 'group:A01', 'A02',
    ]);
    assert.equal(l.headerRows, 3);
    const front = l.header.find((h) => h.zh === '前台')!;
    assert.deepEqual([front.row, front.col, front.colSpan], [0, 0, 12]);
    const electronic = l.header.find((h) => h.zh === '电子渠道')!;
    assert.deepEqual([electronic.row, electronic.col, electronic.colSpan], [1, 2, 7]);
    assert.deepEqual(l.columns.find((c) => c.key === 'group:A01')!.leafCodes.length, 10);
    assert.equal(l.header.find((h) => h.zh === '中后台')!.rowSpan, 3);
  });
});
