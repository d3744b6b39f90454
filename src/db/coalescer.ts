// Coalescing of like statements from concurrent requests: items submitted in the same turn of the event loop (and
// while earlier batches are still on their way to the database) run as one statement. Nothing waits for a timer: a
// batch starts at the end of the current turn, so a lone request waits one turn of the loop and a busy server sends
// bigger batches — on PGlite, whose engine runs on this thread, that turn is the only moment others can join; on
// PostgreSQL, the batches in flight add to it.
export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface CoalescerOptions<I> {
  /** Items per batch at most. */
  maxBatch: number;
  /** Batches running at once; the rest wait and go in the next batch. */
  maxInFlight: number;
  /** Items with the same non-null key never share a batch (a later one waits for the next). */
  keyOf?: (item: I) => string | null;
}

export interface CoalescerStats {
  batches: number;
  items: number;
  largest: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (e: unknown) => void;
}

export class Coalescer<I, O> {
  private readonly queue: Array<Pending<I, O>> = [];
  private inFlight = 0;
  private scheduled = false;
  readonly stats: CoalescerStats = { batches: 0, items: 0, largest: 0 };

  /** `run` answers each item of a batch in order, with its value or its own error. */
  constructor(
    private readonly run: (items: I[]) => Promise<Array<Settled<O>>>,
    private readonly opts: CoalescerOptions<I>,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length) {
      const batch = this.take();
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length) this.schedule();
      });
    }
  }

  private take(): Array<Pending<I, O>> {
    const batch: Array<Pending<I, O>> = [];
    const keys = new Set<string>();
    const later: Array<Pending<I, O>> = [];
    while (this.queue.length && batch.length < this.opts.maxBatch) {
      const p = this.queue.shift()!;
      const key = this.opts.keyOf?.(p.item) ?? null;
      if (key !== null && keys.has(key)) {
        later.push(p);
        continue;
      }
      if (key !== null) keys.add(key);
      batch.push(p);
    }
    this.queue.unshift(...later);
    return batch;
  }

  private async flush(batch: Array<Pending<I, O>>): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    let results: Array<Settled<O>>;
    try {
      results = await this.run(batch.map((p) => p.item));
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    batch.forEach((p, i) => {
      const r = results[i];
      if (!r) p.reject(new Error('coalescer: the batch returned no result for an item'));
      else if (r.ok) p.resolve(r.value);
      else p.reject(r.error);
    });
  }
}
