// Outbox handlers and periodic jobs, registered by feature areas.
import { Worker, type Job, type OutboxBatchHandler, type OutboxHandler } from './worker.ts';
import type { Deps } from '../app/deps.ts';
import { pruneRateLimits } from '../db/rate-limit.ts';
import { slaSweepJob } from './jobs/sla-sweep.ts';
import { analyticsJobs, riskOnSlaBreach } from './jobs/analytics.ts';
import { handleNoticeEvents, handleResend, type NoticeDeps } from '../app/notifications/notices.ts';
import { handleStaffNoticeEvent } from '../app/notifications/staff-notices.ts';

// Customer notices of every topic below are handled together: a claimed batch costs the same few statements.
const notice: OutboxBatchHandler = { batch: (events, deps) => handleNoticeEvents(events, deps as NoticeDeps) };
const staffNotice: OutboxHandler = (e, deps) => handleStaffNoticeEvent(e, deps as NoticeDeps);

/** Several reactions to one topic: each runs even if an earlier one fails; the first failure is then rethrown, so the
 * outbox retries the event and every part runs again (each must be idempotent). */
function all(...handlers: OutboxHandler[]): OutboxHandler {
  return async (e, deps) => {
    let failure: unknown = null;
    for (const h of handlers) {
      try {
        await h(e, deps);
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure) throw failure;
  };
}

export const outboxHandlers: Record<string, OutboxHandler | OutboxBatchHandler> = {
  'complaint.registered': notice,
  'complaint.information_requested': notice,
  'complaint.information_supplied': notice,
  'customer_notice.requested': notice,
  'complaint.feedback_sent': notice,
  'portal.otp_requested': notice,
  'notification.resend': (e, deps) => handleResend(e, deps as NoticeDeps),
  // One handler per topic: anything else that reacts to a breach must be composed into this entry.
  'sla.breached': all(riskOnSlaBreach, staffNotice),
  'sla.at_risk': staffNotice,
  'sla.statutory_near': staffNotice,
  'risk_warning.raised': staffNotice,
  'risk_warning.escalated': staffNotice,
};

export const jobs: Job[] = [
  slaSweepJob,
  ...analyticsJobs,
  {
    name: 'prune-rate-limits',
    everyMs: 10 * 60_000,
    run: async (deps, now) => pruneRateLimits(deps.db, new Date(now.getTime() - 3600_000)),
  },
];

/** The worker a server runs (inline or on its own thread): every handler and job above. */
export function kesuWorker(deps: Deps, pollMs: number, log: { error: (o: object, msg: string) => void }): Worker {
  return new Worker({ deps, handlers: outboxHandlers, jobs, pollMs, log });
}
