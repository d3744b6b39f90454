// Shared JSON schemas (TypeBox) and the route-schema helper that gives every route an error envelope.
import { Type, type TSchema } from 'typebox';

export const ErrorEnvelope = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorEnvelope' },
);

export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const NoQuery = Type.Object({}, { additionalProperties: false });
export const Ok = Type.Object({ ok: Type.Literal(true) });

export function obj<P extends Record<string, TSchema>>(props: P, opts: { description?: string } = {}) {
  return Type.Object(props, { additionalProperties: false, ...opts });
}

/** Response map: the success schema plus the error envelope for every 4xx/5xx. */
export function responses<S extends Record<number, TSchema>>(success: S): S & { '4xx': typeof ErrorEnvelope; '5xx': typeof ErrorEnvelope } {
  return { ...success, '4xx': ErrorEnvelope, '5xx': ErrorEnvelope };
}

export const Text = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });
