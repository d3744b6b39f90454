// The org-unit tree: head office → branch → sub-branch → outlet (plus departments). Materialised paths give
// each unit's subtree in one index range; visibility of everything else builds on them.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';

export const LEVELS = ['head_office', 'branch', 'sub_branch', 'outlet', 'department'] as const;
export type Level = (typeof LEVELS)[number];
const RANK: Record<Level, number> = { head_office: 0, branch: 1, sub_branch: 2, outlet: 3, department: 9 };

export interface OrgUnitView {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  parentId: string | null;
  active: boolean;
}

export function toView(r: { id: string; code: string; name: string; name_en: string | null; level: string; parent_id: string | null; active: boolean }): OrgUnitView {
  return { id: r.id, code: r.code, name: r.name, nameEn: r.name_en, level: r.level, parentId: r.parent_id, active: r.active };
}

export async function createOrgUnit(
  deps: Deps,
  ctx: Ctx | null,
  input: { code: string; name: string; nameEn?: string | null; level: Level; parentId?: string | null },
): Promise<OrgUnitView> {
  return deps.db.transaction().execute(async (trx) => {
    let parentPath = '/';
    if (input.parentId) {
      const p = await trx.selectFrom('org_unit').selectAll().where('id', '=', input.parentId).executeTakeFirst();
      if (!p || (ctx && ctx.actor.orgPath && !p.path.startsWith(ctx.actor.orgPath))) throw new AppError('ORG_UNIT_NOT_FOUND');
      if (input.level !== 'department' && RANK[input.level] <= RANK[p.level as Level]) throw new AppError('INVALID_ORG_PARENT', { parentLevel: p.level });
      parentPath = p.path;
    } else {
      if (input.level !== 'head_office') throw new AppError('INVALID_ORG_PARENT', { reason: 'only a head office has no parent' });
      if (ctx && ctx.actor.orgPath && ctx.actor.type !== 'system') throw new AppError('FORBIDDEN');
    }
    const taken = await trx.selectFrom('org_unit').select('id').where('code', '=', input.code).executeTakeFirst();
    if (taken) throw new AppError('ORG_UNIT_CODE_TAKEN');
    const id = (await sql<{ id: string }>`SELECT gen_random_uuid() AS id`.execute(trx)).rows[0]!.id;
    const now = ctx?.now ?? deps.clock();
    const row = await trx
      .insertInto('org_unit')
      .values({ id, code: input.code, name: input.name, name_en: input.nameEn ?? null, level: input.level, parent_id: input.parentId ?? null, path: `${parentPath}${id}/`, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (ctx) await appendAudit(trx, ctx, { entityType: 'org_unit', entityId: id, kind: 'ORG_UNIT_CREATED', data: { code: input.code, name: input.name, level: input.level, parentId: input.parentId ?? null } });
    return toView(row);
  });
}

export async function listOrgUnits(db: Kysely<DB>, ctx: Ctx): Promise<OrgUnitView[]> {
  let q = db.selectFrom('org_unit').selectAll().orderBy('path');
  if (ctx.actor.orgPath) q = q.where('path', 'like', `${ctx.actor.orgPath}%`);
  return (await q.execute()).map(toView);
}

export async function updateOrgUnit(deps: Deps, ctx: Ctx, id: string, patch: { name?: string; nameEn?: string | null; active?: boolean }): Promise<OrgUnitView> {
  return deps.db.transaction().execute(async (trx) => {
    const cur = await trx.selectFrom('org_unit').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!cur || (ctx.actor.orgPath && !cur.path.startsWith(ctx.actor.orgPath))) throw new AppError('ORG_UNIT_NOT_FOUND');
    const row = await trx
      .updateTable('org_unit')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.nameEn !== undefined ? { name_en: patch.nameEn } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        updated_at: ctx.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, ctx, { entityType: 'org_unit', entityId: id, kind: 'ORG_UNIT_UPDATED', data: { ...patch } });
    return toView(row);
  });
}

/** The unit directly above (null for head office); departments hang under their unit. */
export async function superiorOf(db: Kysely<DB>, unitId: string): Promise<{ id: string; path: string } | null> {
  const u = await db.selectFrom('org_unit').select(['parent_id']).where('id', '=', unitId).executeTakeFirst();
  if (!u?.parent_id) return null;
  return (await db.selectFrom('org_unit').select(['id', 'path']).where('id', '=', u.parent_id).executeTakeFirst()) ?? null;
}
