// Maps every failure to the one error envelope {"error":{"code","message","details"}}, localised by Accept-Language.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorMessage, localeFrom, type ErrorCode, ERRORS } from '../app/errors.ts';

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

function fromValidation(err: FastifyError & { validation?: ValidationIssue[]; validationContext?: string }): AppError {
  const issues = (err.validation ?? []).slice(0, 10).map((v) => {
    const extra = v.params && ('additionalProperties' in v.params || 'additionalProperty' in v.params) ? { field: v.params.additionalProperty ?? v.params.additionalProperties } : {};
    return { in: err.validationContext ?? 'body', path: v.instancePath ?? '', keyword: v.keyword ?? 'invalid', ...extra };
  });
  const unknown = issues.some((i) => i.keyword === 'additionalProperties');
  return new AppError(unknown ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED', { issues });
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as FastifyError & { validation?: ValidationIssue[]; code?: string; statusCode?: number };
  if (e && e.validation) return fromValidation(e);
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('INVALID_JSON');
    case 'DATA_DIR_LOCKED':
      return new AppError('DATA_DIR_LOCKED');
  }
  if (e instanceof SyntaxError || e?.statusCode === 400) return new AppError('INVALID_JSON');
  if (e?.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (e?.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (e?.statusCode === 429) return new AppError('RATE_LIMITED');
  return new AppError('INTERNAL_ERROR');
}

export function sendError(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const app = toAppError(err);
  if (app.code === 'INTERNAL_ERROR') {
    // Log the failure's class and stack, never the request body or values.
    const e = err as Error;
    req.log.error({ err: { type: e?.name, message: e?.message?.slice(0, 300), stack: e?.stack }, reqId: req.id }, 'unhandled error');
  }
  const locale = localeFrom(req.headers['accept-language']);
  const body: { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } = {
    error: { code: app.code, message: errorMessage(app.code, locale) },
  };
  if (app.details) body.error.details = app.details;
  if (app.code === 'RATE_LIMITED') reply.header('retry-after', '60');
  return reply.code(ERRORS[app.code].status).header('cache-control', 'no-store').send(body);
}
