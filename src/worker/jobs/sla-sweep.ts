// The SLA sweep: finds steps at risk (≥ 80 % of the window gone), breached, or near their statutory limit, and
// fires each (complaint, step, level) exactly once — claimed with FOR UPDATE SKIP LOCKED and conditional updates,
// so any number of server processes may sweep the same database at once.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../app/deps.ts';
import { systemCtx, type Ctx } from '../../app/context.ts';
import { appendAuditMany } from '../../db/audit.ts';
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

interface Fire {
  d: Due;
  trigger: LadderTrigger;
}

/**
 * Records fired levels: their audit entries and outbox events in a few statements for the whole batch, then any
 * escalation the ladder asks for, one complaint at a time through the normal use case.
 */
async function record(trx: Transaction<DB>, deps: Deps, ctx: Ctx, fires: readonly Fire[], res: SweepResult): Promise<void> {
  if (fires.length === 0) return;
  const facts = fires.map(({ d, trigger }) => {
    const data = { step: d.step, dueAt: d.effective_due_at.toISOString(), binding: d.binding, statutoryDueAt: d.statutory_due_at?.toISOString() ?? null, tier: d.tier, trackingNo: d.tracking_no };
    const rungs = rungsFor(DEFAULT_LADDER, d.step, trigger, d.tier);
    return { d, trigger, data, rungs, notify: [...new Set(rungs.flatMap((r) => r.notify))] };
  });
  await appendAuditMany(trx, ctx, facts.map((f) => ({
    entityType: 'complaint',
    entityId: f.d.complaint_id,
    kind: f.trigger === 'breached' ? 'SLA_BREACHED' : f.trigger === 'at_risk' ? 'SLA_AT_RISK' : 'SLA_STATUTORY_NEAR',
    data: f.data,
  })));
  await enqueue(trx, facts.map((f) => ({
    topic: `sla.${f.trigger}`,
    aggregateType: 'complaint',
    aggregateId: f.d.complaint_id,
    payload: { complaintId: f.d.complaint_id, ...f.data, notify: f.notify, handlingUnitId: f.d.handling_unit_id, handlerId: f.d.handler_id },
  })), ctx.now);
  for (const f of facts) {
    if (!f.rungs.some((r) => r.escalate) || (f.d.state !== 'assigned' && f.d.state !== 'in_progress')) continue;
    try {
      await sql`SAVEPOINT sla_escalate`.execute(trx);
      await runCommandIn(trx, deps, ctx, f.d.complaint_id, {
        type: 'escalateComplaint',
        reason: `时限“${f.d.step}”已超时，自动升级 / deadline "${f.d.step}" breached: escalated automatically`,
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

const DUE_COLUMNS = sql`d.complaint_id, d.step, d.starts_at, d.effective_due_at, d.statutory_due_at, d.binding, d.at_risk_fired_at,
  d.breached_fired_at, c.tier, c.state, c.tracking_no, c.handling_unit_id, c.handler_id`;

/**
 * Sets columns of (complaint, step) rows in one statement; `guard` names a column that must still be null (a level
 * fires once). Returns the keys of the rows it changed.
 */
async function updateSteps(trx: Transaction<DB>, rows: ReadonlyArray<{ d: Due; next: Date | null }>, set: ReturnType<typeof sql>, guard: ReturnType<typeof sql> | null): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const r = await sql<{ complaint_id: string; step: string }>`
    UPDATE complaint_deadline AS t SET ${set}
    FROM unnest(${rows.map((x) => x.d.complaint_id)}::uuid[], ${rows.map((x) => x.d.step)}::text[], ${rows.map((x) => x.next?.toISOString() ?? null)}::timestamptz[]) AS v(complaint_id, step, next)
    WHERE t.complaint_id = v.complaint_id AND t.step = v.step ${guard ? sql`AND ${guard} IS NULL` : sql``}
    RETURNING t.complaint_id, t.step`.execute(trx);
  return new Set(r.rows.map((x) => `${x.complaint_id}/${x.step}`));
}

export async function sweepSla(deps: Deps, now: Date, batch = 500): Promise<SweepResult> {
  const res: SweepResult = { atRisk: 0, breached: 0, statutoryNear: 0, escalated: 0 };
  const ctx = systemCtx(now);
  const key = (d: Due) => `${d.complaint_id}/${d.step}`;
  for (;;) {
    const n = await deps.db.transaction().execute(async (trx) => {
      // Claim whole complaints (their row first, like every use case) so that sweeps never deadlock with each
      // other or with handlers; SKIP LOCKED lets several processes share the work.
      const ids = await claimComplaints(trx, sql`SELECT complaint_id FROM complaint_deadline WHERE next_check_at <= ${now}
        GROUP BY complaint_id ORDER BY min(next_check_at) LIMIT ${batch}`);
      const rows = ids.length ? (await sql<Due>`
        SELECT ${DUE_COLUMNS} FROM complaint_deadline d JOIN complaint c ON c.id = d.complaint_id
        WHERE d.complaint_id = ANY(${ids}::uuid[]) AND d.next_check_at <= ${now}
        ORDER BY d.complaint_id, d.step`.execute(trx)).rows : [];
      const breached: Array<{ d: Due; next: null }> = [];
      const atRisk: Array<{ d: Due; next: Date }> = [];
      const later: Array<{ d: Due; next: Date | null }> = [];
      for (const d of rows) {
        const due = d.effective_due_at.getTime();
        const riskAt = d.starts_at.getTime() + AT_RISK_FRACTION * (due - d.starts_at.getTime());
        if (now.getTime() >= due && !d.breached_fired_at) breached.push({ d, next: null });
        else if (now.getTime() >= riskAt && !d.at_risk_fired_at) atRisk.push({ d, next: d.effective_due_at });
        else later.push({ d, next: d.at_risk_fired_at ? (d.breached_fired_at ? null : d.effective_due_at) : new Date(riskAt) });
      }
      const nowSql = sql`${now.toISOString()}::timestamptz`;
      const b = await updateSteps(trx, breached, sql`breached_fired_at = ${nowSql}, at_risk_fired_at = coalesce(t.at_risk_fired_at, ${nowSql}), next_check_at = NULL`, sql`t.breached_fired_at`);
      const a = await updateSteps(trx, atRisk, sql`at_risk_fired_at = ${nowSql}, next_check_at = v.next`, sql`t.at_risk_fired_at`);
      await updateSteps(trx, later, sql`next_check_at = v.next`, null);
      const fires: Fire[] = [
        ...breached.filter((x) => b.has(key(x.d))).map((x) => ({ d: x.d, trigger: 'breached' as const })),
        ...atRisk.filter((x) => a.has(key(x.d))).map((x) => ({ d: x.d, trigger: 'at_risk' as const })),
      ];
      res.breached += b.size;
      res.atRisk += a.size;

      const warnIds = await claimComplaints(trx, sql`SELECT complaint_id FROM complaint_deadline
        WHERE statutory_warn_at <= ${now} AND statutory_warned_at IS NULL ORDER BY statutory_warn_at LIMIT ${batch}`);
      const warn = warnIds.length ? (await sql<Due>`
        SELECT ${DUE_COLUMNS} FROM complaint_deadline d JOIN complaint c ON c.id = d.complaint_id
        WHERE d.complaint_id = ANY(${warnIds}::uuid[]) AND d.statutory_warn_at <= ${now} AND d.statutory_warned_at IS NULL`.execute(trx)).rows : [];
      const w = await updateSteps(trx, warn.map((d) => ({ d, next: null })), sql`statutory_warned_at = ${nowSql}`, sql`t.statutory_warned_at`);
      fires.push(...warn.filter((d) => w.has(key(d))).map((d) => ({ d, trigger: 'statutory_near' as const })));
      res.statutoryNear += w.size;
      await record(trx, deps, ctx, fires, res);
      return ids.length + warnIds.length;
    });
    if (n === 0) break;
  }
  return res;
}

export const slaSweepJob: Job = { name: 'sla-sweep', everyMs: 60_000, run: async (deps, now) => void (await sweepSla(deps, now)) };
