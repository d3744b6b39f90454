// Periodic jobs and outbox handlers of the analytics area (registered in src/worker/registry.ts):
// rollup refresh every minute; event indicators (statutory breaches, read live from the deadline rows) every minute
// and right after an SLA breach; the other risk indicators every 5 minutes; retrospective sampling every hour.
// Nothing is held in memory: a run is claimed from the job table, an event from the outbox, and a crossing is
// unique per indicator × scope × period in the database, so any number of processes raise it once.
import type { Job, OutboxHandler } from '../worker.ts';
import { refreshMetrics } from '../../app/analytics/rollup.ts';
import { evaluateRisk } from '../../app/analytics/risk.ts';
import { sampleRetrospective } from '../../app/analytics/improvement.ts';

export const metricsRollupJob: Job = {
  name: 'analytics-rollup',
  everyMs: 60_000,
  run: async (deps, now) => {
    await refreshMetrics(deps.db, now);
  },
};

/** Indicators on rollup metrics (growth, rates, counts, EWMA spikes). */
export const riskEvaluationJob: Job = {
  name: 'analytics-risk',
  everyMs: 5 * 60_000,
  run: async (deps, now) => {
    await evaluateRisk(deps, now, { only: 'rollups' });
  },
};

/** Event indicators ("any breach of a statutory limit"): no rollup refresh, one indexed count per indicator and
 * period, so a limit that runs out unmet — whichever clock bound the step — raises its warning within a minute. */
export const riskEventsJob: Job = {
  name: 'analytics-risk-events',
  everyMs: 60_000,
  run: async (deps, now) => {
    await evaluateRisk(deps, now, { only: 'events' });
  },
};

/**
 * `sla.breached` (the SLA sweep): when the statutory limit is what ran out, evaluate the event indicators at once, so
 * the warning follows in the worker's next pass whichever process claims the event. The period of the limit itself is
 * evaluated too, in case the event is relayed late. A breach of an earlier policy target is not a statutory breach:
 * nothing to do here (the statutory limit, if it later runs out unmet, is caught by `analytics-risk-events`).
 */
export const riskOnSlaBreach: OutboxHandler = async (event, deps) => {
  const due = typeof event.payload.statutoryDueAt === 'string' ? new Date(event.payload.statutoryDueAt) : null;
  const now = deps.clock();
  if (!due || Number.isNaN(due.getTime()) || due.getTime() > now.getTime()) return;
  await evaluateRisk(deps, now, { only: 'events', at: [due] });
};

export const retrospectiveSamplingJob: Job = {
  name: 'analytics-retrospective',
  everyMs: 60 * 60_000,
  run: async (deps, now) => {
    await sampleRetrospective(deps, now);
  },
};

export const analyticsJobs: Job[] = [metricsRollupJob, riskEventsJob, riskEvaluationJob, retrospectiveSamplingJob];
