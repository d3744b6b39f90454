// The SLA sweep: finds steps at risk (≥ 80 % of the window gone), breached, or near their statutory limit, and
// fires each (complaint, step, level) exactly once — claimed with FOR UPDATE SKIP LOCKED and conditional updates,
// so any number of server processes may sweep the same database at once.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../app/deps.ts';
import { systemCtx, type Ctx } from '../../app/context.ts';
import { appendAudit } from '../../db/audit.ts';
import { enqueue } from '../../db/outbox.ts';
import { AT_RISK_FRACTION } from '../../app/complaints/deadlines.ts';
import { runCommandIn } from '../../app/complaints/commands.ts';
import { DEFAULT_LADDER, rungsFor, type LadderTrigger } from '../../core/sla/escalation.ts';
import type { Job } from '../worker.ts';

interface Due {
  complaint_id: string;
  step: string;
  starts_at: Date;
  effective_due_at: Date;
  statutory_due_at: Date | null;
  binding: string;
  at_risk_fired_at: Date | null;
  breached_fired_at: Date | null;
  tier: number;
  state: string;
  tracking_no: string;
  handling_unit_id: string | null;
  handler_id: string | null;
}

export interface SweepResult {
  atRisk: number;
  breached: number;
  statutoryNear: number;
  escalated: number;
}

async function fire(trx: Transaction<DB>, deps: Deps, ctx: Ctx, d: Due, trigger: LadderTrigger, res: SweepResult): Promise<void> {
  const kind = trigger === 'breached' ? 'SLA_BREACHED' : trigger === 'at_risk' ? 'SLA_AT_RISK' : 'SLA_STATUTORY_NEAR';
  const data = { step: d.step, dueAt: d.effective_due_at.toISOString(), binding: d.binding, statutoryDueAt: d.statutory_due_at?.toISOString() ?? null, tier: d.tier, trackingNo: d.tracking_no };
  await appendAudit(trx, ctx, { entityType: 'complaint', entityId: d.complaint_id, kind, data });
  const rungs = rungsFor(DEFAULT_LADDER, d.step, trigger, d.tier);
  const notify = [...new Set(rungs.flatMap((r) => r.notify))];
  await enqueue(trx, { topic: `sla.${trigger}`, aggregateType: 'complaint', aggregateId: d.complaint_id, payload: { complaintId: d.complaint_id, ...data, notify, handlingUnitId: d.handling_unit_id, handlerId: d.handler_id } }, ctx.now);
  if (rungs.some((r) => r.escalate) && (d.state === 'assigned' || d.state === 'in_progress')) {
    try {
      await sql`SAVEPOINT sla_escalate`.execute(trx);
      await runCommandIn(trx, deps, ctx, d.complaint_id, {
        type: 'escalateComplaint',
        reason: `时限“${d.step}”已超时，自动升级 / deadline "${d.step}" breached: escalated automatically`,
      });
      await sql`RELEASE SAVEPOINT sla_escalate`.execute(trx);
      res.escalated++;
    } catch {
      // Escalation refused by the rules (e.g. already at tier 3): the breach still stands, recorded above.
      await sql`ROLLBACK TO SAVEPOINT sla_escalate`.execute(trx);
    }
  }
}

async function claimComplaints(trx: Transaction<DB>, candidates: ReturnType<typeof sql>): Promise<string[]> {
  const r = await sql<{ id: string }>`SELECT id FROM complaint WHERE id IN (${candidates}) ORDER BY id FOR UPDATE SKIP LOCKED`.execute(trx);
  return r.rows.map((x) => x.id);
}

export async function sweepSla(deps: Deps, now: Date, batch = 500): Promise<SweepResult> {
  const res: SweepResult = { atRisk: 0, breached: 0, statutoryNear: 0, escalated: 0 };
  const ctx = systemCtx(now);
  for (;;) {
    const n = await deps.db.transaction().execute(async (trx) => {
      // Claim whole complaints (their row first, like every use case) so that sweeps never deadlock with each
      // other or with handlers; SKIP LOCKED lets several processes share the work.
      const ids = await claimComplaints(trx, sql`SELECT complaint_id FROM complaint_deadline WHERE next_check_at <= ${now}
        GROUP BY complaint_id ORDER BY min(next_check_at) LIMIT ${batch}`);
      const rows = ids.length ? await sql<Due>`
        SELECT d.complaint_id, d.step, d.starts_at, d.effective_due_at, d.statutory_due_at, d.binding, d.at_risk_fired_at,
               d.breached_fired_at, c.tier, c.state, c.tracking_no, c.handling_unit_id, c.handler_id
        FROM complaint_deadline d JOIN complaint c ON c.id = d.complaint_id
        WHERE d.complaint_id = ANY(${ids}::uuid[]) AND d.next_check_at <= ${now}
        ORDER BY d.complaint_id, d.step`.execute(trx) : { rows: [] as Due[] };
      for (const d of rows.rows) {
        const due = d.effective_due_at.getTime();
        const riskAt = d.starts_at.getTime() + AT_RISK_FRACTION * (due - d.starts_at.getTime());
        if (now.getTime() >= due && !d.breached_fired_at) {
          const upd = await trx.updateTable('complaint_deadline')
            .set({ breached_fired_at: now, at_risk_fired_at: d.at_risk_fired_at ?? now, next_check_at: null })
            .where('complaint_id', '=', d.complaint_id).where('step', '=', d.step).where('breached_fired_at', 'is', null)
            .executeTakeFirst();
          if (upd.numUpdatedRows > 0n) {
            res.breached++;
            await fire(trx, deps, ctx, d, 'breached', res);
          }
        } else if (now.getTime() >= riskAt && !d.at_risk_fired_at) {
          const upd = await trx.updateTable('complaint_deadline')
            .set({ at_risk_fired_at: now, next_check_at: d.effective_due_at })
            .where('complaint_id', '=', d.complaint_id).where('step', '=', d.step).where('at_risk_fired_at', 'is', null)
            .executeTakeFirst();
          if (upd.numUpdatedRows > 0n) {
            res.atRisk++;
            await fire(trx, deps, ctx, d, 'at_risk', res);
          }
        } else {
          const next = d.at_risk_fired_at ? (d.breached_fired_at ? null : d.effective_due_at) : new Date(riskAt);
          await trx.updateTable('complaint_deadline').set({ next_check_at: next }).where('complaint_id', '=', d.complaint_id).where('step', '=', d.step).execute();
        }
      }
      const warnIds = await claimComplaints(trx, sql`SELECT complaint_id FROM complaint_deadline
        WHERE statutory_warn_at <= ${now} AND statutory_warned_at IS NULL ORDER BY statutory_warn_at LIMIT ${batch}`);
      const warn = warnIds.length ? await sql<Due>`
        SELECT d.complaint_id, d.step, d.starts_at, d.effective_due_at, d.statutory_due_at, d.binding, d.at_risk_fired_at,
               d.breached_fired_at, c.tier, c.state, c.tracking_no, c.handling_unit_id, c.handler_id
        FROM complaint_deadline d JOIN complaint c ON c.id = d.complaint_id
        WHERE d.complaint_id = ANY(${warnIds}::uuid[]) AND d.statutory_warn_at <= ${now} AND d.statutory_warned_at IS NULL`.execute(trx) : { rows: [] as Due[] };
      for (const d of warn.rows) {
        await trx.updateTable('complaint_deadline').set({ statutory_warned_at: now }).where('complaint_id', '=', d.complaint_id).where('step', '=', d.step).execute();
        res.statutoryNear++;
        await fire(trx, deps, ctx, d, 'statutory_near', res);
      }
      return ids.length + warnIds.length;
    });
    if (n === 0) break;
  }
  return res;
}

export const slaSweepJob: Job = { name: 'sla-sweep', everyMs: 60_000, run: async (deps, now) => void (await sweepSla(deps, now)) };
