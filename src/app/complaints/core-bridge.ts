// Translating between the app's context/errors and the pure complaint core.
import type { Ctx } from '../context.ts';
import { AppError, ERRORS, type ErrorCode } from '../errors.ts';
import type { Actor as CoreActor, DecideError } from '../../core/complaints/index.ts';

export function toCoreActor(ctx: Ctx): CoreActor {
  return {
    id: ctx.actor.id ?? `${ctx.actor.type}`,
    roles: ctx.actor.roles,
    orgUnitPath: ctx.actor.orgPath ? ctx.actor.orgPath.split('/').filter(Boolean) : [],
  };
}

export function mapCoreError(r: DecideError): AppError {
  const code = (r.code in ERRORS ? r.code : 'VALIDATION_FAILED') as ErrorCode;
  return new AppError(code, { ...r.details });
}
