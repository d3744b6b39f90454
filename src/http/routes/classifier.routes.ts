// The classifier as seen by administrators: live agreement per model version, suggesting for a text, and the
// models they upload and activate (src/app/classifier/models.ts). Activation reloads this process at once; every
// other server process picks it up within a minute (its worker's per-process reload).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import secureJson from 'secure-json-parse';
import type { Deps } from '../../app/deps.ts';
import { AppError } from '../../app/errors.ts';
import { agreementByModel } from '../../app/classifier/agreement.ts';
import { activateModel, deactivateModel, listModels, registerModel, SHIPPED_MODEL_ID } from '../../app/classifier/models.ts';
import { NoQuery, obj, responses, Text, Uuid } from '../schemas.ts';
import { MAX_DEPTH, nestingDepth } from '../json-body.ts';

const Head = Type.Union([Type.Literal('bundle'), Type.Literal('category'), Type.Literal('reason'), Type.Literal('business')]);
const ModelItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  head: Head,
  version: Type.String(),
  sha256: Type.String(),
  labels: Type.Array(Type.String()),
  sizeBytes: Type.Integer(),
  heldOut: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  active: Type.Boolean(),
  uploadedAt: Type.Union([Type.String(), Type.Null()]),
  uploadedBy: Type.Union([Type.String(), Type.Null()]),
  uploadedByName: Type.Union([Type.String(), Type.Null()]),
  activatedAt: Type.Union([Type.String(), Type.Null()]),
  shipped: Type.Boolean(),
});
/** A registered model's id, or `shipped` for the shipped bootstrap model. */
const ModelParams = obj({ id: Type.Union([Uuid, Type.Literal(SHIPPED_MODEL_ID)]) });
/** Activation takes no input; an optional empty JSON object is accepted. */
const NoBody = obj({});
export const MODEL_BODY_LIMIT = 64 * 1024 * 1024;

export async function classifierRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const api = root.withTypeProvider<TypeBoxTypeProvider>();
  api.get('/classifier/agreement', {
    config: { permission: 'report:read' },
    schema: {
      operationId: 'getClassifierAgreement', tags: ['classifier'], summary: '模型建议与人工判断一致率 / agreement of suggestions with people, per model version',
      querystring: NoQuery,
      response: responses({ 200: Type.Object({ items: Type.Array(Type.Object({ modelVersion: Type.String(), decided: Type.Number(), auto: Type.Number(), human: Type.Number(), categoryAgreed: Type.Number(), categoryOverridden: Type.Number(), agreementRate: Type.Union([Type.Number(), Type.Null()]) })) }) }),
    },
  }, async () => ({ items: await agreementByModel(deps.db) }));

  api.post('/classifier/suggest', {
    config: { permission: 'complaint:create' },
    schema: {
      operationId: 'suggestClassification', tags: ['classifier'], summary: '对文本给出分类建议 / suggest category, codes and urgency for a text',
      querystring: NoQuery,
      body: obj({ text: Text(5000, 1) }),
      response: responses({ 200: Type.Record(Type.String(), Type.Unknown()) }),
    },
  }, async (req) => {
    if (!deps.analyse) throw new AppError('NOT_READY');
    return deps.analyse(req.body.text) as unknown as Record<string, unknown>;
  });

  api.get('/classifier/models', {
    config: { permission: 'model:manage' },
    schema: {
      operationId: 'listClassifierModels', tags: ['classifier'], summary: '分类模型列表（含内置引导模型）/ classifier models, the shipped bootstrap model first',
      querystring: NoQuery,
      response: responses({ 200: Type.Object({ items: Type.Array(ModelItem), activeVersion: Type.String() }) }),
    },
  }, async () => listModels(deps.db));

  // Upload: the model file is taken as text and parsed here, in a scope of its own. Models trained on texts with
  // emoji can hold half surrogate pairs in their vocabulary (character n-grams); the app-wide check for such text in
  // parsed bodies would refuse them, and walking millions of numbers for it is wasted work. The JSON is still refused
  // when malformed, nested too deep or carrying __proto__ keys, like every other body.
  await api.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MODEL_BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<TypeBoxTypeProvider>().post('/classifier/models', {
      config: { permission: 'model:manage' },
      bodyLimit: MODEL_BODY_LIMIT,
      schema: {
        operationId: 'registerClassifierModel', tags: ['classifier'],
        summary: '登记分类模型（不启用）/ register a model (inactive): the JSON `kesu model train` writes, or a bootstrap model for head=bundle',
        description: 'Body: the model file as it is (application/json, up to 64 MiB).',
        querystring: obj({ head: Head, name: Type.Optional(Text(200, 1)) }),
        body: Type.String({ description: 'the model JSON' }),
        response: responses({ 201: ModelItem }),
      },
    }, async (req, reply) => {
      const item = await registerModel(deps, req.ctx, { head: req.query.head, ...(req.query.name ? { name: req.query.name } : {}), json: parseModelText(req.body) });
      return reply.code(201).send(item);
    });
  });

  for (const [action, operationId, summary] of [
    ['activate', 'activateClassifierModel', '启用模型（替换同一模型头的模型；本进程立即生效，其他进程一分钟内）/ put a model in force for its head: this process at once, the others within a minute'],
    ['deactivate', 'deactivateClassifierModel', '停用模型（回到整体模型或内置引导模型）/ stop a model: its head falls back to the bundle or the shipped model'],
  ] as const) {
    api.post(`/classifier/models/:id/${action}`, {
      config: { permission: 'model:manage' },
      // The console posts without a body; the schema still refuses unknown fields.
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: { operationId, tags: ['classifier'], summary, params: ModelParams, querystring: NoQuery, body: NoBody, response: responses({ 200: ModelItem }) },
    }, async (req) => {
      const opts = { log: req.log };
      return action === 'activate' ? activateModel(deps, req.ctx, req.params.id, opts) : deactivateModel(deps, req.ctx, req.params.id, opts);
    });
  }
}

function parseModelText(text: string): unknown {
  if (!text.trim()) throw new AppError('INVALID_JSON');
  if (nestingDepth(text) > MAX_DEPTH) throw new AppError('VALIDATION_FAILED', { reason: 'nested_too_deep', maxDepth: MAX_DEPTH });
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }) as unknown;
  } catch {
    throw new AppError('INVALID_JSON');
  }
}
