// The JSON body parser: refuses nesting deeper than MAX_DEPTH before parsing (a deeply nested body would
// otherwise overflow the stack in JSON.parse or in later walks), and prototype-polluting keys after it.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../app/errors.ts';

export const MAX_DEPTH = 32;

export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
      if (max > MAX_DEPTH) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

export function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(new AppError('INVALID_JSON'), undefined);
    if (nestingDepth(text) > MAX_DEPTH) return done(new AppError('VALIDATION_FAILED', { reason: 'nested_too_deep', maxDepth: MAX_DEPTH }), undefined);
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch {
      done(new AppError('INVALID_JSON'), undefined);
    }
  });
}
