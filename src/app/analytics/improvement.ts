// Improvement (R4-07): root causes of closed complaints, remediation actions linked to complaints and warnings,
// and the retrospective review (回头看) of a reproducible sample of closed complaints.
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import {
  canMoveRemediation, isRootCause, REMEDIATION_TYPES, ROOT_CAUSES, retrospectiveVerdict, sampled, validateRetrospectiveForm,
  type RemediationState, type RetrospectiveForm,
} from '../../core/risk/improvement.ts';
import { visibleTo } from '../complaints/repository.ts';
import { adb, atrx } from './tables.ts';

/** The complaint as the caller may see it (intake, handling or co-handling unit in the caller's subtree — the same rule
 * as every complaint query); anything else does not exist for the caller (404). */
async function visibleComplaint(deps: Deps, ctx: Ctx, id: string) {
  const c = await deps.db.selectFrom('complaint').select(['id', 'closed_at']).where('id', '=', id).where(visibleTo(ctx)).executeTakeFirst();
  if (!c) throw new AppError('COMPLAINT_NOT_FOUND');
  return c;
}

export async function recordRootCause(deps: Deps, ctx: Ctx, complaintId: string, input: { code: string; detail?: string }) {
  if (!isRootCause(input.code)) throw new AppError('VALIDATION_FAILED', { fields: ['code'] });
  const c = await visibleComplaint(deps, ctx, complaintId);
  if (!c.closed_at) throw new AppError('INVALID_TRANSITION', { problem: 'root causes are recorded on closed complaints' });
  await deps.db.transaction().execute(async (trx) => {
    await sql`INSERT INTO complaint_root_cause (complaint_id, code, detail, recorded_by, recorded_at)
      VALUES (${complaintId}, ${input.code}, ${input.detail ?? ''}, ${ctx.actor.id}, ${ctx.now})
      ON CONFLICT (complaint_id) DO UPDATE SET code = EXCLUDED.code, detail = EXCLUDED.detail, recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at`.execute(trx);
    await appendAudit(trx, ctx, { entityType: 'complaint', entityId: complaintId, kind: 'ROOT_CAUSE_RECORDED', data: { code: input.code } });
  });
  return { complaintId, code: input.code, detail: input.detail ?? '', recordedAt: ctx.now.toISOString() };
}

/** Closed complaints per root cause, closed between two instants, in the caller's subtree. */
export async function rootCauseStats(deps: Deps, ctx: Ctx, from: Date, to: Date) {
  const own = ctx.actor.orgPath;
  const r = await sql<{ code: string; n: number }>`
    SELECT rc.code, count(*)::int AS n FROM complaint_root_cause rc JOIN complaint c ON c.id = rc.complaint_id LEFT JOIN org_unit u ON u.id = c.org_unit_id
    WHERE c.closed_at >= ${from} AND c.closed_at < ${to} ${own ? sql`AND u.path LIKE ${`${own}%`}` : sql``}
    GROUP BY 1 ORDER BY 2 DESC`.execute(deps.db);
  return r.rows.map((x) => ({ ...x, ...(ROOT_CAUSES.find((c) => c.code === x.code) ?? { zh: x.code, en: x.code }) }));
}

export interface RemediationInput {
  title: string;
  detail?: string;
  type: string;
  ownerId?: string | null;
  ownerUnitId?: string | null;
  dueAt: string;
  complaintIds?: string[];
  warningIds?: string[];
}

export async function createRemediation(deps: Deps, ctx: Ctx, i: RemediationInput) {
  const due = new Date(i.dueAt);
  if (!(REMEDIATION_TYPES as readonly string[]).includes(i.type) || Number.isNaN(due.getTime())) throw new AppError('VALIDATION_FAILED', { fields: ['type', 'dueAt'] });
  for (const id of i.complaintIds ?? []) await visibleComplaint(deps, ctx, id);
  const id = await deps.db.transaction().execute(async (trx) => {
    const t = atrx(trx);
    const warnings = i.warningIds?.length ? await t.selectFrom('risk_warning').select('id').where('id', 'in', i.warningIds).execute() : [];
    if (warnings.length !== (i.warningIds?.length ?? 0)) throw new AppError('NOT_FOUND', { entity: 'risk_warning' });
    const row = await t.insertInto('remediation_action').values({
      title: i.title, detail: i.detail ?? '', type: i.type, owner_id: i.ownerId ?? null, owner_unit_id: i.ownerUnitId ?? null, due_at: due,
      created_by: ctx.actor.id, created_at: ctx.now, updated_at: ctx.now,
    }).returning('id').executeTakeFirstOrThrow();
    const links = [...(i.complaintIds ?? []).map((c) => ({ target_type: 'complaint', target_id: c })), ...(i.warningIds ?? []).map((w) => ({ target_type: 'risk_warning', target_id: w }))];
    if (links.length) await t.insertInto('remediation_link').values(links.map((l) => ({ action_id: row.id, ...l }))).onConflict((oc) => oc.doNothing()).execute();
    await appendAudit(trx, ctx, { entityType: 'remediation_action', entityId: row.id, kind: 'REMEDIATION_CREATED', data: { title: i.title, type: i.type, dueAt: due.toISOString(), links: links.length } });
    return row.id;
  });
  return getRemediation(deps, id);
}

export async function updateRemediation(deps: Deps, ctx: Ctx, id: string, input: { state: RemediationState; note?: string | null }) {
  await deps.db.transaction().execute(async (trx) => {
    const t = atrx(trx);
    const cur = await t.selectFrom('remediation_action').select(['state']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!cur) throw new AppError('NOT_FOUND', { entity: 'remediation_action' });
    if (!canMoveRemediation(cur.state as RemediationState, input.state)) throw new AppError('INVALID_TRANSITION', { from: cur.state, to: input.state });
    if (input.state === 'done' && !input.note?.trim()) throw new AppError('VALIDATION_FAILED', { fields: ['note'] });
    await t.updateTable('remediation_action').set({
      state: input.state, updated_at: ctx.now, ...(input.note ? { completion_note: input.note } : {}), ...(input.state === 'done' ? { completed_at: ctx.now } : {}),
    }).where('id', '=', id).execute();
    await appendAudit(trx, ctx, { entityType: 'remediation_action', entityId: id, kind: 'REMEDIATION_UPDATED', data: { from: cur.state, to: input.state } });
  });
  return getRemediation(deps, id);
}

export async function getRemediation(deps: Deps, id: string) {
  return (await listRemediations(deps, { id }))[0] ?? Promise.reject(new AppError('NOT_FOUND', { entity: 'remediation_action' }));
}

export async function listRemediations(deps: Deps, f: { id?: string; state?: string | null; complaintId?: string | null; warningId?: string | null; limit?: number }) {
  const a = adb(deps.db);
  let q = a.selectFrom('remediation_action').selectAll().orderBy('due_at').limit(f.limit ?? 200);
  if (f.id) q = q.where('id', '=', f.id);
  if (f.state) q = q.where('state', '=', f.state);
  const target = f.complaintId ? ['complaint', f.complaintId] : f.warningId ? ['risk_warning', f.warningId] : null;
  if (target) q = q.where('id', 'in', a.selectFrom('remediation_link').select('action_id').where('target_type', '=', target[0]!).where('target_id', '=', target[1]!));
  const rows = await q.execute();
  const now = deps.clock();
  const links = rows.length ? await a.selectFrom('remediation_link').selectAll().where('action_id', 'in', rows.map((r) => r.id)).execute() : [];
  return rows.map((r) => ({
    id: r.id, title: r.title, detail: r.detail, type: r.type, ownerId: r.owner_id, ownerUnitId: r.owner_unit_id, dueAt: r.due_at.toISOString(), state: r.state,
    completionNote: r.completion_note, completedAt: r.completed_at?.toISOString() ?? null, overdue: !['done', 'cancelled'].includes(r.state) && r.due_at < now,
    complaintIds: links.filter((l) => l.action_id === r.id && l.target_type === 'complaint').map((l) => l.target_id),
    warningIds: links.filter((l) => l.action_id === r.id && l.target_type === 'risk_warning').map((l) => l.target_id),
  }));
}

export interface RetrospectiveConfig {
  rate: number;
  seed: string;
}
const CONFIG_KEY = 'analytics.retrospective';
export const DEFAULT_RETROSPECTIVE: RetrospectiveConfig = { rate: 0.05, seed: 'kesu' };

export async function retrospectiveConfig(deps: Deps): Promise<RetrospectiveConfig> {
  const r = await deps.db.selectFrom('setting').select('value').where('key', '=', CONFIG_KEY).executeTakeFirst();
  return { ...DEFAULT_RETROSPECTIVE, ...((r?.value as Partial<RetrospectiveConfig> | undefined) ?? {}) };
}

export async function setRetrospectiveConfig(deps: Deps, ctx: Ctx, c: RetrospectiveConfig): Promise<RetrospectiveConfig> {
  if (!(c.rate >= 0 && c.rate <= 1) || !c.seed.trim()) throw new AppError('VALIDATION_FAILED', { fields: ['rate', 'seed'] });
  await deps.db.transaction().execute(async (trx) => {
    await sql`INSERT INTO setting (key, value, updated_at) VALUES (${CONFIG_KEY}, ${JSON.stringify(c)}::jsonb, ${ctx.now})
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`.execute(trx);
    await appendAudit(trx, ctx, { entityType: 'setting', entityId: CONFIG_KEY, kind: 'CONFIG_CHANGED', data: { ...c } });
  });
  return c;
}

/** Draws the complaints closed since the last draw (job). Returns how many were sampled. */
export async function sampleRetrospective(deps: Deps, now: Date): Promise<number> {
  const cfg = await retrospectiveConfig(deps);
  return deps.db.transaction().execute(async (trx) => {
    const wm = await sql<{ watermark: Date | null }>`SELECT watermark FROM metric_watermark WHERE name = 'retrospective' FOR UPDATE SKIP LOCKED`.execute(trx);
    if (!wm.rows[0]) return 0;
    const since = wm.rows[0].watermark ?? new Date(0);
    const closed = await trx.selectFrom('complaint').select('id').where('closed_at', '>', since).where('closed_at', '<=', now).execute();
    const pick = closed.filter((c) => sampled(c.id, cfg.seed, cfg.rate));
    if (pick.length) {
      await atrx(trx).insertInto('retrospective_review').values(pick.map((c) => ({ complaint_id: c.id, sampled_at: now, seed: cfg.seed, rate: cfg.rate })))
        .onConflict((oc) => oc.column('complaint_id').doNothing()).execute();
    }
    await sql`UPDATE metric_watermark SET watermark = ${now}, updated_at = ${now} WHERE name = 'retrospective'`.execute(trx);
    return pick.length;
  });
}

export async function listRetrospective(deps: Deps, ctx: Ctx, f: { id?: string; state?: string | null; limit?: number }) {
  let q = adb(deps.db).selectFrom('retrospective_review as r').innerJoin('complaint as c', 'c.id', 'r.complaint_id').leftJoin('org_unit as u', 'u.id', 'c.org_unit_id')
    .select(['r.id', 'r.complaint_id', 'c.tracking_no', 'r.sampled_at', 'r.state', 'r.verdict', 'r.findings', 'r.form', 'r.reviewed_at'])
    .orderBy('r.sampled_at', 'desc').limit(f.limit ?? 100);
  if (f.state) q = q.where('r.state', '=', f.state);
  if (f.id) q = q.where('r.id', '=', f.id);
  if (ctx.actor.orgPath) q = q.where('u.path', 'like', `${ctx.actor.orgPath}%`);
  return (await q.execute()).map((r) => ({
    id: r.id, complaintId: r.complaint_id, trackingNo: r.tracking_no, sampledAt: r.sampled_at.toISOString(), state: r.state,
    verdict: r.verdict, findings: r.findings, form: r.form as Record<string, string> | null, reviewedAt: r.reviewed_at?.toISOString() ?? null,
  }));
}

export async function submitRetrospective(deps: Deps, ctx: Ctx, id: string, input: { form: Record<string, string>; findings?: string }) {
  const problems = validateRetrospectiveForm(input.form);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems.map((p) => `form.${p}`) });
  const verdict = retrospectiveVerdict(input.form as RetrospectiveForm);
  if (verdict === 'issues_found' && !input.findings?.trim()) throw new AppError('VALIDATION_FAILED', { fields: ['findings'] });
  const visible = await listRetrospective(deps, ctx, { id });
  if (visible.length === 0) throw new AppError('NOT_FOUND', { entity: 'retrospective_review' });
  await deps.db.transaction().execute(async (trx) => {
    const t = atrx(trx);
    const r = await t.updateTable('retrospective_review')
      .set({ state: 'done', form: JSON.stringify(input.form), findings: input.findings ?? null, verdict, reviewer_id: ctx.actor.id, reviewed_at: ctx.now })
      .where('id', '=', id).where('state', '=', 'pending').returning('complaint_id').executeTakeFirst();
    if (!r) throw new AppError('INVALID_TRANSITION', { problem: 'already reviewed' });
    await appendAudit(trx, ctx, { entityType: 'complaint', entityId: r.complaint_id, kind: 'RETROSPECTIVE_REVIEWED', data: { reviewId: id, verdict } });
  });
  return (await listRetrospective(deps, ctx, { id }))[0]!;
}
