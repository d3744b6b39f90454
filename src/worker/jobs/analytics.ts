// Periodic jobs of the analytics area (registered by the lead in src/worker/registry.ts):
// rollup refresh every minute, risk-indicator evaluation every 5 minutes, retrospective sampling every hour.
import type { Job } from '../worker.ts';
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

export const riskEvaluationJob: Job = {
  name: 'analytics-risk',
  everyMs: 5 * 60_000,
  run: async (deps, now) => {
    await evaluateRisk(deps, now);
  },
};

export const retrospectiveSamplingJob: Job = {
  name: 'analytics-retrospective',
  everyMs: 60 * 60_000,
  run: async (deps, now) => {
    await sampleRetrospective(deps, now);
  },
};

export const analyticsJobs: Job[] = [metricsRollupJob, riskEvaluationJob, retrospectiveSamplingJob];
