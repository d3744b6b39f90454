// Coalescing of concurrent statements: what goes in one batch, in what order answers come back, and how a failure
// stays with the items it belongs to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer, type Settled } from '../../src/db/coalescer.ts';

/** A run that records its batches and answers each item with itself doubled (or an error for negative items). */
function recorder(opts: { hold?: () => Promise<void> } = {}) {
  const batches: number[][] = [];
  const run = async (items: number[]): Promise<Array<Settled<number>>> => {
    batches.push([...items]);
    await opts.hold?.();
    return items.map((i) => (i < 0 ? { ok: false, error: new Error(`bad ${i}`) } : { ok: true, value: i * 2 }));
  };
  return { batches, run };
}

const turn = () => new Promise<void>((r) => setImmediate(r));

test('items submitted in the same turn go in one batch and each gets its own answer; a lone item is not held back', async () => {
  const r = recorder();
  const c = new Coalescer(r.run, { maxBatch: 10, maxInFlight: 1 });
  const answers = await Promise.all([1, 2, 3, 4].map((i) => c.submit(i)));
  assert.deepEqual(answers, [2, 4, 6, 8]);
  assert.deepEqual(r.batches, [[1, 2, 3, 4]]);
  assert.equal(await c.submit(5), 10);
  assert.deepEqual(r.batches, [[1, 2, 3, 4], [5]]);
  assert.deepEqual(c.stats, { batches: 2, items: 5, largest: 4 });
});

test('batches are at most maxBatch long, in arrival order', async () => {
  const r = recorder();
  const c = new Coalescer(r.run, { maxBatch: 3, maxInFlight: 4 });
  const answers = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => c.submit(i)));
  assert.deepEqual(answers, [2, 4, 6, 8, 10, 12, 14]);
  assert.deepEqual(r.batches, [[1, 2, 3], [4, 5, 6], [7]]);
});

test('while maxInFlight batches run, later items wait and go together in the next batch', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let first = true;
  const r = recorder({
    hold: async () => {
      if (first) {
        first = false;
        await gate;
      }
    },
  });
  const c = new Coalescer(r.run, { maxBatch: 10, maxInFlight: 1 });
  const a = c.submit(1);
  await turn();
  assert.deepEqual(r.batches, [[1]], 'the first item went alone at once');
  const later = [2, 3, 4].map((i) => c.submit(i));
  await turn();
  await turn();
  assert.deepEqual(r.batches, [[1]], 'nothing else starts while the only slot is taken');
  release();
  assert.equal(await a, 2);
  assert.deepEqual(await Promise.all(later), [4, 6, 8]);
  assert.deepEqual(r.batches, [[1], [2, 3, 4]]);
});

test('two items with the same key never share a batch; the second goes in the next one', async () => {
  const batches: string[][] = [];
  const c = new Coalescer<string, string>(async (items) => (batches.push([...items]), items.map((i) => ({ ok: true, value: i.toUpperCase() }))), {
    maxBatch: 10,
    maxInFlight: 1,
    keyOf: (i) => (i.startsWith('k') ? i.slice(0, 2) : null),
  });
  const answers = await Promise.all(['ka1', 'x', 'ka2', 'kb1', 'y', 'ka3'].map((i) => c.submit(i)));
  assert.deepEqual(answers, ['KA1', 'X', 'KA2', 'KB1', 'Y', 'KA3']);
  assert.deepEqual(batches, [['ka1', 'x', 'kb1', 'y'], ['ka2'], ['ka3']]);
});

test("an item's own error rejects only that item; a failed run rejects its batch and the next batch runs", async () => {
  const r = recorder();
  const c = new Coalescer(r.run, { maxBatch: 10, maxInFlight: 1 });
  const settled = await Promise.allSettled([1, -2, 3].map((i) => c.submit(i)));
  assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.match(String((settled[1] as PromiseRejectedResult).reason), /bad -2/);

  let down = true;
  const flaky = new Coalescer<number, number>(
    async (items) => {
      if (down) throw new Error('connection lost');
      return items.map((i) => ({ ok: true, value: i }));
    },
    { maxBatch: 10, maxInFlight: 1 },
  );
  const lost = await Promise.allSettled([1, 2].map((i) => flaky.submit(i)));
  assert.deepEqual(lost.map((s) => s.status), ['rejected', 'rejected']);
  assert.match(String((lost[0] as PromiseRejectedResult).reason), /connection lost/);
  down = false;
  assert.equal(await flaky.submit(7), 7);
});
