import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ATTEMPTS, retryDelayMs, seededRandom, shouldRetry } from '../../../src/core/notify/index.ts';

const ALMOST_ONE = 1 - 1e-12;

describe('retryDelayMs', () => {
  test('doubles per attempt between half and all of the ceiling (base 15 s)', () => {
    assert.equal(retryDelayMs(1, { random: () => 0 }), 7_500);
    assert.equal(retryDelayMs(1, { random: () => ALMOST_ONE }), 15_000);
    assert.equal(retryDelayMs(2, { random: () => 0 }), 15_000);
    assert.equal(retryDelayMs(4, { random: () => 0.5 }), 90_000); // ceiling 120 s: 60 s + 0.5 × 60 s
  });

  test('is capped at one hour', () => {
    assert.equal(retryDelayMs(20, { random: () => ALMOST_ONE }), 3_600_000);
    assert.equal(retryDelayMs(1000, { random: () => 0 }), 1_800_000);
    assert.equal(retryDelayMs(3, { random: () => 1, baseMs: 1000, maxMs: 2500 }), 2500);
  });

  test('the same seed gives the same schedule; different seeds spread retries apart', () => {
    const schedule = (seed: number): number[] => {
      const random = seededRandom(seed);
      return Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, { random }));
    };
    assert.deepEqual(schedule(42), schedule(42));
    assert.notDeepEqual(schedule(42), schedule(43));
    const firsts = new Set(Array.from({ length: 50 }, (_, s) => schedule(s)[0]));
    assert.ok(firsts.size > 40, `only ${firsts.size} distinct first delays`);
    for (const d of schedule(7)) assert.ok(Number.isInteger(d) && d > 0);
  });

  test('the default schedule gives up within about an hour', () => {
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, { random: () => ALMOST_ONE })).reduce((a, b) => a + b);
    assert.equal(MAX_ATTEMPTS, 8);
    assert.equal(total, 15_000 * (2 ** 7 - 1));
  });

  test('refuses attempt numbers below 1', () => {
    assert.throws(() => retryDelayMs(0, { random: () => 0 }), RangeError);
    assert.throws(() => retryDelayMs(1.5, { random: () => 0 }), RangeError);
  });
});

describe('shouldRetry', () => {
  test('retries retryable errors until the last attempt, never the others', () => {
    assert.equal(shouldRetry(true, 1), true);
    assert.equal(shouldRetry(true, MAX_ATTEMPTS - 1), true);
    assert.equal(shouldRetry(true, MAX_ATTEMPTS), false);
    assert.equal(shouldRetry(false, 1), false);
    assert.equal(shouldRetry(true, 2, 2), false);
  });
});
