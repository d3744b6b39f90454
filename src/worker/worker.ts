// The background worker that runs inside each server process. It keeps no business state in memory:
// it claims due outbox rows and due jobs from the database, so any number of processes can run it.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { claimOutbox, completeOutboxMany, failOutbox, type ClaimedEvent } from '../db/outbox.ts';
import type { Deps } from '../app/deps.ts';

export type OutboxHandler = (event: ClaimedEvent, deps: Deps) => Promise<void>;
/** Handles all claimed events of its topics at once (statements that do not grow with the batch); returns the events
 * that failed, by id — those are retried, the others marked done. Several topics may share one batch handler. */
export interface OutboxBatchHandler {
  batch: (events: ClaimedEvent[], deps: Deps) => Promise<Map<number, Error>>;
}
export interface Job {
  name: string;
  everyMs: number;
  run: (deps: Deps, now: Date) => Promise<void>;
}

export const MAX_ATTEMPTS = 8;
/** Events claimed at once, and how long one tick may keep claiming while full batches come back. */
export const RELAY_BATCH = 50;
const DRAIN_BUDGET_MS = 5_000;
export function backoffMs(attempt: number): number {
  return Math.min(60 * 60_000, 2 ** Math.max(0, attempt - 1) * 5_000);
}

export interface WorkerOptions {
  deps: Deps;
  handlers: Record<string, OutboxHandler | OutboxBatchHandler>;
  jobs: Job[];
  pollMs: number;
  log?: { error: (o: object, msg: string) => void };
}

export class Worker {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly opts: WorkerOptions) {}

  start(): void {
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.tick().then(() => undefined, (e: unknown) => { this.opts.log?.error({ err: { message: (e as Error).message } }, 'worker tick failed'); });
      await this.running;
      if (!this.stopped) this.timer = setTimeout(loop, this.opts.pollMs);
    };
    this.timer = setTimeout(loop, 10);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: relay due outbox events, then run due jobs. Returns when done (tests call it directly). */
  async tick(): Promise<{ events: number; jobs: string[] }> {
    // A full batch means more is waiting (a burst of complaints): keep relaying, for a bounded time so jobs still run.
    let events = 0;
    const until = Date.now() + DRAIN_BUDGET_MS;
    for (;;) {
      const n = await this.relayOutbox(RELAY_BATCH);
      events += n;
      if (n < RELAY_BATCH || this.stopped || Date.now() >= until) break;
    }
    const jobs = await this.runDueJobs();
    return { events, jobs };
  }

  async relayOutbox(limit = RELAY_BATCH): Promise<number> {
    const { deps, handlers } = this.opts;
    const now = deps.clock();
    const claimed = await claimOutbox(deps.db, this.id, now, limit, 60_000);
    // Handled events are marked done together at the end of the batch (one statement). Should the process die before,
    // they run again after the lease: every handler is idempotent.
    const done: number[] = [];
    const failed = async (ev: ClaimedEvent, e: unknown) => {
      const msg = (e as Error).message ?? String(e);
      const retryable = (e as { retryable?: boolean }).retryable !== false;
      const retryAt = retryable && ev.attempts < MAX_ATTEMPTS ? new Date(deps.clock().getTime() + backoffMs(ev.attempts)) : null;
      await failOutbox(deps.db, ev.id, this.id, msg, retryAt, deps.clock());
    };
    const batches = new Map<OutboxBatchHandler, ClaimedEvent[]>();
    for (const ev of claimed) {
      const handler = handlers[ev.topic];
      if (handler && typeof handler !== 'function') {
        batches.set(handler, [...(batches.get(handler) ?? []), ev]);
        continue;
      }
      try {
        if (handler) await handler(ev, deps);
        done.push(ev.id);
      } catch (e) {
        await failed(ev, e);
      }
    }
    for (const [handler, events] of batches) {
      let failures: Map<number, Error>;
      try {
        failures = await handler.batch(events, deps);
      } catch (e) {
        failures = new Map(events.map((ev) => [ev.id, e as Error])); // the whole batch failed: each is retried
      }
      for (const ev of events) {
        const e = failures.get(ev.id);
        if (e) await failed(ev, e);
        else done.push(ev.id);
      }
    }
    await completeOutboxMany(deps.db, done, this.id, deps.clock());
    return claimed.length;
  }

  async runDueJobs(): Promise<string[]> {
    const { deps, jobs } = this.opts;
    const ran: string[] = [];
    for (const job of jobs) {
      const now = deps.clock();
      if (!(await claimJob(deps.db, job, this.id, now))) continue;
      try {
        await job.run(deps, now);
        await deps.db.updateTable('job').set({ last_run_at: now, claimed_until: null, last_error: null }).where('name', '=', job.name).where('claimed_by', '=', this.id).execute();
      } catch (e) {
        await deps.db.updateTable('job').set({ claimed_until: null, last_error: ((e as Error).message ?? '').slice(0, 500) }).where('name', '=', job.name).where('claimed_by', '=', this.id).execute();
      }
      ran.push(job.name);
    }
    return ran;
  }
}

/** Conditional update: exactly one process gets each run of a job. */
export async function claimJob(db: Kysely<DB>, job: Job, worker: string, now: Date): Promise<boolean> {
  await db.insertInto('job').values({ name: job.name, next_run_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const next = new Date(now.getTime() + job.everyMs);
  const r = await sql`
    UPDATE job SET next_run_at = ${next}, claimed_by = ${worker}, claimed_until = ${new Date(now.getTime() + 5 * 60_000)}
    WHERE name = ${job.name} AND next_run_at <= ${now} AND (claimed_until IS NULL OR claimed_until < ${now})`.execute(db);
  return (r.numAffectedRows ?? 0n) > 0n;
}
