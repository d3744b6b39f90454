// Refuses NUL bytes and unpaired surrogates anywhere in a JSON body before it reaches PostgreSQL
// (which rejects \u0000 in text) — a clear 400 instead of a 500.
import { AppError } from '../app/errors.ts';

// eslint-disable-next-line no-control-regex -- NUL is exactly what this refuses
const BAD = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function assertCleanText(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    if (BAD.test(value)) throw new AppError('INVALID_TEXT', { path });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertCleanText(v, `${path}/${i}`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (BAD.test(k)) throw new AppError('INVALID_TEXT', { path });
      assertCleanText(v, `${path}/${k}`);
    }
  }
}
