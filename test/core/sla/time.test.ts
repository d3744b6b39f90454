import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  endOfDayShanghai,
  parseInstant,
  startOfDayShanghai,
  toShanghaiDate,
  toShanghaiIso,
} from '../../../src/core/sla/time.ts';

describe('Asia/Shanghai civil dates from instants', () => {
  const cases: [string, string | Date, string][] = [
    ['UTC afternoon is already the next day in Shanghai', '2025-01-26T16:30:00Z', '2025-01-27'],
    ['one second before Shanghai midnight', '2025-01-26T15:59:59Z', '2025-01-26'],
    ['Shanghai midnight', '2025-01-27T00:00:00+08:00', '2025-01-27'],
    ['23:59 in Shanghai stays on that day', '2025-01-27T23:59:00+08:00', '2025-01-27'],
    ['a negative offset', '2025-01-26T23:59:59-08:00', '2025-01-27'],
    ['a Date object', new Date(Date.UTC(2025, 3, 30, 16, 0, 0)), '2025-05-01'],
  ];
  for (const [name, instant, date] of cases) {
    test(`${name}: ${String(instant instanceof Date ? instant.toISOString() : instant)} → ${date}`, () => {
      assert.equal(toShanghaiDate(instant), date);
    });
  }

  test('instants are re-expressed with +08:00', () => {
    assert.equal(toShanghaiIso('2025-01-26T16:30:00Z'), '2025-01-27T00:30:00+08:00');
    assert.equal(toShanghaiIso('2025-01-26T16:30:00.250Z'), '2025-01-27T00:30:00.250+08:00');
  });

  test('a day-based deadline ends at 23:59:59 Shanghai time', () => {
    assert.equal(endOfDayShanghai('2025-02-11'), '2025-02-11T23:59:59+08:00');
    assert.equal(parseInstant(endOfDayShanghai('2025-02-11')), Date.parse('2025-02-11T15:59:59Z'));
    assert.equal(startOfDayShanghai('2025-02-11'), '2025-02-11T00:00:00+08:00');
  });

  test('date-times without an offset are refused instead of read in the server zone', () => {
    for (const bad of ['2025-01-27T10:00:00', '2025-01-27', '2025-02-30T10:00:00Z', '2025-01-27T24:00:00Z', 'yesterday']) {
      assert.throws(() => parseInstant(bad), { code: 'INVALID_INSTANT' }, bad);
    }
    assert.throws(() => endOfDayShanghai('2025-13-01'), { code: 'INVALID_DATE' });
  });

  test('offset forms ±hh:mm, ±hhmm and Z give the same instant', () => {
    const ms = Date.parse('2025-01-27T02:00:00Z');
    assert.equal(parseInstant('2025-01-27T10:00:00+08:00'), ms);
    assert.equal(parseInstant('2025-01-27T10:00+0800'), ms);
    assert.equal(parseInstant('2025-01-27 02:00:00Z'), ms);
  });
});
