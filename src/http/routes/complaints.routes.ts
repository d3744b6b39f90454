// The complaint API: intake, reading, the queue, and one route per step of the loop.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema, type Static } from 'typebox';
import type { Deps } from '../../app/deps.ts';
import type { Permission } from '../../core/access/permissions.ts';
import type { ComplaintCommand, CompletenessField } from '../../core/complaints/index.ts';
import { createComplaint } from '../../app/complaints/intake.ts';
import { runCommand } from '../../app/complaints/commands.ts';
import { complaintView, deadlineViews, deadlinesOf, getComplaint, listComplaints, revealPii } from '../../app/complaints/queries.ts';
import { addNote, getTimeline, listNotes } from '../../app/complaints/timeline.ts';
import { addAttachment, listAttachments, readAttachment } from '../../app/attachments/attachments.ts';
import { IdParams, NoQuery, obj, responses, Text } from '../schemas.ts';
import { AttachmentBody, ActionBodies, ComplaintSchema, DeadlineSchema, IntakeBody, ListItem, ListQuery } from './complaints.schemas.ts';

type Bodies = typeof ActionBodies;
interface Action<K extends keyof Bodies> {
  path: string;
  operationId: string;
  permission: Permission;
  summary: string;
  body: K;
  command: (b: Static<Bodies[K]>) => ComplaintCommand;
}

const d = (s: string | undefined) => (s ? new Date(s) : undefined);

function supplied(b: Static<Bodies['supplyInformation']>): CompletenessField[] {
  const out: CompletenessField[] = [];
  if (b.complainant?.name || b.complainant?.idNumber) out.push('identity');
  if (b.complainant?.phone || b.complainant?.email) out.push('contact');
  if (b.content?.trim()) out.push('content');
  if (b.demand?.trim()) out.push('demand');
  return out;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyAction = Action<any>;
function act<K extends keyof Bodies>(a: Action<K>): AnyAction {
  return a as AnyAction;
}

const ACTIONS: AnyAction[] = [
  act({ path: 'accept', operationId: 'acceptComplaint', permission: 'complaint:accept', summary: '受理 / accept', body: 'accept', command: () => ({ type: 'acceptComplaint' }) }),
  act({ path: 'classify', operationId: 'classifyComplaint', permission: 'complaint:classify', summary: '分类 / classify', body: 'classify', command: (b) => ({ type: 'classifyComplaint', ...b }) }),
  act({ path: 'assign', operationId: 'assignComplaint', permission: 'complaint:assign', summary: '分派 / assign to a unit and handler', body: 'assign', command: (b) => ({ type: 'assignComplaint', handlingUnitId: b.handlingUnitId, handlerId: b.handlerId ?? null }) }),
  act({ path: 'start', operationId: 'startHandling', permission: 'complaint:handle', summary: '开始处理 / start handling', body: 'start', command: () => ({ type: 'startHandling' }) }),
  act({ path: 'transfer', operationId: 'transferComplaint', permission: 'complaint:handle', summary: '转办 / transfer with a reason', body: 'transfer', command: (b) => ({ type: 'transferComplaint', toUnitId: b.toUnitId, toHandlerId: b.toHandlerId ?? null, reason: b.reason }) }),
  act({ path: 'return', operationId: 'returnComplaint', permission: 'complaint:handle', summary: '退回 / send back with a reason', body: 'return', command: (b) => ({ type: 'returnComplaint', reason: b.reason }) }),
  act({ path: 'escalate', operationId: 'escalateComplaint', permission: 'complaint:escalate', summary: '升级 / escalate to the next tier', body: 'escalate', command: (b) => ({ type: 'escalateComplaint', reason: b.reason, ...(b.toUnitId ? { toUnitId: b.toUnitId } : {}), toHandlerId: b.toHandlerId ?? null }) }),
  act({ path: 'information-requests', operationId: 'requestInformation', permission: 'complaint:handle', summary: '要求补充材料 / request information', body: 'requestInformation', command: (b) => ({ type: 'requestInformation', ...(b.fields ? { fields: b.fields } : {}), ...(b.note ? { note: b.note } : {}) }) }),
  act({ path: 'information', operationId: 'supplyInformation', permission: 'complaint:handle', summary: '补充材料 / record supplied information', body: 'supplyInformation', command: (b) => ({ type: 'supplyInformation', suppliedFields: supplied(b) }) }),
  act({ path: 'extension', operationId: 'extendDeadline', permission: 'complaint:handle', summary: '延期 / extend (level 1: 30 days; level 2: 60 days, needs approval)', body: 'extend', command: (b) => ({ type: 'extendDeadline', level: b.level, reason: b.reason }) }),
  act({ path: 'extension/approval', operationId: 'approveExtension', permission: 'extension:approve', summary: '审批延期 / approve or reject an extension to 60 days', body: 'approveExtension', command: (b) => ({ type: 'approveExtension', approved: b.approved, ...(b.note ? { note: b.note } : {}) }) }),
  act({ path: 'decision', operationId: 'recordDecision', permission: 'complaint:decide', summary: '处理决定 / record the decision', body: 'decision', command: (b) => ({ type: 'recordDecision', outcome: b.outcome, remedy: b.remedy, factsChecked: b.factsChecked, basisAndReasons: b.basisAndReasons, remediesOpen: b.remediesOpen }) }),
  act({ path: 'feedback', operationId: 'sendResultFeedback', permission: 'complaint:handle', summary: '结果反馈 / the decision was communicated', body: 'feedback', command: (b) => ({ type: 'sendResultFeedback', channel: b.channel, ...(b.notifiedAt ? { notifiedAt: d(b.notifiedAt)! } : {}) }) }),
  act({ path: 'satisfaction', operationId: 'recordSatisfaction', permission: 'complaint:handle', summary: '满意度 / satisfaction on four dimensions', body: 'satisfaction', command: (b) => ({ type: 'recordSatisfaction', level: b.level, ...(b.scores ? { scores: b.scores } : {}) }) }),
  act({ path: 'review-request', operationId: 'requestReview', permission: 'complaint:handle', summary: '申请核查 / record a review request (within 30 days of the notice)', body: 'reviewRequest', command: (b) => ({ type: 'requestReview', reason: b.reason, ...(b.receivedAt ? { receivedAt: d(b.receivedAt)! } : {}) }) }),
  act({ path: 'review-decision', operationId: 'decideReview', permission: 'complaint:review', summary: '核查决定 / decide the review (superior unit, not the original handler)', body: 'reviewDecision', command: (b) => ({ type: 'decideReview', result: b.result, reasons: b.reasons, ...(b.outcome ? { outcome: b.outcome } : {}), ...(b.remedy ? { remedy: b.remedy } : {}) }) }),
  act({ path: 'follow-up', operationId: 'recordFollowUp', permission: 'complaint:handle', summary: '回访 / record the follow-up', body: 'followUp', command: (b) => ({ type: 'recordFollowUp', reached: b.reached, ...(b.note ? { note: b.note } : {}) }) }),
  act({ path: 'close', operationId: 'closeComplaint', permission: 'complaint:close', summary: '办结 / close', body: 'close', command: (b) => ({ type: 'closeComplaint', ...(b.reason ? { reason: b.reason } : {}) }) }),
  act({ path: 'reopen', operationId: 'reopenComplaint', permission: 'complaint:close', summary: '重新打开 / reopen with a reason', body: 'reopen', command: (b) => ({ type: 'reopenComplaint', reason: b.reason }) }),
  act({ path: 'merge', operationId: 'mergeComplaints', permission: 'complaint:merge', summary: '合并 / merge into another complaint of the same complainant', body: 'merge', command: (b) => ({ type: 'mergeComplaints', target: { id: b.targetId, state: 'registered' }, sameComplainant: false, ...(b.reason ? { reason: b.reason } : {}) }) }),
  act({ path: 'archive', operationId: 'archiveComplaint', permission: 'complaint:close', summary: '归档 / archive', body: 'archive', command: () => ({ type: 'archiveComplaint' }) }),
];

export async function complaintRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const api = root.withTypeProvider<TypeBoxTypeProvider>();

  api.post('/complaints', {
    config: { permission: 'complaint:create' },
    schema: {
      operationId: 'createComplaint', tags: ['complaints'], summary: '登记投诉 / register a complaint from any channel',
      querystring: NoQuery,
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' })) }),
      body: IntakeBody,
      response: responses({ 200: ComplaintSchema, 201: ComplaintSchema }),
    },
  }, async (req, reply) => {
    const key = req.headers['idempotency-key'];
    const r = await createComplaint(deps, req.ctx, req.body, typeof key === 'string' ? key : undefined);
    if (r.row && r.deadlines) return reply.code(201).send(complaintView(r.row, deadlineViews(r.deadlines, req.ctx.now)));
    return reply.code(r.created ? 201 : 200).send(await getComplaint(deps, req.ctx, r.id));
  });

  api.get('/complaints', {
    config: { permission: 'complaint:read' },
    schema: {
      operationId: 'listComplaints', tags: ['complaints'], summary: '投诉队列 / list complaints by effective due time, with filters and Chinese full-text search',
      querystring: ListQuery,
      response: responses({ 200: Type.Object({ items: Type.Array(ListItem), nextCursor: Type.Union([Type.String(), Type.Null()]) }) }),
    },
  }, async (req) => {
    const { state, limit, ...rest } = req.query;
    return listComplaints(deps, req.ctx, { ...rest, ...(state ? { state: state.split(',') } : {}), limit: limit ?? 50 });
  });

  api.get('/complaints/:id', {
    config: { permission: 'complaint:read' },
    schema: { operationId: 'getComplaint', tags: ['complaints'], summary: '投诉详情 / one complaint (personal data masked)', params: IdParams, querystring: NoQuery, response: responses({ 200: ComplaintSchema }) },
  }, async (req) => getComplaint(deps, req.ctx, req.params.id));

  api.get('/complaints/:id/deadlines', {
    config: { permission: 'complaint:read' },
    schema: { operationId: 'getComplaintDeadlines', tags: ['complaints'], summary: '时限说明 / every step: policy, statutory and effective due, which binds', params: IdParams, querystring: NoQuery, response: responses({ 200: Type.Object({ items: Type.Array(DeadlineSchema) }) }) },
  }, async (req) => {
    await getComplaint(deps, req.ctx, req.params.id);
    return { items: await deadlinesOf(deps.db, req.params.id, req.ctx.now) };
  });

  api.get('/complaints/:id/timeline', {
    config: { permission: 'complaint:read' },
    schema: {
      operationId: 'getComplaintTimeline', tags: ['complaints'], summary: '时间线 / the audit trail as readable events', params: IdParams, querystring: NoQuery,
      response: responses({ 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Number(), at: Type.String(), kind: Type.String(), label: Type.Object({ zh: Type.String(), en: Type.String() }), actor: Type.Object({ type: Type.String(), id: Type.Union([Type.String(), Type.Null()]), name: Type.Union([Type.String(), Type.Null()]) }), data: Type.Record(Type.String(), Type.Unknown()) })) }) }),
    },
  }, async (req) => ({ items: await getTimeline(deps, req.ctx, req.params.id) }));

  api.post('/complaints/:id/pii/reveal', {
    config: { permission: 'pii:reveal' },
    schema: {
      operationId: 'revealComplainantPii', tags: ['complaints'], summary: '查看完整个人信息（须说明理由，留痕）/ reveal personal data with a reason (audited)',
      params: IdParams, querystring: NoQuery,
      body: obj({ fields: Type.Array(Type.Union(['name', 'idNumber', 'phone', 'email', 'customerNo'].map((f) => Type.Literal(f))), { minItems: 1, maxItems: 5 }), reason: Text(500, 4) }),
      response: responses({ 200: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()])) }),
    },
  }, async (req) => revealPii(deps, req.ctx, req.params.id, req.body as { fields: Array<'name' | 'idNumber' | 'phone' | 'email' | 'customerNo'>; reason: string }));

  api.get('/complaints/:id/notes', {
    config: { permission: 'complaint:read' },
    schema: { operationId: 'listComplaintNotes', tags: ['complaints'], summary: '内部备注 / internal notes', params: IdParams, querystring: NoQuery, response: responses({ 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), body: Type.String(), authorId: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String() })) }) }) },
  }, async (req) => ({ items: await listNotes(deps, req.ctx, req.params.id) }));

  api.post('/complaints/:id/notes', {
    config: { permission: 'complaint:note' },
    schema: { operationId: 'addComplaintNote', tags: ['complaints'], summary: '添加内部备注 / add an internal note', params: IdParams, querystring: NoQuery, body: obj({ body: Text(5000, 1) }), response: responses({ 201: Type.Object({ id: Type.String(), body: Type.String(), authorId: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String() }) }) },
  }, async (req, reply) => reply.code(201).send(await addNote(deps, req.ctx, req.params.id, req.body.body)));

  const Attachment = Type.Object({ id: Type.String(), filename: Type.String(), mime: Type.String(), size: Type.Number(), uploadedBy: Type.String(), createdAt: Type.String() });
  api.get('/complaints/:id/attachments', {
    config: { permission: 'complaint:read' },
    schema: { operationId: 'listAttachments', tags: ['complaints'], summary: '附件列表 / attachments', params: IdParams, querystring: NoQuery, response: responses({ 200: Type.Object({ items: Type.Array(Attachment) }) }) },
  }, async (req) => ({ items: await listAttachments(deps, req.ctx, req.params.id) }));

  api.post('/complaints/:id/attachments', {
    config: { permission: 'complaint:handle' },
    bodyLimit: 15 * 1024 * 1024,
    schema: { operationId: 'addAttachment', tags: ['complaints'], summary: '上传附件（jpg/png/pdf，≤10MB，≤5 个）/ add an attachment', params: IdParams, querystring: NoQuery, body: AttachmentBody, response: responses({ 201: Attachment }) },
  }, async (req, reply) => reply.code(201).send(await addAttachment(deps, req.ctx, req.params.id, req.body, 'staff')));

  api.get('/complaints/:id/attachments/:attachmentId', {
    config: { permission: 'complaint:read' },
    schema: { operationId: 'downloadAttachment', tags: ['complaints'], summary: '下载附件 / download an attachment (as a file, never rendered)', params: obj({ id: IdParams.properties.id, attachmentId: IdParams.properties.id }), querystring: NoQuery, response: responses({ 200: Type.Unknown({ description: 'the file' }) }) },
  }, async (req, reply) => {
    const f = await readAttachment(deps, req.ctx, req.params.id, req.params.attachmentId);
    return reply
      .type(f.mime)
      .header('content-disposition', `attachment; filename="attachment.${f.filename.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .send(f.content);
  });

  for (const a of ACTIONS) {
    const body = ActionBodies[a.body as keyof Bodies] as TSchema;
    api.post(`/complaints/:id/${a.path}`, {
      config: { permission: a.permission },
      schema: { operationId: a.operationId, tags: ['complaints'], summary: a.summary, params: IdParams, querystring: NoQuery, body, response: responses({ 200: ComplaintSchema }) },
    }, async (req) => {
      const b = (req.body ?? {}) as never;
      const command = (a.command as (x: never) => ComplaintCommand)(b);
      const row = await runCommand(deps, req.ctx, req.params.id, command, { payload: b as Record<string, unknown> });
      return complaintView(row, await deadlinesOf(deps.db, row.id, req.ctx.now));
    });
  }
}
