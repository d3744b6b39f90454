// The classifier as seen by administrators: live agreement per model version, and suggesting for a text.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../app/deps.ts';
import { AppError } from '../../app/errors.ts';
import { agreementByModel } from '../../app/classifier/agreement.ts';
import { NoQuery, obj, responses, Text } from '../schemas.ts';

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
}
