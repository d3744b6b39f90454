// Analytics: dashboards (metrics, series, breakdowns), denominators, the regulatory workbook, risk warnings and
// indicators, contingency plans and drills, root causes, remediation actions, retrospective reviews.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { PassThrough } from 'node:stream';
import { Type } from 'typebox';
import type { Deps } from '../../app/deps.ts';
import { dashboardBreakdown, dashboardSeries, dashboardSummary, listDenominators, loadDenominators } from '../../app/analytics/dashboard.ts';
import { buildRegulatoryReport } from '../../app/analytics/regulatory.ts';
import { writeWorkbook } from '../../app/analytics/workbook.ts';
import { refreshMetrics } from '../../app/analytics/rollup.ts';
import { evaluateRisk } from '../../app/analytics/risk.ts';
import { actOnWarning, getWarning, listIndicators, listPlans, listWarnings, recordDrill, saveIndicator, updatePlan } from '../../app/analytics/warnings.ts';
import {
  createRemediation, listRemediations, listRetrospective, recordRootCause, retrospectiveConfig, rootCauseStats, setRetrospectiveConfig,
  submitRetrospective, updateRemediation,
} from '../../app/analytics/improvement.ts';
import { appendAudit } from '../../db/audit.ts';
import { DIMS } from '../../app/analytics/rollup-sql.ts';
import { METRICS } from '../../core/metrics/definitions.ts';
import { GRANULARITIES } from '../../core/metrics/periods.ts';
import { MODES, SCOPE_TYPES, WINDOWS, type IndicatorSpec } from '../../core/risk/indicators.ts';
import { RISK_TYPES } from '../../core/risk/plans.ts';
import { REMEDIATION_STATES, REMEDIATION_TYPES } from '../../core/risk/improvement.ts';
import { isCivilDate, startOfDayShanghai } from '../../core/sla/time.ts';
import { addDays, daysBetween } from '../../core/metrics/periods.ts';
import { AppError } from '../../app/errors.ts';
import { IdParams, NoQuery, obj, responses, Text, Uuid } from '../schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Lit = (xs: readonly string[]) => Type.Union(xs.map((x) => Type.Literal(x)));
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Range = { from: Day, to: Day, unitId: Type.Optional(Uuid), dim: Type.Optional(Lit(DIMS)), val: Type.Optional(Text(200)), metrics: Type.Optional(Type.String({ pattern: '^[a-z0-9_,]{1,2000}$' })) };
const Values = Type.Record(Type.String(), Nullable(Type.Number()));
const Any = Type.Record(Type.String(), Type.Unknown());
const Items = Type.Object({ items: Type.Array(Any) });
const MetricView = Type.Object({ id: Type.String(), zh: Type.String(), en: Type.String(), value: Nullable(Type.Number()), target: Nullable(Type.Number()), meetsTarget: Nullable(Type.Boolean()) });
const split = (s?: string) => (s ? s.split(',').filter(Boolean) : null);
function period(from: string, to: string, maxDays: number): void {
  if (!isCivilDate(from) || !isCivilDate(to) || from > to || daysBetween(from, to) > maxDays) {
    throw new AppError('VALIDATION_FAILED', { fields: ['from', 'to'], problem: `YYYY-MM-DD, from ≤ to, at most ${maxDays} days` });
  }
}
const Indicator = obj({
  code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' }), zh: Text(200, 1), en: Text(200, 1), metric: Text(60, 1), scopeType: Lit(SCOPE_TYPES),
  scopeValue: Nullable(Text(200, 1)), window: Lit(WINDOWS), mode: Lit(MODES), direction: Lit(['above', 'below']), warning: Nullable(Type.Number()),
  alarm: Nullable(Type.Number()), minVolume: Type.Number({ minimum: 0 }), riskType: Lit(RISK_TYPES), dueHours: Type.Integer({ minimum: 1, maximum: 2160 }),
  ownerRole: Text(40, 1), ownerUserId: Type.Optional(Nullable(Uuid)), active: Type.Optional(Type.Boolean()),
  ewma: Type.Optional(obj({ lambda: Type.Number(), warnK: Type.Number(), alarmK: Type.Number(), history: Type.Integer() })),
});

export async function analyticsRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const api = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['analytics'];

  api.get('/analytics/metrics', {
    config: { permission: 'report:read' },
    schema: { operationId: 'listMetricDefinitions', tags, summary: '指标定义 / metric definitions', querystring: NoQuery, response: responses({ 200: Items }) },
  }, async () => ({ items: METRICS.map((m) => ({ ...m })) }));

  api.get('/analytics/summary', {
    config: { permission: 'report:read' },
    schema: {
      operationId: 'getMetricSummary', tags, summary: '指标汇总 / metrics for a period and org-unit subtree', querystring: obj(Range),
      response: responses({ 200: Type.Object({ from: Type.String(), to: Type.String(), unitId: Nullable(Type.String()), asOf: Nullable(Type.String()), metrics: Type.Array(MetricView) }) }),
    },
  }, async (req) => dashboardSummary(deps, req.ctx, { ...req.query, metrics: split(req.query.metrics) }));

  api.get('/analytics/series', {
    config: { permission: 'report:read' },
    schema: {
      operationId: 'getMetricSeries', tags, summary: '指标趋势 / metrics by day, week, month, quarter or year (Asia/Shanghai)',
      querystring: obj({ ...Range, granularity: Lit(GRANULARITIES) }),
      response: responses({ 200: Type.Object({ granularity: Type.String(), buckets: Type.Array(Type.Object({ bucket: Type.String(), label: Type.String(), values: Values })) }) }),
    },
  }, async (req) => dashboardSeries(deps, req.ctx, { ...req.query, metrics: split(req.query.metrics) }));

  api.get('/analytics/breakdown', {
    config: { permission: 'report:read' },
    schema: {
      operationId: 'getMetricBreakdown', tags, summary: '指标分布 / metrics per child unit, channel, category, JR/T code, product, handling unit or handler',
      querystring: obj({ ...Range, by: Lit(['unit', ...DIMS]), sort: Type.Optional(Text(60, 1)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
      response: responses({ 200: Type.Object({ by: Type.String(), rows: Type.Array(Type.Object({ key: Type.String(), zh: Type.String(), en: Type.String(), values: Values })) }) }),
    },
  }, async (req) => dashboardBreakdown(deps, req.ctx, { ...req.query, metrics: split(req.query.metrics) }));

  api.post('/analytics/refresh', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'refreshMetrics', tags, summary: '刷新指标汇总 / bring the rollups up to date now', querystring: NoQuery,
      response: responses({ 200: Type.Object({ mode: Type.String(), complaints: Type.Number(), ms: Type.Number() }) }) },
  }, async (req) => refreshMetrics(deps.db, req.ctx.now));

  api.get('/analytics/denominators', {
    config: { permission: 'report:read' },
    schema: { operationId: 'listDenominators', tags, summary: '客户数、网点数 / loaded denominators', querystring: NoQuery, response: responses({ 200: Items }) },
  }, async (req) => ({ items: await listDenominators(deps, req.ctx) }));

  api.put('/analytics/denominators', {
    config: { permission: 'policy:manage' },
    schema: {
      operationId: 'loadDenominators', tags, summary: '导入客户数、网点数 / load customers and branch counts per unit', querystring: NoQuery,
      body: obj({ rows: Type.Array(obj({ unitId: Uuid, kind: Lit(['customers', 'individual_customers', 'branches']), asOf: Day, value: Type.Number({ minimum: 0 }) }), { minItems: 1, maxItems: 5000 }) }),
      response: responses({ 200: Type.Object({ loaded: Type.Number() }) }),
    },
  }, async (req) => loadDenominators(deps, req.ctx, req.body.rows));

  api.get('/analytics/reports/regulatory', {
    config: { permission: 'report:export' },
    schema: {
      operationId: 'getRegulatoryWorkbook', tags, summary: '监管统计报表（xlsx）/ regulatory statistics workbook', querystring: obj({ from: Day, to: Day }),
      response: responses({ 200: Type.Unknown({ description: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }) }),
    },
  }, async (req, reply) => {
    const { from, to } = req.query;
    period(from, to, 366);
    await refreshMetrics(deps.db, req.ctx.now);
    const report = await buildRegulatoryReport(deps.db, from, to, req.ctx.now);
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeWorkbook(report, out);
    await appendAudit(deps.db, req.ctx, { entityType: 'report', entityId: 'regulatory', kind: 'EXPORT_CREATED', data: { report: 'regulatory', from, to, format: 'xlsx' } });
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="regulatory-${from}-${to}.xlsx"`)
      .send(Buffer.concat(chunks));
  });

  api.get('/analytics/warnings', {
    config: { permission: 'report:read' },
    schema: { operationId: 'listRiskWarnings', tags, summary: '风险预警 / risk warnings', querystring: obj({ state: Type.Optional(Lit(['open', 'acknowledged', 'resolved'])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }), response: responses({ 200: Items }) },
  }, async (req) => ({ items: (await listWarnings(deps, req.ctx, req.query)) as unknown as Array<Record<string, unknown>> }));

  api.get('/analytics/warnings/:id', {
    config: { permission: 'report:read' },
    schema: { operationId: 'getRiskWarning', tags, summary: '风险预警详情 / a risk warning', params: IdParams, querystring: NoQuery, response: responses({ 200: Any }) },
  }, async (req) => getWarning(deps, req.ctx, req.params.id) as unknown as Record<string, unknown>);

  api.post('/analytics/warnings/:id/actions', {
    config: { permission: 'policy:manage' },
    schema: {
      operationId: 'actOnRiskWarning', tags, summary: '确认、勾选清单或解除预警 / acknowledge, tick the checklist, or resolve (with a note)', params: IdParams, querystring: NoQuery,
      body: obj({ action: Lit(['acknowledge', 'resolve', 'check']), note: Type.Optional(Text(4000)), item: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })), done: Type.Optional(Type.Boolean()) }),
      response: responses({ 200: Any }),
    },
  }, async (req) => actOnWarning(deps, req.ctx, req.params.id, req.body) as unknown as Record<string, unknown>);

  api.post('/analytics/warnings/evaluate', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'evaluateRiskIndicators', tags, summary: '立即评估预警指标 / evaluate the indicators now', querystring: NoQuery,
      response: responses({ 200: Type.Object({ indicators: Type.Number(), raised: Type.Number(), escalated: Type.Number() }) }) },
  }, async (req) => evaluateRisk(deps, req.ctx.now));

  api.get('/analytics/indicators', {
    config: { permission: 'report:read' },
    schema: { operationId: 'listRiskIndicators', tags, summary: '预警指标 / risk indicators', querystring: NoQuery, response: responses({ 200: Items }) },
  }, async () => ({ items: (await listIndicators(deps)) as unknown as Array<Record<string, unknown>> }));

  api.post('/analytics/indicators', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'createRiskIndicator', tags, summary: '新建预警指标 / create an indicator', querystring: NoQuery, body: Indicator, response: responses({ 201: Any }) },
  }, async (req, reply) => reply.code(201).send((await saveIndicator(deps, req.ctx, req.body as IndicatorSpec & { active?: boolean })) as unknown as Record<string, unknown>));

  api.put('/analytics/indicators/:id', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'updateRiskIndicator', tags, summary: '修改预警指标 / replace an indicator', params: IdParams, querystring: NoQuery, body: Indicator, response: responses({ 200: Any }) },
  }, async (req) => saveIndicator(deps, req.ctx, req.body as IndicatorSpec & { active?: boolean }, req.params.id) as unknown as Record<string, unknown>);

  const RiskTypeParams = obj({ riskType: Lit(RISK_TYPES) });
  api.get('/analytics/plans', {
    config: { permission: 'report:read' },
    schema: { operationId: 'listContingencyPlans', tags, summary: '应急预案及演练 / contingency plans and drills', querystring: NoQuery, response: responses({ 200: Items }) },
  }, async () => ({ items: await listPlans(deps) }));

  api.put('/analytics/plans/:riskType', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'updateContingencyPlan', tags, summary: '修改应急预案 / edit a plan', params: RiskTypeParams, querystring: NoQuery,
      body: obj({ name: Type.Optional(Text(200, 1)), nameEn: Type.Optional(Text(200, 1)), checklist: Type.Array(Text(500, 1), { minItems: 1, maxItems: 50 }) }), response: responses({ 200: Any }) },
  }, async (req) => updatePlan(deps, req.ctx, req.params.riskType, req.body));

  api.post('/analytics/plans/:riskType/drills', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'recordContingencyDrill', tags, summary: '登记应急演练 / record a drill', params: RiskTypeParams, querystring: NoQuery,
      body: obj({ heldAt: Type.String({ format: 'date-time' }), scenario: Text(2000, 1), participants: Type.Optional(Text(2000)), findings: Type.Optional(Text(4000)) }), response: responses({ 201: Any }) },
  }, async (req, reply) => reply.code(201).send(await recordDrill(deps, req.ctx, req.params.riskType, req.body)));

  api.get('/analytics/root-causes', {
    config: { permission: 'report:read' },
    schema: { operationId: 'getRootCauseStats', tags, summary: '根因分布（按办结时间）/ root causes of complaints closed in a period', querystring: obj({ from: Day, to: Day }), response: responses({ 200: Items }) },
  }, async (req) => {
    period(req.query.from, req.query.to, 3 * 366);
    return { items: await rootCauseStats(deps, req.ctx, new Date(startOfDayShanghai(req.query.from)), new Date(startOfDayShanghai(addDays(req.query.to, 1)))) };
  });

  // Root causes are found by the people who closed the case (handlers, supervisors, consumer-protection officers):
  // whoever may close complaints, on complaints visible in their subtree (404 otherwise). See docs/metrics.md §9.
  api.put('/analytics/root-causes/:id', {
    config: { permission: 'complaint:close' },
    schema: { operationId: 'recordRootCause', tags, summary: '登记已办结投诉的根因 / record the root cause of a closed complaint', params: IdParams, querystring: NoQuery,
      body: obj({ code: Type.String({ pattern: '^RC\\d{2}$' }), detail: Type.Optional(Text(4000)) }), response: responses({ 200: Any }) },
  }, async (req) => recordRootCause(deps, req.ctx, req.params.id, req.body));

  api.get('/analytics/remediations', {
    config: { permission: 'report:read' },
    schema: { operationId: 'listRemediations', tags, summary: '整改措施 / remediation actions', response: responses({ 200: Items }),
      querystring: obj({ state: Type.Optional(Lit(REMEDIATION_STATES)), complaintId: Type.Optional(Uuid), warningId: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }) },
  }, async (req) => ({ items: await listRemediations(deps, req.query) }));

  api.post('/analytics/remediations', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'createRemediation', tags, summary: '新建整改措施 / create a remediation action', querystring: NoQuery, response: responses({ 201: Any }),
      body: obj({ title: Text(200, 1), detail: Type.Optional(Text(4000)), type: Lit(REMEDIATION_TYPES), ownerId: Type.Optional(Nullable(Uuid)), ownerUnitId: Type.Optional(Nullable(Uuid)),
        dueAt: Type.String({ format: 'date-time' }), complaintIds: Type.Optional(Type.Array(Uuid, { maxItems: 200 })), warningIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })) }) },
  }, async (req, reply) => reply.code(201).send(await createRemediation(deps, req.ctx, req.body)));

  api.patch('/analytics/remediations/:id', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'updateRemediation', tags, summary: '更新整改状态 / move a remediation action', params: IdParams, querystring: NoQuery,
      body: obj({ state: Lit(REMEDIATION_STATES), note: Type.Optional(Text(4000)) }), response: responses({ 200: Any }) },
  }, async (req) => updateRemediation(deps, req.ctx, req.params.id, req.body as { state: (typeof REMEDIATION_STATES)[number]; note?: string }));

  api.get('/analytics/retrospective', {
    config: { permission: 'report:read' },
    schema: { operationId: 'listRetrospectiveReviews', tags, summary: '回头看抽样 / retrospective reviews', querystring: obj({ state: Type.Optional(Lit(['pending', 'done'])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }), response: responses({ 200: Items }) },
  }, async (req) => ({ items: await listRetrospective(deps, req.ctx, req.query) }));

  api.get('/analytics/retrospective/config', {
    config: { permission: 'report:read' },
    schema: { operationId: 'getRetrospectiveConfig', tags, summary: '回头看抽样比例 / sampling rate and seed', querystring: NoQuery, response: responses({ 200: Type.Object({ rate: Type.Number(), seed: Type.String() }) }) },
  }, async () => retrospectiveConfig(deps));

  api.put('/analytics/retrospective/config', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'setRetrospectiveConfig', tags, summary: '设置回头看抽样比例 / set the sampling rate', querystring: NoQuery,
      body: obj({ rate: Type.Number({ minimum: 0, maximum: 1 }), seed: Text(100, 1) }), response: responses({ 200: Type.Object({ rate: Type.Number(), seed: Type.String() }) }) },
  }, async (req) => setRetrospectiveConfig(deps, req.ctx, req.body));

  api.post('/analytics/retrospective/:id', {
    config: { permission: 'policy:manage' },
    schema: { operationId: 'submitRetrospectiveReview', tags, summary: '提交回头看评查表 / submit the review form and findings', params: IdParams, querystring: NoQuery,
      body: obj({ form: Type.Record(Type.String({ maxLength: 40 }), Lit(['yes', 'no', 'na'])), findings: Type.Optional(Text(4000)) }), response: responses({ 200: Any }) },
  }, async (req) => submitRetrospective(deps, req.ctx, req.params.id, req.body));
}
