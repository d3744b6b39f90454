// Administration of policy data: the calendar, SLA policy, routing rules, code tables, notification templates,
// and the notification dead-letter list.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../app/deps.ts';
import { calendarInfo, currentHandlingRules, currentSlaPolicy, importCalendar, setAdjustedWorkdays, setHandlingRules, setSlaPolicy } from '../../app/config/calendar.ts';
import { REPEAT_WINDOW_LIMITS } from '../../core/complaints/index.ts';
import { activateCodeTable, activeCodeTable, listCodeTables, loadCodeTable } from '../../app/config/code-tables.ts';
import { createRoutingRule, deleteRoutingRule, updateRoutingRule } from '../../app/complaints/routing.ts';
import { listTemplates, getTemplate, previewTemplate, saveTemplate } from '../../app/notifications/templates.ts';
import { resendNotification } from '../../app/notifications/notices.ts';
import { TEMPLATE_KINDS, type NotificationTemplate, type TemplateKind } from '../../core/notify/index.ts';
import type { SlaPolicy } from '../../core/sla/index.ts';
import { CATEGORIES, CHANNELS } from '../../core/complaints/index.ts';
import { IdParams, NoQuery, Ok, obj, responses, Text, Uuid } from '../schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const AnyObject = Type.Record(Type.String(), Type.Unknown());
const KindParams = obj({ kind: Type.Union(TEMPLATE_KINDS.map((k) => Type.Literal(k))) });
// A calendar file in either form (multi-year `{ source?, $comment?, years }` or single-year `{ year, holidays,
// workdays, notice?, source?, $comment? }`): only its field names are checked here; what they hold is checked by the
// core's parser (parseCalendarImport, shared with `kesu calendar import`), with its error codes and paths.
const Any = Type.Optional(Type.Unknown());
const CalendarFile = obj({ $comment: Any, source: Any, years: Any, year: Any, notice: Any, holidays: Any, workdays: Any });

export async function configRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const api = root.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/calendar', {
    config: { permission: 'authenticated' },
    schema: { operationId: 'getCalendar', tags: ['config'], summary: '节假日日历 / the working-day calendar in force', querystring: NoQuery, response: responses({ 200: AnyObject }) },
  }, async () => calendarInfo(deps.db));

  api.post('/calendar/import', {
    config: { permission: 'calendar:manage' },
    schema: {
      operationId: 'importCalendar', tags: ['config'], summary: '导入年度节假日 / import a year of holidays and adjusted working days',
      querystring: NoQuery,
      body: CalendarFile,
      response: responses({ 200: Type.Object({ years: Type.Array(Type.Number()) }) }),
    },
  }, async (req) => importCalendar(deps, req.ctx, req.body));

  api.put('/calendar/settings', {
    config: { permission: 'calendar:manage' },
    schema: { operationId: 'setCalendarSettings', tags: ['config'], summary: '调休上班日是否计为工作日 / whether adjusted working days count', querystring: NoQuery, body: obj({ adjustedWorkdaysAreWorkingDays: Type.Boolean() }), response: responses({ 200: Ok }) },
  }, async (req) => {
    await setAdjustedWorkdays(deps, req.ctx, req.body.adjustedWorkdaysAreWorkingDays);
    return { ok: true as const };
  });

  api.get('/sla-policy', {
    config: { permission: 'authenticated' },
    schema: { operationId: 'getSlaPolicy', tags: ['config'], summary: '时限策略 / the SLA policy in force', querystring: NoQuery, response: responses({ 200: AnyObject }) },
  }, async () => currentSlaPolicy() as unknown as Record<string, unknown>);

  api.put('/sla-policy', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'setSlaPolicy', tags: ['config'], summary: '修改时限策略 / replace the SLA policy (validated)', querystring: NoQuery, body: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 32 }), response: responses({ 200: Ok }) },
  }, async (req) => {
    await setSlaPolicy(deps, req.ctx, req.body as unknown as SlaPolicy);
    return { ok: true as const };
  });

  const HandlingRules = Type.Object({
    repeatWindowDays: Type.Integer({ minimum: REPEAT_WINDOW_LIMITS.min, maximum: REPEAT_WINDOW_LIMITS.max, description: '重复投诉识别期（自然日）/ days within which an earlier complaint of the same complainant makes a repeat' }),
    majorRequiresInPersonFeedback: Type.Boolean({ description: '重大投诉须当面反馈结果 / major complaints get their result in person (R3.3-01)' }),
    notifyCustomerOnFirstExtension: Type.Boolean({ description: '首次延期也告知投诉人 / also notify the complainant of the first extension' }),
  }, { additionalProperties: false });
  api.get('/complaint-policy', {
    config: { permission: 'authenticated' },
    schema: { operationId: 'getComplaintPolicy', tags: ['config'], summary: '投诉处理规则 / the complaint handling rules in force', querystring: NoQuery, response: responses({ 200: HandlingRules }) },
  }, async () => currentHandlingRules());

  api.put('/complaint-policy', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'setComplaintPolicy', tags: ['config'], summary: '修改投诉处理规则 / replace the complaint handling rules (every field)', querystring: NoQuery, body: HandlingRules, response: responses({ 200: HandlingRules }) },
  }, async (req) => setHandlingRules(deps, req.ctx, req.body));

  const Rule = Type.Object({ id: Type.String(), priority: Type.Number(), orgUnitId: Nullable(Type.String()), businessCode: Nullable(Type.String()), category: Nullable(Type.String()), channel: Nullable(Type.String()), targetUnitId: Type.String() });
  const RuleBody = obj({ priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })), orgUnitId: Type.Optional(Nullable(Uuid)), businessCode: Type.Optional(Nullable(Text(16))), category: Type.Optional(Nullable(Type.Union(CATEGORIES.map((c) => Type.Literal(c))))), channel: Type.Optional(Nullable(Type.Union(CHANNELS.map((c) => Type.Literal(c))))), targetUnitId: Uuid });
  const ruleView = (r: { id: string; priority: number; org_unit_id: string | null; business_code: string | null; category: string | null; channel: string | null; target_unit_id: string }) =>
    ({ id: r.id, priority: r.priority, orgUnitId: r.org_unit_id, businessCode: r.business_code, category: r.category, channel: r.channel, targetUnitId: r.target_unit_id });
  api.get('/routing-rules', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'listRoutingRules', tags: ['config'], summary: '分派规则 / routing rules', querystring: NoQuery, response: responses({ 200: Type.Object({ items: Type.Array(Rule) }) }) },
  }, async () => ({
    items: (await deps.db.selectFrom('routing_rule').selectAll().where('active', '=', true).orderBy('priority').execute()).map(ruleView),
  }));

  api.post('/routing-rules', {
    config: { permission: 'policy:manage' },
    schema: {
      operationId: 'createRoutingRule', tags: ['config'], summary: '新建分派规则 / add a routing rule', querystring: NoQuery,
      body: RuleBody,
      response: responses({ 201: Rule }),
    },
  }, async (req, reply) => {
    return reply.code(201).send(ruleView(await createRoutingRule(deps, req.ctx, req.body)));
  });

  api.put('/routing-rules/:id', {
    config: { permission: 'policy:manage' },
    schema: {
      operationId: 'updateRoutingRule', tags: ['config'], summary: '修改分派规则（整条替换；已分派的投诉不受影响）/ replace a routing rule (complaints already routed keep their unit)',
      params: IdParams, querystring: NoQuery, body: RuleBody, response: responses({ 200: Rule }),
    },
  }, async (req) => ruleView(await updateRoutingRule(deps, req.ctx, req.params.id, req.body)));

  api.delete('/routing-rules/:id', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'deleteRoutingRule', tags: ['config'], summary: '停用分派规则 / deactivate a routing rule', params: IdParams, querystring: NoQuery, response: responses({ 200: Ok }) },
  }, async (req) => {
    await deleteRoutingRule(deps, req.ctx, req.params.id);
    return { ok: true as const };
  });

  api.get('/code-tables', {
    config: { permission: 'authenticated' },
    schema: { operationId: 'listCodeTables', tags: ['config'], summary: 'JR/T 0169 代码表版本 / code table versions and the active table', querystring: NoQuery, response: responses({ 200: Type.Object({ versions: Type.Array(AnyObject), active: AnyObject }) }) },
  }, async () => ({ versions: await listCodeTables(deps.db), active: (await activeCodeTable(deps.db)) as unknown as Record<string, unknown> }));

  api.post('/code-tables', {
    config: { permission: 'codetable:manage' },
    schema: {
      operationId: 'loadCodeTable', tags: ['config'], summary: '载入新版代码表 / load a new code table version', querystring: NoQuery,
      body: obj({ activate: Type.Boolean(), table: obj({ version: Text(40, 1), channel: Type.Array(AnyObject, { maxItems: 500 }), business: Type.Array(AnyObject, { maxItems: 500 }), reason: Type.Array(AnyObject, { maxItems: 500 }) }) }),
      response: responses({ 201: Type.Object({ version: Type.String() }) }),
    },
  }, async (req, reply) => reply.code(201).send(await loadCodeTable(deps, req.ctx, req.body.table, req.body.activate)));

  api.post('/code-tables/:version/activate', {
    config: { permission: 'codetable:manage' },
    // The console posts without a body; the schema still refuses unknown fields.
    preValidation: async (req) => {
      req.body ??= {};
    },
    schema: {
      operationId: 'activateCodeTable', tags: ['config'], summary: '启用已载入的代码表版本（含回退到旧版本）/ put a loaded code table version in force, or roll back to an earlier one',
      params: Type.Object({ version: Text(40, 1) }), querystring: NoQuery, body: obj({}),
      response: responses({ 200: Type.Object({ version: Type.String(), active: Type.Literal(true), replaced: Type.Union([Type.String(), Type.Null()]) }) }),
    },
  }, async (req) => activateCodeTable(deps, req.ctx, req.params.version));

  api.get('/notification-templates', {
    config: { permission: 'template:manage' },
    schema: { operationId: 'listNotificationTemplates', tags: ['config'], summary: '通知模板 / templates and their versions', querystring: NoQuery, response: responses({ 200: Type.Object({ items: Type.Array(AnyObject) }) }) },
  }, async () => ({ items: await listTemplates(deps) }));

  api.get('/notification-templates/:kind', {
    config: { permission: 'template:manage' },
    schema: { operationId: 'getNotificationTemplate', tags: ['config'], summary: '模板内容 / the active template of a kind', params: KindParams, querystring: NoQuery, response: responses({ 200: AnyObject }) },
  }, async (req) => (await getTemplate(deps, req.params.kind as TemplateKind)) as unknown as Record<string, unknown>);

  api.put('/notification-templates/:kind', {
    config: { permission: 'template:manage' },
    schema: { operationId: 'saveNotificationTemplate', tags: ['config'], summary: '保存模板新版本 / save a new version (validated, audited)', params: KindParams, querystring: NoQuery, body: obj({ template: AnyObject }), response: responses({ 200: Type.Object({ version: Type.Number() }) }) },
  }, async (req) => saveTemplate(deps, req.ctx, req.params.kind as TemplateKind, req.body.template as unknown as NotificationTemplate));

  api.post('/notification-templates/:kind/preview', {
    config: { permission: 'template:manage' },
    schema: { operationId: 'previewNotificationTemplate', tags: ['config'], summary: '用示例数据预览 / preview with sample data', params: KindParams, querystring: obj({ locale: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])) }), body: obj({ template: Type.Optional(AnyObject) }), response: responses({ 200: AnyObject }) },
  }, async (req) => previewTemplate((req.body.template as unknown as NotificationTemplate) ?? (await getTemplate(deps, req.params.kind as TemplateKind)), req.query.locale ?? 'zh-CN') as unknown as Record<string, unknown>);

  const Dead = Type.Object({ id: Type.Number(), complaintId: Nullable(Type.String()), kind: Type.String(), channel: Type.String(), attempts: Type.Number(), lastError: Nullable(Type.String()), createdAt: Type.String() });
  api.get('/notifications/dead-letters', {
    config: { permission: 'notification:manage' },
    schema: { operationId: 'listDeadLetters', tags: ['config'], summary: '发送失败的通知 / notices that could not be delivered', querystring: NoQuery, response: responses({ 200: Type.Object({ items: Type.Array(Dead) }) }) },
  }, async () => ({
    items: (await deps.db.selectFrom('notification').select(['id', 'complaint_id', 'kind', 'channel', 'attempts', 'last_error', 'created_at']).where('status', '=', 'dead').orderBy('id', 'desc').limit(500).execute()).map((n) => ({ id: Number(n.id), complaintId: n.complaint_id, kind: n.kind, channel: n.channel, attempts: n.attempts, lastError: n.last_error, createdAt: n.created_at.toISOString() })),
  }));

  api.post('/notifications/:id/resend', {
    config: { permission: 'notification:manage' },
    schema: { operationId: 'resendNotification', tags: ['config'], summary: '重新发送 / resend a dead-lettered notice', params: obj({ id: Type.Integer({ minimum: 1 }) }), querystring: NoQuery, response: responses({ 200: Ok }) },
  }, async (req) => {
    await resendNotification(deps, req.ctx, req.params.id);
    return { ok: true as const };
  });
}
