// Outbox handlers and periodic jobs, registered by feature areas.
import type { Job, OutboxHandler } from './worker.ts';
import { pruneRateLimits } from '../db/rate-limit.ts';
import { slaSweepJob } from './jobs/sla-sweep.ts';
import { analyticsJobs } from './jobs/analytics.ts';
import { handleNoticeEvent, handleResend, type NoticeDeps } from '../app/notifications/notices.ts';

const notice: OutboxHandler = (e, deps) => handleNoticeEvent(e, deps as NoticeDeps);

export const outboxHandlers: Record<string, OutboxHandler> = {
  'complaint.registered': notice,
  'complaint.information_requested': notice,
  'complaint.information_supplied': notice,
  'customer_notice.requested': notice,
  'complaint.feedback_sent': notice,
  'portal.otp_requested': notice,
  'notification.resend': (e, deps) => handleResend(e, deps as NoticeDeps),
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
