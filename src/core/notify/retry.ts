// Retry policy for sending notifications: exponential backoff with jitter. Pure: randomness is injected.

/** Attempts per message (the first send included) before it is marked failed and shown to staff. */
export const MAX_ATTEMPTS = 8;

export interface BackoffOptions {
  /** Returns a number in [0, 1): inject `Math.random` in production, `seededRandom(n)` in tests. */
  readonly random: () => number;
  /** Delay ceiling before jitter for the first retry (default 15 s). */
  readonly baseMs?: number;
  /** Largest delay (default 1 h). */
  readonly maxMs?: number;
}

export const DEFAULT_BASE_DELAY_MS = 15_000;
export const DEFAULT_MAX_DELAY_MS = 3_600_000;

/**
 * Delay before the next attempt after attempt number `attempt` (1-based) failed.
 * "Equal jitter": half of min(max, base·2^(attempt−1)) plus a random share of the other half, so delays
 * grow with every attempt yet retries of many messages do not arrive in lockstep.
 */
export function retryDelayMs(attempt: number, options: BackoffOptions): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer ≥ 1, got ${attempt}`);
  const base = options.baseMs ?? DEFAULT_BASE_DELAY_MS;
  const max = options.maxMs ?? DEFAULT_MAX_DELAY_MS;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt - 1, 52));
  const r = Math.min(Math.max(options.random(), 0), 1);
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}

/** Whether to try again after `attempt` (1-based) failed with an error of the given retryability. */
export function shouldRetry(retryable: boolean, attempt: number, maxAttempts: number = MAX_ATTEMPTS): boolean {
  return retryable && attempt < maxAttempts;
}

/** A small deterministic PRNG (mulberry32) for tests and reproducible schedules. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
