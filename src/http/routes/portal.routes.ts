// The customer portal's API: submit a complaint, track it with a one-time code, answer back.
// Portal sessions reach exactly one complaint (the one whose code was verified); ids never come from the request.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../app/deps.ts';
import { AppError } from '../../app/errors.ts';
import { endPortalSession, portalCommand, portalView, requestOtp, submitComplaint, verifyOtp } from '../../app/portal/portal.ts';
import { PORTAL_COOKIE } from '../auth.ts';
import { NoQuery, Ok, obj, responses, Text } from '../schemas.ts';
import { SATISFACTION_LEVELS } from '../../core/complaints/index.ts';
import { addAttachment } from '../../app/attachments/attachments.ts';
import { AttachmentBody } from './complaints.schemas.ts';

const TrackingNo = Type.String({ pattern: '^[A-Za-z0-9-]{6,32}$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const PortalView = Type.Object({
  trackingNo: Type.String(),
  status: Type.String(),
  receivedAt: Type.String(),
  missing: Type.Array(Type.String()),
  content: Type.String(),
  demand: Type.String(),
  timeline: Type.Array(Type.Object({ at: Type.String(), event: Type.String(), label: Type.Object({ zh: Type.String(), en: Type.String() }) })),
  decision: Nullable(Type.Object({ outcome: Type.String(), remedy: Type.String(), factsChecked: Type.String(), basisAndReasons: Type.String(), remediesOpen: Type.Array(Type.String()), notifiedAt: Type.String() })),
  reviewWindowClosesOn: Nullable(Type.String()),
  canSupplyInformation: Type.Boolean(),
  canRate: Type.Boolean(),
  canRequestReview: Type.Boolean(),
  review: Nullable(Type.Object({ status: Type.String(), result: Type.Unknown() })),
});

export async function portalRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const api = root.withTypeProvider<TypeBoxTypeProvider>();
  const setCookie = (reply: FastifyReply, token: string) => reply.setCookie(PORTAL_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 3600, secure: reply.request.protocol === 'https' });

  api.post('/portal/complaints', {
    config: { permission: 'public' },
    schema: {
      operationId: 'portalSubmitComplaint', tags: ['portal'], summary: '客户提交投诉 / a customer submits a complaint',
      querystring: NoQuery,
      body: obj({
        complainant: obj({ name: Text(100, 1), idNumber: Type.Optional(Text(32)), phone: Type.Optional(Text(24)), email: Type.Optional(Text(254)) }),
        content: Text(5000, 1),
        demand: Text(2000, 1),
        amount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12 })),
        productName: Type.Optional(Text(200)),
        consent: Type.Literal(true),
        website: Type.Optional(Text(200)), // honeypot: people never see it
      }),
      response: responses({ 201: Type.Object({ trackingNo: Type.String() }) }),
    },
  }, async (req, reply) => {
    const { consent: _c, website, ...input } = req.body;
    if (website) throw new AppError('VALIDATION_FAILED', { field: 'form' });
    return reply.code(201).send(await submitComplaint(deps, req.ctx, input));
  });

  api.post('/portal/otp', {
    config: { permission: 'public' },
    schema: {
      operationId: 'portalRequestCode', tags: ['portal'], summary: '获取查询验证码 / send a one-time code to the contact on file',
      querystring: NoQuery,
      body: obj({ trackingNo: TrackingNo, via: Type.Optional(Type.Union([Type.Literal('sms'), Type.Literal('email')])) }),
      response: responses({ 202: Type.Object({ sent: Type.Literal(true) }) }),
    },
  }, async (req, reply) => {
    await requestOtp(deps, req.ctx, req.body);
    return reply.code(202).send({ sent: true as const });
  });

  api.post('/portal/session', {
    config: { permission: 'public' },
    schema: {
      operationId: 'portalSignIn', tags: ['portal'], summary: '凭验证码查询 / open the complaint with the one-time code',
      querystring: NoQuery,
      body: obj({ trackingNo: TrackingNo, code: Type.String({ pattern: '^[0-9]{6}$' }) }),
      response: responses({ 200: Type.Object({ csrfToken: Type.String() }) }),
    },
  }, async (req, reply) => {
    const s = await verifyOtp(deps, req.ctx, req.body);
    setCookie(reply, s.token);
    return { csrfToken: s.csrfToken };
  });

  api.get('/portal/complaint', {
    config: { permission: 'portal' },
    schema: { operationId: 'portalGetComplaint', tags: ['portal'], summary: '我的投诉 / the complaint of this session', querystring: NoQuery, response: responses({ 200: PortalView }) },
  }, async (req) => portalView(deps, req.portalComplaintId!, req.ctx.now));

  api.post('/portal/complaint/information', {
    config: { permission: 'portal' },
    schema: {
      operationId: 'portalSupplyInformation', tags: ['portal'], summary: '补充材料 / supply requested information',
      querystring: NoQuery,
      body: obj({ note: Type.Optional(Text(2000)), content: Type.Optional(Text(5000)), demand: Type.Optional(Text(2000)), complainant: Type.Optional(obj({ phone: Type.Optional(Text(24)), email: Type.Optional(Text(254)) })) }),
      response: responses({ 200: PortalView }),
    },
  }, async (req) => {
    const b = req.body;
    const supplied = [...(b.content ? ['content' as const] : []), ...(b.demand ? ['demand' as const] : []), ...(b.complainant?.phone || b.complainant?.email ? ['contact' as const] : [])];
    await portalCommand(deps, req.ctx, req.portalComplaintId!, { type: 'supplyInformation', suppliedFields: supplied }, b as Record<string, unknown>);
    return portalView(deps, req.portalComplaintId!, req.ctx.now);
  });

  api.post('/portal/complaint/satisfaction', {
    config: { permission: 'portal' },
    schema: {
      operationId: 'portalRate', tags: ['portal'], summary: '满意度评价 / rate on four dimensions',
      querystring: NoQuery,
      body: obj({
        level: Type.Union(SATISFACTION_LEVELS.map((l) => Type.Literal(l))),
        scores: obj({ handlingTime: Type.Integer({ minimum: 1, maximum: 5 }), resolution: Type.Integer({ minimum: 1, maximum: 5 }), communication: Type.Integer({ minimum: 1, maximum: 5 }), followUpService: Type.Integer({ minimum: 1, maximum: 5 }) }),
        comment: Type.Optional(Text(1000)),
      }),
      response: responses({ 200: PortalView }),
    },
  }, async (req) => {
    await portalCommand(deps, req.ctx, req.portalComplaintId!, { type: 'recordSatisfaction', level: req.body.level as never, scores: req.body.scores }, req.body as Record<string, unknown>);
    return portalView(deps, req.portalComplaintId!, req.ctx.now);
  });

  api.post('/portal/complaint/review', {
    config: { permission: 'portal' },
    schema: {
      operationId: 'portalRequestReview', tags: ['portal'], summary: '申请核查（收到处理决定后 30 日内）/ request a review within 30 days of the decision',
      querystring: NoQuery,
      body: obj({ reason: Text(2000, 1) }),
      response: responses({ 200: PortalView }),
    },
  }, async (req) => {
    await portalCommand(deps, req.ctx, req.portalComplaintId!, { type: 'requestReview', reason: req.body.reason });
    return portalView(deps, req.portalComplaintId!, req.ctx.now);
  });

  api.post('/portal/complaint/attachments', {
    config: { permission: 'portal' },
    bodyLimit: 15 * 1024 * 1024,
    schema: { operationId: 'portalAddAttachment', tags: ['portal'], summary: '上传附件（jpg/png/pdf，≤10MB，≤5 个）/ add an attachment', querystring: NoQuery, body: AttachmentBody, response: responses({ 201: Type.Object({ id: Type.String(), filename: Type.String(), size: Type.Number() }) }) },
  }, async (req, reply) => {
    const a = await addAttachment(deps, req.ctx, req.portalComplaintId!, req.body, 'customer');
    return reply.code(201).send({ id: a.id, filename: a.filename, size: a.size });
  });

  api.post('/portal/logout', {
    config: { permission: 'portal' },
    schema: { operationId: 'portalSignOut', tags: ['portal'], summary: '退出 / end the portal session', querystring: NoQuery, response: responses({ 200: Ok }) },
  }, async (req, reply) => {
    await endPortalSession(deps, req.sessionToken!, req.ctx.now);
    reply.clearCookie(PORTAL_COOKIE, { path: '/' });
    return { ok: true as const };
  });
}
