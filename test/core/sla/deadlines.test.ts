import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../../../src/core/sla/calendar.ts';
import { CN_CALENDAR_DATA } from '../../../src/core/sla/calendar-data.ts';
import { type DeadlineInput, type StepDeadline, computeDeadlines } from '../../../src/core/sla/deadlines.ts';
import { DEFAULT_SLA_POLICY, type StatutoryLimit, statutoryDaysFor, validateSlaPolicy } from '../../../src/core/sla/policies.ts';

const eod = (date: string): string => `${date}T23:59:59+08:00`;

function step(input: DeadlineInput, name: string, calendar = undefined as Parameters<typeof computeDeadlines>[2]): StepDeadline {
  const s = computeDeadlines(input, DEFAULT_SLA_POLICY, calendar).steps.find((x) => x.step === name);
  assert.ok(s, `step ${name} missing`);
  return s;
}

describe('R3.2-03 general complaint: guide 7 working days vs law 15 days (from the day after receipt)', () => {
  // [received, policy last day, statutory last day, binding, why]
  const cases: [string, string, string, string, string][] = [
    ['2025-01-27T10:00:00+08:00', '2025-02-12', '2025-02-11', 'statutory', 'Mon before Spring Festival 2025'],
    ['2025-09-30T10:00:00+08:00', '2025-10-16', '2025-10-15', 'statutory', 'eve of National Day 2025'],
    ['2025-04-30T10:00:00+08:00', '2025-05-14', '2025-05-15', 'policy', 'eve of Labour Day 2025'],
    ['2025-01-26T16:30:00Z', '2025-02-12', '2025-02-11', 'statutory', '00:30 on 27 Jan in Shanghai, still 26 Jan in UTC'],
    ['2025-04-30T23:59:00+08:00', '2025-05-14', '2025-05-15', 'policy', 'received at 23:59 counts as that day'],
    ['2025-04-30T15:59:59Z', '2025-05-14', '2025-05-15', 'policy', '23:59:59 Shanghai given in UTC'],
    ['2025-04-30T16:00:00Z', '2025-05-14', '2025-05-16', 'policy', '00:00 on 1 May in Shanghai: a day later for the law'],
    ['2025-03-15T11:00:00+08:00', '2025-03-25', '2025-03-30', 'policy', 'received on an ordinary Saturday'],
    ['2025-01-26T10:00:00+08:00', '2025-02-11', '2025-02-10', 'statutory', 'received on a worked Sunday (调休)'],
    ['2024-02-09T10:00:00+08:00', '2024-02-26', '2024-02-24', 'statutory', 'eve of Spring Festival 2024'],
    ['2024-04-30T10:00:00+08:00', '2024-05-13', '2024-05-15', 'policy', 'eve of Labour Day 2024, worked Saturday 11 May'],
    ['2024-09-30T10:00:00+08:00', '2024-10-15', '2024-10-15', 'statutory', 'eve of National Day 2024: tie goes to the law'],
    ['2026-01-04T10:00:00+08:00', '2026-01-13', '2026-01-19', 'policy', 'received on a worked Sunday 2026'],
    ['2026-02-13T10:00:00+08:00', '2026-03-02', '2026-02-28', 'statutory', 'eve of Spring Festival 2026'],
    ['2026-09-24T10:00:00+08:00', '2026-10-12', '2026-10-09', 'statutory', 'before Mid-Autumn and National Day 2026'],
    ['2026-09-30T10:00:00+08:00', '2026-10-15', '2026-10-15', 'statutory', 'eve of National Day 2026: tie'],
  ];
  for (const [receivedAt, policy, law, binding, why] of cases) {
    test(`${receivedAt} (${why}): guide ${policy}, law ${law}, ${binding} binds`, () => {
      const s = step({ receivedAt, complexity: 'general' }, 'decide');
      assert.equal(s.policyDue, eod(policy));
      assert.equal(s.statutoryDue, eod(law));
      assert.equal(s.binding, binding);
      assert.equal(s.effectiveDue, eod(binding === 'policy' ? policy : law));
      assert.deepEqual(s.warnings.map((w) => w.code), binding === 'statutory' && policy > law ? ['POLICY_AFTER_STATUTORY'] : []);
    });
  }

  test('the explanation names both clocks and the binding one', () => {
    const s = step({ receivedAt: '2025-01-27T10:00:00+08:00', complexity: 'general' }, 'decide');
    assert.equal(s.explanation.zh, '处理决定：内部时限（一般投诉）7个工作日，至2025-02-12 23:59；法定时限15日，至2025-02-11；跳过节假日8天；以法定时限为准。');
    assert.match(s.explanation.en, /policy \(general\) 7 working days → 2025-02-12 23:59; statutory 15 days → 2025-02-11; .*the statutory limit binds\./);
    assert.equal(s.skippedHolidays.length, 8);
    assert.deepEqual(s.adjustedWorkdaysCounted, ['2025-02-08']);
  });
});

describe('switch: adjusted working weekends as days off', () => {
  const off = createCalendar(CN_CALENDAR_DATA, { adjustedWorkdaysAreWorkingDays: false });
  const cases: [string, string, string][] = [
    ['2025-01-26T10:00:00+08:00', '2025-02-11', '2025-02-12'],
    ['2026-02-13T10:00:00+08:00', '2026-03-02', '2026-03-04'],
    ['2024-09-30T10:00:00+08:00', '2024-10-15', '2024-10-16'],
  ];
  for (const [receivedAt, on, offDue] of cases) {
    test(`${receivedAt}: guide due ${on} when 调休 days are worked, ${offDue} when they are not`, () => {
      assert.equal(step({ receivedAt, complexity: 'general' }, 'decide').policyDue, eod(on));
      const s = step({ receivedAt, complexity: 'general' }, 'decide', off);
      assert.equal(s.policyDue, eod(offDue));
      assert.deepEqual(s.adjustedWorkdaysCounted, []);
    });
  }
});

describe('complex cases and extensions (15 → 30 → 60 days)', () => {
  const received = '2025-01-27T10:00:00+08:00';
  const cases: [0 | 1 | 2, string, string][] = [
    [0, '2025-02-11', 'statutory'],
    [1, '2025-02-26', 'policy'],
    [2, '2025-03-28', 'policy'],
  ];
  for (const [extension, law, binding] of cases) {
    test(`complex, extension level ${extension}: law ${law}, guide 15 working days 2025-02-24, ${binding} binds`, () => {
      const s = step({ receivedAt: received, complexity: 'complex', extension }, 'decide');
      assert.equal(s.policyDue, eod('2025-02-24'));
      assert.equal(s.statutoryDue, eod(law));
      assert.equal(s.binding, binding);
      assert.equal(s.warnings.some((w) => w.code === 'POLICY_AFTER_STATUTORY'), extension === 0);
    });
  }

  test('special cases default to 15 working days', () => {
    assert.equal(step({ receivedAt: received, complexity: 'special' }, 'decide').policyDue, eod('2025-02-24'));
  });

  test('invalid complexity or extension is refused', () => {
    assert.throws(() => computeDeadlines({ receivedAt: received, complexity: 'urgent' as never }), { code: 'INVALID_COMPLEXITY' });
    assert.throws(() => computeDeadlines({ receivedAt: received, complexity: 'general', extension: 3 as never }), { code: 'INVALID_EXTENSION' });
  });
});

describe('regulator referrals', () => {
  const base = { receivedAt: '2025-01-27T10:00:00+08:00', complexity: 'general' } as const;

  test('a referral due date earlier than both clocks binds decision and notice', () => {
    const input = { ...base, channel: 'regulator', referral: { source: '12378', dueAt: '2025-02-07T09:00:00Z' }, decisionAt: '2025-02-06T10:00:00+08:00' };
    for (const name of ['decide', 'notify']) {
      const s = step(input, name);
      assert.equal(s.referralDue, '2025-02-07T17:00:00+08:00');
      assert.equal(s.effectiveDue, '2025-02-07T17:00:00+08:00');
      assert.equal(s.binding, 'referral');
    }
    assert.equal(step(input, 'acknowledge').referralDue, null);
  });

  test('a referral due on the statutory instant: the law binds (tie)', () => {
    const s = step({ ...base, referral: { source: '12378', dueAt: '2025-02-11T23:59:59+08:00' } }, 'decide');
    assert.equal(s.binding, 'statutory');
  });

  test('PBOC referral (12363): the earliest of the NFRA limit and the PBOC 15/60-day limit applies', () => {
    const limit = DEFAULT_SLA_POLICY.steps.decide.statutory as StatutoryLimit;
    assert.deepEqual([0, 1, 2].map((e) => statutoryDaysFor(limit, e as 0 | 1 | 2, '12363')), [15, 30, 60]);
    const pbocOnly: StatutoryLimit = { ...limit, days: [20, 90, 90] };
    assert.deepEqual([0, 1, 2].map((e) => statutoryDaysFor(pbocOnly, e as 0 | 1 | 2, '12363')), [15, 60, 60]);
    assert.deepEqual([0, 1, 2].map((e) => statutoryDaysFor(pbocOnly, e as 0 | 1 | 2, '12378')), [20, 90, 90]);
    const s = step({ ...base, referral: { source: '12363' }, extension: 2 }, 'decide');
    assert.equal(s.statutoryDue, eod('2025-03-28'));
    assert.equal(s.referralDue, null);
  });

  test('a referral on a non-regulator channel is refused', () => {
    assert.throws(() => computeDeadlines({ ...base, channel: 'phone', referral: { source: '12378' } }), {
      code: 'REFERRAL_REQUIRES_REGULATOR_CHANNEL',
    });
  });
});

describe('steps after the decision', () => {
  const received = '2025-04-30T10:00:00+08:00';

  test('only steps with a known anchor are returned', () => {
    const r = computeDeadlines({ receivedAt: received, complexity: 'general' });
    assert.deepEqual(r.steps.map((s) => s.step), ['acknowledge', 'classify', 'start', 'firstResponse', 'plan', 'decide']);
  });

  test('hour targets run in natural hours from the instant of receipt', () => {
    const r = computeDeadlines({ receivedAt: '2025-04-30T02:00:00Z', complexity: 'general' });
    const due = Object.fromEntries(r.steps.map((s) => [s.step, s.effectiveDue]));
    assert.equal(due.acknowledge, '2025-05-01T10:00:00+08:00');
    assert.equal(due.classify, '2025-05-02T10:00:00+08:00');
    assert.equal(due.firstResponse, '2025-05-03T10:00:00+08:00');
    assert.equal(due.plan, eod('2025-05-08'));
  });

  test('R3.2-04 result feedback: 10 working days after the decision, within the 15-day statutory limit', () => {
    const s = step({ receivedAt: received, complexity: 'general', decisionAt: '2025-05-06T10:00:00+08:00' }, 'notify');
    assert.equal(s.startsAt, '2025-05-06T10:00:00+08:00');
    assert.equal(s.policyDue, eod('2025-05-20'));
    assert.equal(s.statutoryDue, eod('2025-05-15'));
    assert.equal(s.binding, 'statutory');
    const ext = step({ receivedAt: received, complexity: 'general', extension: 1, feedbackExtended: true, decisionAt: '2025-05-06T10:00:00+08:00' }, 'notify');
    assert.equal(ext.policyDue, eod('2025-05-27'));
    assert.equal(ext.statutoryDue, eod('2025-05-30'));
    assert.equal(ext.binding, 'policy');
  });

  test('review: 30 days to apply from the decision notice, 30 days to decide from the request', () => {
    const input = { receivedAt: received, complexity: 'general', decisionAt: '2025-05-06T10:00:00+08:00', reviewRequestedAt: '2025-06-03T10:00:00+08:00' } as const;
    assert.equal(step(input, 'reviewRequest').effectiveDue, eod('2025-06-05'));
    assert.equal(step({ ...input, decisionNotifiedAt: '2025-05-10T09:00:00+08:00' }, 'reviewRequest').effectiveDue, eod('2025-06-09'));
    const review = step(input, 'reviewDecide');
    assert.equal(review.policyDue, null);
    assert.equal(review.statutoryDue, eod('2025-07-03'));
    assert.equal(review.binding, 'statutory');
  });
});

describe('policy data', () => {
  test('the default policy is valid; a broken edit is reported per step', () => {
    assert.deepEqual(validateSlaPolicy(DEFAULT_SLA_POLICY), []);
    const broken = {
      ...DEFAULT_SLA_POLICY,
      steps: {
        ...DEFAULT_SLA_POLICY.steps,
        plan: { ...DEFAULT_SLA_POLICY.steps.plan, target: { unit: 'working_days', amount: 2.5 } },
        reviewDecide: { ...DEFAULT_SLA_POLICY.steps.reviewDecide, statutory: { ...(DEFAULT_SLA_POLICY.steps.reviewDecide.statutory as StatutoryLimit), days: [30, 0, 30] } },
      },
    } as typeof DEFAULT_SLA_POLICY;
    assert.deepEqual(validateSlaPolicy(broken), ['plan: invalid amount 2.5 working_days', 'reviewDecide.statutory: invalid days 30/0/30']);
  });

  test('an institution can set its own review target', () => {
    const policy = {
      ...DEFAULT_SLA_POLICY,
      steps: { ...DEFAULT_SLA_POLICY.steps, reviewDecide: { ...DEFAULT_SLA_POLICY.steps.reviewDecide, target: { unit: 'working_days', amount: 10 } } },
    } as typeof DEFAULT_SLA_POLICY;
    const s = computeDeadlines({ receivedAt: '2025-04-30T10:00:00+08:00', complexity: 'general', reviewRequestedAt: '2025-06-03T10:00:00+08:00' }, policy).steps.find((x) => x.step === 'reviewDecide');
    assert.equal(s?.policyDue, eod('2025-06-17'));
    assert.equal(s?.binding, 'policy');
  });
});
