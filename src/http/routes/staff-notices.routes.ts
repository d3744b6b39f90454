// The signed-in user's notices (deadline warnings, escalations, risk warnings): list, mark one read, mark all read.
// Any signed-in user; each sees only their own — another user's notice id is 404, like one that does not exist.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../app/deps.ts';
import { listMyNotices, markAllNoticesRead, markNoticeRead } from '../../app/notifications/staff-notices.ts';
import { IdParams, NoQuery, obj, responses } from '../schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Notice = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'sla_at_risk | sla_breached | sla_statutory_near | risk_warning_raised | risk_warning_escalated' }),
  complaintId: Nullable(Type.String()),
  warningId: Nullable(Type.String()),
  titleZh: Type.String(),
  titleEn: Type.String(),
  bodyZh: Type.String({ description: 'plain text, lines separated by \\n' }),
  bodyEn: Type.String(),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});

const tags = ['notices'];

export async function staffNoticeRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const api = root.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/me/notices', {
    config: { permission: 'authenticated' },
    schema: {
      operationId: 'listMyNotices', tags, summary: '我的通知（最新在前）/ my notices, newest first, with the unread count',
      querystring: obj({
        unread: Type.Optional(Type.Boolean()),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        cursor: Type.Optional(Type.String({ maxLength: 200 })),
      }),
      response: responses({ 200: Type.Object({ items: Type.Array(Notice), unreadCount: Type.Number(), nextCursor: Nullable(Type.String()) }) }),
    },
  }, async (req) => listMyNotices(deps, req.ctx, req.query));

  api.post('/me/notices/:id/read', {
    config: { permission: 'authenticated' },
    schema: {
      operationId: 'markNoticeRead', tags, summary: '标记为已读 / mark one of my notices read', params: IdParams, querystring: NoQuery, body: obj({}),
      response: responses({ 200: Type.Object({ ...Notice.properties, unreadCount: Type.Number() }) }),
    },
  }, async (req) => markNoticeRead(deps, req.ctx, req.params.id));

  api.post('/me/notices/read-all', {
    config: { permission: 'authenticated' },
    schema: {
      operationId: 'markAllNoticesRead', tags, summary: '全部标记为已读 / mark all my notices read', querystring: NoQuery, body: obj({}),
      response: responses({ 200: Type.Object({ marked: Type.Number(), unreadCount: Type.Number() }) }),
    },
  }, async (req) => markAllNoticesRead(deps, req.ctx));
}
