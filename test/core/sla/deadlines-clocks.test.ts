import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { type DeadlineInput, type StepDeadline, computeDeadlines } from '../../../src/core/sla/deadlines.ts';
import { DEFAULT_SLA_POLICY, type SlaPolicy } from '../../../src/core/sla/policies.ts';

const eod = (date: string): string => `${date}T23:59:59+08:00`;

function steps(input: DeadlineInput, policy: SlaPolicy = DEFAULT_SLA_POLICY): Record<string, StepDeadline> {
  return Object.fromEntries(computeDeadlines(input, policy).steps.map((s) => [s.step, s]));
}

describe('pauses while waiting for the complainant (补充材料)', () => {
  // Monday 3 March 2025: guide 7 working days → 12 Mar, law 15 days → 18 Mar.
  const base = { receivedAt: '2025-03-03T10:00:00+08:00', complexity: 'general' } as const;
  const pause = { from: '2025-03-05T09:00:00+08:00', to: '2025-03-06T15:00:00+08:00' };

  test('without pauses: guide 12 Mar, law 18 Mar', () => {
    const s = steps(base);
    assert.equal(s.decide?.policyDue, eod('2025-03-12'));
    assert.equal(s.decide?.statutoryDue, eod('2025-03-18'));
  });

  test('days touched by a pause do not count on the policy clocks; the statutory clock runs on', () => {
    const s = steps({ ...base, pauses: [pause] });
    assert.equal(s.decide?.policyDue, eod('2025-03-14'));
    assert.deepEqual(s.decide?.pausedDays, ['2025-03-05', '2025-03-06']);
    assert.equal(s.decide?.statutoryDue, eod('2025-03-18'));
    assert.equal(s.decide?.binding, 'policy');
    assert.equal(s.plan?.policyDue, eod('2025-03-10'));
    assert.match(s.decide?.explanation.zh ?? '', /暂停2天/);
  });

  test('hour clocks that pauses stop are extended by the paused time; acknowledge is not', () => {
    const s = steps({ ...base, pauses: [pause] });
    assert.equal(s.firstResponse?.policyDue, '2025-03-07T16:00:00+08:00');
    assert.equal(s.firstResponse?.pausedMs, 30 * 3_600_000);
    assert.equal(s.acknowledge?.policyDue, '2025-03-04T10:00:00+08:00');
    assert.equal(s.start?.policyDue, '2025-03-04T10:00:00+08:00', 'a pause after the due time changes nothing');
  });

  test('a two-hour pause costs a whole day; a pause ending at midnight leaves the next day counting', () => {
    assert.equal(steps({ ...base, pauses: [{ from: '2025-03-05T10:00:00+08:00', to: '2025-03-05T12:00:00+08:00' }] }).decide?.policyDue, eod('2025-03-13'));
    const midnight = steps({ ...base, pauses: [{ from: '2025-03-04T20:00:00+08:00', to: '2025-03-04T16:00:00Z' }] });
    assert.deepEqual(midnight.decide?.pausedDays, ['2025-03-04']);
    assert.equal(midnight.decide?.policyDue, eod('2025-03-13'));
  });

  test('policy switch: pauses also stop the statutory clock', () => {
    const s = steps({ ...base, pauses: [pause] }, { ...DEFAULT_SLA_POLICY, pausesStopStatutory: true });
    assert.equal(s.decide?.statutoryDue, eod('2025-03-20'));
  });

  test('an open pause stops the policy clock: the statutory limit still binds; a step without one has no due time', () => {
    const s = steps({ ...base, pauses: [{ from: '2025-03-05T09:00:00+08:00', to: null }] });
    assert.equal(s.decide?.policyDue, null);
    assert.equal(s.decide?.clockStopped, true);
    assert.equal(s.decide?.effectiveDue, eod('2025-03-18'));
    assert.equal(s.decide?.binding, 'statutory');
    assert.ok(s.decide?.warnings.some((w) => w.code === 'CLOCK_STOPPED'));
    assert.equal(s.plan?.effectiveDue, null);
    assert.equal(s.plan?.binding, null);
    assert.equal(s.acknowledge?.effectiveDue, '2025-03-04T10:00:00+08:00');
  });

  test('overlapping pauses are merged; a pause ending before it starts is refused', () => {
    const overlapping = [pause, { from: '2025-03-06T08:00:00+08:00', to: '2025-03-06T10:00:00+08:00' }];
    assert.equal(steps({ ...base, pauses: overlapping }).decide?.policyDue, eod('2025-03-14'));
    assert.throws(() => computeDeadlines({ ...base, pauses: [{ from: pause.to, to: pause.from }] }), { code: 'INVALID_PAUSE' });
  });
});

describe('switch: roll-over of a statutory limit ending on a holiday (Civil Code Art. 203)', () => {
  const rollOver: SlaPolicy = { ...DEFAULT_SLA_POLICY, statutoryRollOverHolidays: true };
  const cases: [string, string, string, string][] = [
    ['2025-09-16T10:00:00+08:00', '2025-10-01', '2025-10-09', 'last day on National Day'],
    ['2025-01-20T10:00:00+08:00', '2025-02-04', '2025-02-05', 'last day on Spring Festival'],
    ['2025-03-07T10:00:00+08:00', '2025-03-22', '2025-03-24', 'last day on a Saturday'],
    ['2025-01-27T10:00:00+08:00', '2025-02-11', '2025-02-11', 'last day a working day: unchanged'],
  ];
  for (const [receivedAt, off, on, why] of cases) {
    test(`${receivedAt} (${why}): ${off} by default, ${on} with roll-over`, () => {
      const input = { receivedAt, complexity: 'general' } as const;
      assert.equal(steps(input).decide?.statutoryDue, eod(off));
      assert.equal(steps(input, rollOver).decide?.statutoryDue, eod(on));
    });
  }

  test('roll-over can hand the binding to the tie rule: 20 Jan 2025, both clocks end 5 Feb', () => {
    const input = { receivedAt: '2025-01-20T10:00:00+08:00', complexity: 'general' } as const;
    assert.equal(steps(input).decide?.binding, 'statutory');
    const s = steps(input, rollOver).decide;
    assert.equal(s?.policyDue, eod('2025-02-05'));
    assert.equal(s?.statutoryDue, eod('2025-02-05'));
    assert.equal(s?.binding, 'statutory');
    assert.match(s?.explanation.zh ?? '', /顺延/);
  });
});

describe('years without holiday data', () => {
  test('a count running into 2027 warns instead of passing as exact', () => {
    const r = computeDeadlines({ receivedAt: '2026-12-28T10:00:00+08:00', complexity: 'general' });
    const decide = r.steps.find((s) => s.step === 'decide');
    assert.equal(decide?.policyDue, eod('2027-01-06'));
    assert.deepEqual(decide?.warnings.map((w) => [w.code, w.year]), [['CALENDAR_YEAR_NOT_LOADED', 2027]]);
    assert.deepEqual(r.steps.find((s) => s.step === 'plan')?.warnings, []);
    assert.deepEqual(r.warnings.map((w) => [w.code, w.year]), [['CALENDAR_YEAR_NOT_LOADED', 2027]]);
    assert.deepEqual(r.coverage, [2024, 2025, 2026]);
    assert.match(decide?.explanation.zh ?? '', /^处理决定/);
  });

  test('a complaint received in 2023 warns about 2023', () => {
    const r = computeDeadlines({ receivedAt: '2023-12-20T10:00:00+08:00', complexity: 'general' });
    assert.ok(r.warnings.some((w) => w.code === 'CALENDAR_YEAR_NOT_LOADED' && w.year === 2023));
  });
});

describe('process time zone and speed', () => {
  const input: DeadlineInput = {
    receivedAt: '2025-01-26T16:30:00Z',
    complexity: 'complex',
    extension: 1,
    pauses: [{ from: '2025-02-05T09:00:00+08:00', to: '2025-02-06T09:00:00+08:00' }],
    decisionAt: '2025-02-20T10:00:00+08:00',
    reviewRequestedAt: '2025-03-10T10:00:00+08:00',
  };

  test('the same result in any process time zone', () => {
    const saved = process.env.TZ;
    try {
      const results = ['America/New_York', 'UTC', 'Pacific/Kiritimati', 'Asia/Shanghai'].map((tz) => {
        process.env.TZ = tz;
        return JSON.stringify(computeDeadlines(input));
      });
      assert.equal(new Set(results).size, 1);
    } finally {
      process.env.TZ = saved;
    }
  });
});
