// Risk warnings after they fire (acknowledge, tick the checklist, resolve with a note), the indicators that raise
// them, and the contingency plans and drills behind them (R5-04, R5-05).
import { sql, type Selectable } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { enqueue } from '../../db/outbox.ts';
import { validateIndicator, type IndicatorSpec } from '../../core/risk/indicators.ts';
import { nextWarningState, RISK_TYPES, type ChecklistItem, type WarningState } from '../../core/risk/plans.ts';
import { fmtDate } from './dashboard.ts';
import { specOf } from './risk.ts';
import { adb, atrx, type RiskWarningTable } from './tables.ts';

export interface WarningView {
  id: string; indicatorCode: string; indicatorName: string; riskType: string; scopeType: string; scopeKey: string; scopeLabel: string;
  periodStart: string; periodEnd: string; level: string; observed: number; threshold: number; baseline: number | null; state: string;
  ownerId: string | null; dueAt: string; checklist: ChecklistItem[]; raisedAt: string; escalatedAt: string | null;
  acknowledgedAt: string | null; resolvedAt: string | null; resolutionNote: string | null;
}

type WarningRow = Selectable<RiskWarningTable> & { code: string; name: string; risk_type: string; scope_type: string };

function view(r: WarningRow): WarningView {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: r.id, indicatorCode: r.code, indicatorName: r.name, riskType: r.risk_type, scopeType: r.scope_type, scopeKey: r.scope_key, scopeLabel: r.scope_label,
    periodStart: fmtDate(r.period_start), periodEnd: fmtDate(r.period_end), level: r.level, observed: Number(r.observed), threshold: Number(r.threshold),
    baseline: r.baseline === null ? null : Number(r.baseline), state: r.state, ownerId: r.owner_id, dueAt: r.due_at.toISOString(),
    checklist: r.checklist as unknown as ChecklistItem[], raisedAt: r.raised_at.toISOString(), escalatedAt: iso(r.escalated_at),
    acknowledgedAt: iso(r.acknowledged_at), resolvedAt: iso(r.resolved_at), resolutionNote: r.resolution_note,
  };
}

function warningQuery(deps: Deps, ctx: Ctx) {
  let q = adb(deps.db).selectFrom('risk_warning as w').innerJoin('risk_indicator as i', 'i.id', 'w.indicator_id')
    .selectAll('w').select(['i.code', 'i.name', 'i.risk_type', 'i.scope_type']);
  // Institution-wide warnings are for staff of a root unit; unit warnings for that unit's subtree.
  const own = ctx.actor.orgPath;
  if (own) q = q.where((eb) => eb.or([eb('w.unit_path', 'like', `${own}%`), eb.and([eb('w.unit_path', 'is', null), eb.val(own.split('/').filter(Boolean).length === 1)])]));
  return q;
}

export async function listWarnings(deps: Deps, ctx: Ctx, f: { state?: string | null; limit?: number }): Promise<WarningView[]> {
  let q = warningQuery(deps, ctx).orderBy('w.raised_at', 'desc').limit(f.limit ?? 100);
  if (f.state) q = q.where('w.state', '=', f.state);
  return (await q.execute()).map(view);
}

export async function getWarning(deps: Deps, ctx: Ctx, id: string): Promise<WarningView> {
  const r = await warningQuery(deps, ctx).where('w.id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', { entity: 'risk_warning' });
  return view(r);
}

/** acknowledge | resolve (with a note) | tick a checklist item. */
export async function actOnWarning(
  deps: Deps, ctx: Ctx, id: string, a: { action: 'acknowledge' | 'resolve' | 'check'; note?: string | null; item?: number; done?: boolean },
): Promise<WarningView> {
  await getWarning(deps, ctx, id); // visibility
  await deps.db.transaction().execute(async (trx) => {
    const t = atrx(trx);
    const cur = await t.selectFrom('risk_warning').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (a.action === 'check') {
      const list = [...(cur.checklist as unknown as ChecklistItem[])];
      const k = a.item ?? -1;
      if (!list[k] || cur.state === 'resolved') throw new AppError(cur.state === 'resolved' ? 'INVALID_TRANSITION' : 'VALIDATION_FAILED', { fields: ['item'] });
      list[k] = { ...list[k], done: a.done ?? true, doneBy: ctx.actor.id, doneAt: ctx.now.toISOString() };
      await t.updateTable('risk_warning').set({ checklist: JSON.stringify(list) }).where('id', '=', id).execute();
      await appendAudit(trx, ctx, { entityType: 'risk_warning', entityId: id, kind: 'RISK_WARNING_CHECKLIST_UPDATED', data: { item: k, done: a.done ?? true } });
      return;
    }
    const next = nextWarningState(cur.state as WarningState, a.action, a.note);
    if (!next) throw new AppError(a.action === 'resolve' && !a.note?.trim() && cur.state !== 'resolved' ? 'VALIDATION_FAILED' : 'INVALID_TRANSITION', { state: cur.state, action: a.action });
    const set = a.action === 'acknowledge'
      ? { state: next, acknowledged_at: ctx.now, acknowledged_by: ctx.actor.id }
      : { state: next, resolved_at: ctx.now, resolved_by: ctx.actor.id, resolution_note: a.note!.trim() };
    await t.updateTable('risk_warning').set(set).where('id', '=', id).execute();
    const kind = a.action === 'acknowledge' ? 'RISK_WARNING_ACKNOWLEDGED' : 'RISK_WARNING_RESOLVED';
    await appendAudit(trx, ctx, { entityType: 'risk_warning', entityId: id, kind, data: { from: cur.state, to: next, ...(a.note ? { note: a.note } : {}) } });
    await enqueue(trx, { topic: `risk_warning.${next}`, aggregateType: 'risk_warning', aggregateId: id, payload: { warningId: id, state: next, by: ctx.actor.id } }, ctx.now);
  });
  return getWarning(deps, ctx, id);
}

export type IndicatorView = IndicatorSpec & { id: string; active: boolean; ownerUserId: string | null };

export async function listIndicators(deps: Deps): Promise<IndicatorView[]> {
  const rows = await adb(deps.db).selectFrom('risk_indicator').selectAll().orderBy('code').execute();
  return rows.map((r) => ({ ...specOf(r), id: r.id, active: r.active, ownerUserId: r.owner_user_id }));
}

/** Creates (no id) or replaces an indicator after validation. */
export async function saveIndicator(deps: Deps, ctx: Ctx, spec: IndicatorSpec & { active?: boolean; ownerUserId?: string | null }, id?: string): Promise<IndicatorView> {
  const problems = validateIndicator(spec);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const values = {
    code: spec.code, name: spec.zh, name_en: spec.en, metric: spec.metric, scope_type: spec.scopeType, scope_value: spec.scopeValue, window: spec.window,
    mode: spec.mode, direction: spec.direction, warning: spec.warning, alarm: spec.alarm, min_volume: spec.minVolume, risk_type: spec.riskType,
    due_hours: spec.dueHours, owner_role: spec.ownerRole, owner_user_id: spec.ownerUserId ?? null, ewma: spec.ewma ? JSON.stringify(spec.ewma) : null,
    active: spec.active ?? true, updated_at: ctx.now,
  };
  const saved = await deps.db.transaction().execute(async (trx) => {
    const t = atrx(trx);
    const clash = await t.selectFrom('risk_indicator').select('id').where('code', '=', spec.code).executeTakeFirst();
    if (clash && clash.id !== id) throw new AppError('VALIDATION_FAILED', { fields: ['code'], problem: 'code taken' });
    const row = id
      ? await t.updateTable('risk_indicator').set(values).where('id', '=', id).returning('id').executeTakeFirst()
      : await t.insertInto('risk_indicator').values({ ...values, created_at: ctx.now }).returning('id').executeTakeFirstOrThrow();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'risk_indicator' });
    await appendAudit(trx, ctx, { entityType: 'risk_indicator', entityId: row.id, kind: 'RISK_INDICATOR_SAVED', data: { ...spec } });
    return row.id;
  });
  return (await listIndicators(deps)).find((i) => i.id === saved)!;
}

export async function listPlans(deps: Deps) {
  const a = adb(deps.db);
  const plans = await a.selectFrom('contingency_plan').selectAll().orderBy('risk_type').execute();
  const drills = await a.selectFrom('contingency_drill').selectAll().orderBy('held_at', 'desc').execute();
  return plans.map((p) => ({
    id: p.id, riskType: p.risk_type, name: p.name, nameEn: p.name_en, checklist: p.checklist as unknown as string[], version: p.version,
    updatedAt: p.updated_at.toISOString(),
    drills: drills.filter((d) => d.plan_id === p.id).map((d) => ({ id: d.id, heldAt: d.held_at.toISOString(), scenario: d.scenario, participants: d.participants, findings: d.findings })),
  }));
}

export async function updatePlan(deps: Deps, ctx: Ctx, riskType: string, input: { name?: string; nameEn?: string; checklist: string[] }) {
  if (!(RISK_TYPES as readonly string[]).includes(riskType)) throw new AppError('NOT_FOUND', { entity: 'contingency_plan' });
  if (input.checklist.length === 0 || input.checklist.some((x) => !x.trim())) throw new AppError('VALIDATION_FAILED', { fields: ['checklist'] });
  await deps.db.transaction().execute(async (trx) => {
    const r = await sql<{ id: string; version: number }>`
      UPDATE contingency_plan SET checklist = ${JSON.stringify(input.checklist)}::jsonb, version = version + 1, updated_by = ${ctx.actor.id}, updated_at = ${ctx.now},
        name = COALESCE(${input.name ?? null}, name), name_en = COALESCE(${input.nameEn ?? null}, name_en)
      WHERE risk_type = ${riskType} RETURNING id, version`.execute(trx);
    const p = r.rows[0];
    if (!p) throw new AppError('NOT_FOUND', { entity: 'contingency_plan' });
    await appendAudit(trx, ctx, { entityType: 'contingency_plan', entityId: p.id, kind: 'CONTINGENCY_PLAN_UPDATED', data: { riskType, version: p.version, items: input.checklist.length } });
  });
  return (await listPlans(deps)).find((p) => p.riskType === riskType)!;
}

export async function recordDrill(deps: Deps, ctx: Ctx, riskType: string, input: { heldAt: string; scenario: string; participants?: string; findings?: string }) {
  const heldAt = new Date(input.heldAt);
  if (Number.isNaN(heldAt.getTime()) || heldAt > ctx.now) throw new AppError('VALIDATION_FAILED', { fields: ['heldAt'] });
  return deps.db.transaction().execute(async (trx) => {
    const t = atrx(trx);
    const plan = await t.selectFrom('contingency_plan').select('id').where('risk_type', '=', riskType).executeTakeFirst();
    if (!plan) throw new AppError('NOT_FOUND', { entity: 'contingency_plan' });
    const d = await t.insertInto('contingency_drill')
      .values({ plan_id: plan.id, held_at: heldAt, scenario: input.scenario, participants: input.participants ?? '', findings: input.findings ?? '', recorded_by: ctx.actor.id, created_at: ctx.now })
      .returning('id').executeTakeFirstOrThrow();
    await appendAudit(trx, ctx, { entityType: 'contingency_plan', entityId: plan.id, kind: 'CONTINGENCY_DRILL_RECORDED', data: { drillId: d.id, heldAt: heldAt.toISOString(), scenario: input.scenario } });
    return { id: d.id, planId: plan.id, heldAt: heldAt.toISOString() };
  });
}
