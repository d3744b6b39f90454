// pino options: request id, method, route and status only — never bodies, cookies, tokens or personal data.
import type { FastifyServerOptions } from 'fastify';

export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'], censor: '[redacted]' },
    serializers: {
      req(req: { method: string; url: string; id: string; routeOptions?: { url?: string } }) {
        // The path may carry ids but never query strings (search terms can hold names or numbers).
        return { id: req.id, method: req.method, route: req.routeOptions?.url ?? req.url.split('?')[0] };
      },
      res(res: { statusCode: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}
