// Read-only helpers the staff console needs beyond the complaint API: who can be assigned a complaint, the
// extension-approval inbox, and open work by handler. Every query is bounded by the caller's org subtree.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../../app/deps.ts';
import type { Ctx } from '../../app/context.ts';
import { AppError } from '../../app/errors.ts';
import { snapshotOf, visibleTo } from '../../app/complaints/repository.ts';
import { AT_RISK_FRACTION } from '../../app/complaints/deadlines.ts';
import { deadlineStatus, listComplaints } from '../../app/complaints/queries.ts';
import { ListItem, ListQuery } from './complaints.schemas.ts';
import { isRole, ROLE_PERMISSIONS } from '../../core/access/permissions.ts';
import { NoQuery, obj, responses, Uuid } from '../schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const OPEN_EXCLUDED = ['closed', 'archived', 'merged'];

const StaffMember = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  orgUnitId: Type.String(),
  roles: Type.Array(Type.String()),
  canHandle: Type.Boolean(),
});

const PendingExtension = Type.Object({
  id: Type.String(),
  trackingNo: Type.String(),
  state: Type.String(),
  category: Nullable(Type.String()),
  tier: Type.Number(),
  handlingUnitId: Nullable(Type.String()),
  handlerId: Nullable(Type.String()),
  handlerName: Nullable(Type.String()),
  effectiveDueAt: Nullable(Type.String()),
  extensionLevel: Type.Number(),
  requestedBy: Nullable(Type.String()),
  requestedByName: Nullable(Type.String()),
  requestedAt: Nullable(Type.String()),
  reason: Type.String(),
});

const WorkloadRow = Type.Object({
  handlerId: Nullable(Type.String()),
  displayName: Nullable(Type.String()),
  open: Type.Number(),
  atRisk: Type.Number(),
  breached: Type.Number(),
});

const DueBrief = Type.Object({
  step: Type.String(),
  policyDue: Nullable(Type.String()),
  statutoryDue: Nullable(Type.String()),
  effectiveDue: Type.String(),
  binding: Type.String(),
  status: Type.String(),
});

const QueueItem = Type.Object({ ...ListItem.properties, next: Nullable(DueBrief), statutoryDue: Nullable(Type.String()) });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Adds to each queue item its next open deadline (both clocks, which binds, status) and the nearest statutory due. */
export async function withDeadlines<T extends { id: string }>(db: Kysely<DB>, items: T[], now: Date) {
  const rows = items.length
    ? await db.selectFrom('complaint_deadline').selectAll().where('complaint_id', 'in', items.map((i) => i.id)).where('met_at', 'is', null).orderBy('effective_due_at').execute()
    : [];
  return items.map((it) => {
    const open = rows.filter((r) => r.complaint_id === it.id && r.step !== 'reviewRequest');
    const first = open[0];
    const statutory = open.map((r) => r.statutory_due_at).filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    return {
      ...it,
      next: first
        ? { step: first.step, policyDue: iso(first.policy_due_at), statutoryDue: iso(first.statutory_due_at), effectiveDue: first.effective_due_at.toISOString(), binding: first.binding, status: deadlineStatus(first, now) }
        : null,
      statutoryDue: iso(statutory),
    };
  });
}

async function unitPathInScope(db: Kysely<DB>, ctx: Ctx, unitId: string): Promise<string> {
  const u = await db.selectFrom('org_unit').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!u || (ctx.actor.orgPath && !u.path.startsWith(ctx.actor.orgPath))) throw new AppError('ORG_UNIT_NOT_FOUND');
  return u.path;
}

/** Active staff of a unit and the units below it (where a handler of that unit may work), within the caller's scope. */
export async function listStaff(db: Kysely<DB>, ctx: Ctx, q: { unitId?: string; handlersOnly?: boolean }) {
  const path = q.unitId ? await unitPathInScope(db, ctx, q.unitId) : (ctx.actor.orgPath ?? '/');
  const rows = await db
    .selectFrom('app_user')
    .innerJoin('org_unit', 'org_unit.id', 'app_user.org_unit_id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.org_unit_id'])
    .where('app_user.status', '=', 'active')
    .where('org_unit.path', 'like', `${path}%`)
    .orderBy('org_unit.path')
    .orderBy('app_user.display_name')
    .limit(500)
    .execute();
  const roles = rows.length
    ? await db.selectFrom('user_role').select(['user_id', 'role']).where('user_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  const out = rows.map((r) => {
    const rs = roles.filter((x) => x.user_id === r.id).map((x) => x.role).filter(isRole).sort();
    return { id: r.id, displayName: r.display_name, orgUnitId: r.org_unit_id, roles: rs, canHandle: rs.some((x) => ROLE_PERMISSIONS[x].includes('complaint:handle')) };
  });
  return q.handlersOnly ? out.filter((u) => u.canHandle) : out;
}

/** Complaints in scope waiting for approval of an extension to 60 days, soonest due first. */
export async function listPendingExtensions(db: Kysely<DB>, ctx: Ctx) {
  const rows = await db
    .selectFrom('complaint')
    .selectAll()
    .where(visibleTo(ctx))
    .where('extension_pending', '=', true)
    .where('state', 'not in', OPEN_EXCLUDED)
    .orderBy(sql`coalesce(effective_due_at, '9999-12-31'::timestamptz)`)
    .limit(200)
    .execute();
  const ids = new Set<string>();
  const items = rows.map((r) => {
    const p = snapshotOf(r).pendingExtension;
    if (p?.requestedBy) ids.add(p.requestedBy);
    if (r.handler_id) ids.add(r.handler_id);
    return { r, p };
  });
  const names = new Map<string, string>();
  if (ids.size) {
    for (const u of await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', [...ids]).execute()) names.set(u.id, u.display_name);
  }
  return items.map(({ r, p }) => ({
    id: r.id,
    trackingNo: r.tracking_no,
    state: r.state,
    category: r.category,
    tier: r.tier,
    handlingUnitId: r.handling_unit_id,
    handlerId: r.handler_id,
    handlerName: r.handler_id ? (names.get(r.handler_id) ?? null) : null,
    effectiveDueAt: r.effective_due_at ? r.effective_due_at.toISOString() : null,
    extensionLevel: r.extension_level,
    requestedBy: p?.requestedBy ?? null,
    requestedByName: p?.requestedBy ? (names.get(p.requestedBy) ?? null) : null,
    requestedAt: p?.requestedAt ? new Date(p.requestedAt).toISOString() : null,
    reason: p?.reason ?? '',
  }));
}

/** Open complaints in scope by handler (null: not yet with a handler): open, at risk and breached counts. */
export async function handlerWorkload(db: Kysely<DB>, ctx: Ctx) {
  const now = ctx.now;
  const atRisk = sql<boolean>`EXISTS (SELECT 1 FROM complaint_deadline d WHERE d.complaint_id = complaint.id AND d.met_at IS NULL
    AND d.step <> 'reviewRequest' AND d.effective_due_at > ${now}
    AND d.starts_at + (d.effective_due_at - d.starts_at) * ${AT_RISK_FRACTION} <= ${now})`;
  const rows = await db
    .selectFrom('complaint')
    .leftJoin('app_user', 'app_user.id', 'complaint.handler_id')
    .select([
      'complaint.handler_id',
      'app_user.display_name',
      sql<string>`count(*)`.as('open'),
      sql<string>`count(*) FILTER (WHERE complaint.effective_due_at < ${now})`.as('breached'),
      sql<string>`count(*) FILTER (WHERE ${atRisk})`.as('at_risk'),
    ])
    .where(visibleTo(ctx))
    .where('complaint.closed_at', 'is', null)
    .where('complaint.state', 'not in', OPEN_EXCLUDED)
    .groupBy(['complaint.handler_id', 'app_user.display_name'])
    .orderBy(sql`count(*)`, 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({ handlerId: r.handler_id, displayName: r.display_name ?? null, open: Number(r.open), atRisk: Number(r.at_risk), breached: Number(r.breached) }));
}

export async function consoleRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const api = root.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/console/queue', {
    config: { permission: 'complaint:read' },
    schema: {
      operationId: 'listQueue', tags: ['console'], summary: '工作队列 / the complaint list with each item\'s next deadline (policy and statutory clocks, which binds)',
      querystring: ListQuery,
      response: responses({ 200: Type.Object({ items: Type.Array(QueueItem), nextCursor: Type.Union([Type.String(), Type.Null()]) }) }),
    },
  }, async (req) => {
    const { state, limit, ...rest } = req.query;
    const page = await listComplaints(deps, req.ctx, { ...rest, ...(state ? { state: state.split(',') } : {}), limit: limit ?? 50 });
    return { ...page, items: await withDeadlines(deps.db, page.items, req.ctx.now) };
  });

  api.get('/console/staff', {
    config: { permission: 'complaint:assign' },
    schema: {
      operationId: 'listAssignableStaff', tags: ['console'], summary: '可分派人员 / active staff of a unit and its sub-units (for assignment)',
      querystring: obj({ unitId: Type.Optional(Uuid), handlersOnly: Type.Optional(Type.Boolean()) }),
      response: responses({ 200: Type.Object({ items: Type.Array(StaffMember) }) }),
    },
  }, async (req) => ({ items: await listStaff(deps.db, req.ctx, { ...(req.query.unitId ? { unitId: req.query.unitId } : {}), handlersOnly: req.query.handlersOnly ?? false }) }));

  api.get('/console/extension-approvals', {
    config: { permission: 'extension:approve' },
    schema: {
      operationId: 'listPendingExtensions', tags: ['console'], summary: '延期审批待办 / complaints waiting for approval of an extension to 60 days',
      querystring: NoQuery,
      response: responses({ 200: Type.Object({ items: Type.Array(PendingExtension) }) }),
    },
  }, async (req) => ({ items: await listPendingExtensions(deps.db, req.ctx) }));

  api.get('/console/workload', {
    config: { permission: 'complaint:assign' },
    schema: {
      operationId: 'getHandlerWorkload', tags: ['console'], summary: '处理人工作量 / open complaints by handler: open, at risk, breached',
      querystring: NoQuery,
      response: responses({ 200: Type.Object({ items: Type.Array(WorkloadRow) }) }),
    },
  }, async (req) => ({ items: await handlerWorkload(deps.db, req.ctx) }));
}
