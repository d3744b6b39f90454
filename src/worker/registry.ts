// Outbox handlers and periodic jobs, registered by feature areas.
import type { Job, OutboxHandler } from './worker.ts';
import { pruneRateLimits } from '../db/rate-limit.ts';
import { slaSweepJob } from './jobs/sla-sweep.ts';

export const outboxHandlers: Record<string, OutboxHandler> = {};

export const jobs: Job[] = [
  slaSweepJob,
  {
    name: 'prune-rate-limits',
    everyMs: 10 * 60_000,
    run: async (deps, now) => pruneRateLimits(deps.db, new Date(now.getTime() - 3600_000)),
  },
];
