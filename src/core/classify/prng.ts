// Seeded pseudo-random numbers for reproducible training and corpus generation.
// Math.random is never used by the classifier: the same seed gives the same model.

/** A generator of floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: small, fast, good enough for shuffling and sampling. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function randInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** One element of a non-empty array. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[randInt(rng, items.length)] as T;
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randInt(rng, i + 1);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

/**
 * Stratified split of indices 0..n-1: about `fraction` of each label goes to `held`, the rest to `kept`.
 * Every label with at least two items keeps at least one item on each side.
 */
export function stratifiedSplit(
  labels: readonly string[],
  fraction: number,
  seed: number,
): { kept: number[]; held: number[] } {
  const rng = createRng(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const list = byLabel.get(l);
    if (list) list.push(i);
    else byLabel.set(l, [i]);
  });
  const kept: number[] = [];
  const held: number[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const idx = shuffleInPlace(rng, [...(byLabel.get(label) ?? [])]);
    let nHeld = Math.round(idx.length * fraction);
    if (idx.length >= 2) nHeld = Math.min(Math.max(nHeld, 1), idx.length - 1);
    else nHeld = 0;
    held.push(...idx.slice(0, nHeld));
    kept.push(...idx.slice(nHeld));
  }
  kept.sort((a, b) => a - b);
  held.sort((a, b) => a - b);
  return { kept, held };
}
