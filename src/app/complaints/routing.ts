// Routing rules as data: territory (the intake unit's subtree), business line, category, channel → handling unit.
// The most specific active rule with the lowest priority number wins; with no rule, territorial responsibility
// (属地管理) keeps the complaint with the unit that received it.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface RoutingFacts {
  orgUnitId: string | null;
  businessCode: string | null;
  category: string | null;
  channel: string;
}

export async function routeComplaint(q: Q, f: RoutingFacts): Promise<string | null> {
  const intakePath = f.orgUnitId ? (await q.selectFrom('org_unit').select('path').where('id', '=', f.orgUnitId).executeTakeFirst())?.path ?? null : null;
  const rules = await q
    .selectFrom('routing_rule')
    .leftJoin('org_unit', 'org_unit.id', 'routing_rule.org_unit_id')
    .select(['routing_rule.id', 'routing_rule.priority', 'routing_rule.business_code', 'routing_rule.category', 'routing_rule.channel', 'routing_rule.target_unit_id', 'org_unit.path'])
    .where('routing_rule.active', '=', true)
    .execute();
  const matching = rules.filter(
    (r) =>
      (!r.path || (intakePath !== null && intakePath.startsWith(r.path))) &&
      (!r.business_code || r.business_code === f.businessCode) &&
      (!r.category || r.category === f.category) &&
      (!r.channel || r.channel === f.channel),
  );
  const specificity = (r: (typeof matching)[number]) => (r.path ? r.path.length : 0) + (r.business_code ? 1000 : 0) + (r.category ? 1000 : 0) + (r.channel ? 500 : 0);
  matching.sort((a, b) => a.priority - b.priority || specificity(b) - specificity(a));
  return matching[0]?.target_unit_id ?? f.orgUnitId;
}

export interface RoutingRuleInput {
  priority?: number;
  orgUnitId?: string | null;
  businessCode?: string | null;
  category?: string | null;
  channel?: string | null;
  targetUnitId: string;
}

async function assertUnits(deps: Deps, input: RoutingRuleInput): Promise<void> {
  for (const id of [input.orgUnitId, input.targetUnitId]) {
    if (id && !(await deps.db.selectFrom('org_unit').select('id').where('id', '=', id).executeTakeFirst())) throw new AppError('ORG_UNIT_NOT_FOUND');
  }
}

export async function createRoutingRule(deps: Deps, ctx: Ctx, input: RoutingRuleInput) {
  await assertUnits(deps, input);
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('routing_rule')
      .values({ priority: input.priority ?? 100, org_unit_id: input.orgUnitId ?? null, business_code: input.businessCode ?? null, category: input.category ?? null, channel: input.channel ?? null, target_unit_id: input.targetUnitId, created_at: ctx.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, ctx, { entityType: 'routing_rule', entityId: r.id, kind: 'CONFIG_CHANGED', data: { action: 'routing_rule.created', ...input } });
    return r;
  });
}

/**
 * Replaces an active rule's conditions, target and priority (what is not given becomes "any"; priority defaults to
 * 100 as at creation). Complaints already routed keep their unit; the audit entry keeps the rule as it was.
 */
export async function updateRoutingRule(deps: Deps, ctx: Ctx, id: string, input: RoutingRuleInput) {
  await assertUnits(deps, input);
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('routing_rule').selectAll().where('id', '=', id).where('active', '=', true).forUpdate().executeTakeFirst();
    if (!before) throw new AppError('NOT_FOUND');
    const r = await trx
      .updateTable('routing_rule')
      .set({ priority: input.priority ?? 100, org_unit_id: input.orgUnitId ?? null, business_code: input.businessCode ?? null, category: input.category ?? null, channel: input.channel ?? null, target_unit_id: input.targetUnitId })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = (x: typeof r) => ({ priority: x.priority, orgUnitId: x.org_unit_id, businessCode: x.business_code, category: x.category, channel: x.channel, targetUnitId: x.target_unit_id });
    await appendAudit(trx, ctx, { entityType: 'routing_rule', entityId: id, kind: 'CONFIG_CHANGED', data: { action: 'routing_rule.updated', before: view(before), after: view(r) } });
    return r;
  });
}

export async function deleteRoutingRule(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('routing_rule').set({ active: false }).where('id', '=', id).where('active', '=', true).executeTakeFirst();
    if (r.numUpdatedRows === 0n) throw new AppError('NOT_FOUND');
    await appendAudit(trx, ctx, { entityType: 'routing_rule', entityId: id, kind: 'CONFIG_CHANGED', data: { action: 'routing_rule.deactivated' } });
  });
}
