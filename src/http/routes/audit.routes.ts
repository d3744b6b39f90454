// The audit trail, read-only: list entries, verify the chain.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../app/deps.ts';
import { verifyAudit } from '../../db/audit.ts';
import { NoQuery, obj, responses } from '../schemas.ts';

const Entry = Type.Object({
  id: Type.Number(),
  stream: Type.String(),
  seq: Type.Number(),
  occurredAt: Type.String(),
  actorType: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  authMethod: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});

export async function auditRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const api = root.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/audit', {
    config: { permission: 'audit:read' },
    schema: {
      operationId: 'listAuditEntries', tags: ['audit'], summary: '审计台账 / audit entries, newest first',
      querystring: obj({
        kind: Type.Optional(Type.String({ pattern: '^[A-Z_]{2,60}$' })),
        entityType: Type.Optional(Type.String({ maxLength: 40 })),
        entityId: Type.Optional(Type.String({ maxLength: 64 })),
        actorId: Type.Optional(Type.String({ maxLength: 64 })),
        before: Type.Optional(Type.Integer({ minimum: 1 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      }),
      response: responses({ 200: Type.Object({ items: Type.Array(Entry), nextBefore: Type.Union([Type.Number(), Type.Null()]) }) }),
    },
  }, async (req) => {
    const q = req.query;
    const limit = q.limit ?? 100;
    let sel = deps.db.selectFrom('audit_entry').selectAll().orderBy('id', 'desc').limit(limit);
    if (q.kind) sel = sel.where('kind', '=', q.kind);
    if (q.entityType) sel = sel.where('entity_type', '=', q.entityType);
    if (q.entityId) sel = sel.where('entity_id', '=', q.entityId);
    if (q.actorId) sel = sel.where('actor_id', '=', q.actorId);
    if (q.before) sel = sel.where('id', '<', q.before);
    const rows = await sel.execute();
    return {
      items: rows.map((r) => ({
        id: Number(r.id), stream: r.stream, seq: Number(r.seq), occurredAt: r.occurred_at.toISOString(), actorType: r.actor_type,
        actorId: r.actor_id, authMethod: r.auth_method, ip: r.ip, requestId: r.request_id, entityType: r.entity_type,
        entityId: r.entity_id, kind: r.kind, data: r.data, hash: r.hash,
      })),
      nextBefore: rows.length === limit ? Number(rows[rows.length - 1]!.id) : null,
    };
  });

  api.post('/audit/verify', {
    config: { permission: 'audit:read' },
    schema: {
      operationId: 'verifyAuditChain', tags: ['audit'], summary: '校验审计链 / verify the hash chain',
      querystring: NoQuery,
      response: responses({ 200: Type.Object({ ok: Type.Boolean(), entries: Type.Number(), streams: Type.Number(), firstProblem: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]) }) }),
    },
  }, async () => {
    const r = await verifyAudit(deps.db);
    return { ...r, firstProblem: r.firstProblem ? { ...r.firstProblem } : null };
  });
}
