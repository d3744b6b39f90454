import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nextSlaTransitionAt, slaLevel } from '../../../src/core/sla/deadlines.ts';

describe('SLA level and next transition', () => {
  // A 24-hour step: at risk from 80 % (19 h 12 min), breached after the due instant.
  const startsAt = '2025-01-27T10:00:00+08:00';
  const due = '2025-01-28T10:00:00+08:00';
  const cases: [string, string, 'ok' | 'at_risk' | 'breached', string | null][] = [
    ['just received', '2025-01-27T10:00:00+08:00', 'ok', '2025-01-28T05:12:00+08:00'],
    ['one minute before 80 %', '2025-01-28T05:11:00+08:00', 'ok', '2025-01-28T05:12:00+08:00'],
    ['80 % elapsed (given in UTC)', '2025-01-27T21:12:00Z', 'at_risk', '2025-01-28T10:00:00.001+08:00'],
    ['exactly at the due instant', '2025-01-28T10:00:00+08:00', 'at_risk', '2025-01-28T10:00:00.001+08:00'],
    ['one second late', '2025-01-28T10:00:01+08:00', 'breached', null],
  ];
  for (const [name, now, level, next] of cases) {
    test(`${name}: ${level}, next change ${next ?? 'none'}`, () => {
      assert.equal(slaLevel({ startsAt, due, now }), level);
      assert.equal(nextSlaTransitionAt({ startsAt, due, now }), next);
    });
  }

  test('the at-risk share is configurable', () => {
    const now = new Date('2025-01-27T22:00:00.000Z'); // 06:00 +08:00, 20 h in
    assert.equal(slaLevel({ startsAt, due, now, atRiskFraction: 0.9 }), 'ok');
    assert.equal(nextSlaTransitionAt({ startsAt, due, now, atRiskFraction: 0.9 }), '2025-01-28T07:36:00+08:00');
    assert.equal(slaLevel({ startsAt, due, now, atRiskFraction: 0.5 }), 'at_risk');
    assert.throws(() => slaLevel({ startsAt, due, now, atRiskFraction: 1.5 }), RangeError);
  });

  test('a step that starts at its due time is at risk at once', () => {
    assert.equal(slaLevel({ startsAt: due, due, now: due }), 'at_risk');
  });
});
