// The HTTP server: Fastify 5 with TypeBox schemas on every route, OpenAPI 3, one error envelope,
// security headers, and auth decided before a body is read.
import type { ApiKeyCache } from './api-key-cache.ts';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { TypeBoxValidatorCompiler, registerAjvFormats } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../app/deps.ts';
import { registerAuth } from './auth.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { sendError } from './errors.ts';
import { AppError } from '../app/errors.ts';
import { assertCleanText } from './text-guard.ts';
import { registerJsonParser } from './json-body.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { extraRoutes, type RoutePlugin } from './routes/index.ts';
import { loggerOptions, OneLineLogController } from './logging.ts';

registerAjvFormats();

export interface RouteEntry {
  method: string;
  url: string;
  permission: string;
  schema: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyInstance {
    kesuRoutes: RouteEntry[];
  }
}

export interface AppOptions {
  deps: Deps;
  bodyLimit?: number;
  trustProxy?: boolean;
  secureCookies?: boolean;
  logLevel?: string;
  isReady?: () => boolean;
  plugins?: RoutePlugin[];
  /** Serve API keys from memory (revocations invalidate it through the database's change notices). */
  apiKeyCache?: ApiKeyCache;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(opts.logLevel ?? 'info'),
    logController: new OneLineLogController(),
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(h) ? h : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: opts.bodyLimit ?? 256 * 1024,
    trustProxy: opts.trustProxy ?? false,
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  registerJsonParser(app);
  app.setErrorHandler((err, req, reply) => sendError(req, reply, err));
  app.setNotFoundHandler((req, reply) => sendError(req, reply, new AppError('ROUTE_NOT_FOUND')));
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
  app.addHook('preValidation', async (req) => {
    if (req.body !== undefined) assertCleanText(req.body);
  });

  await app.register(cookie);
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: opts.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Kesu 客诉 API', version: '1', description: '金融投诉处理平台 API / complaint handling API' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kesu_sid' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
  });
  registerAuth(app, opts.deps.db, opts.deps.clock, opts.apiKeyCache ?? null);
  const table: RouteEntry[] = [];
  app.decorate('kesuRoutes', table);
  app.addHook('onRoute', (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods) {
      if (m === 'HEAD') continue;
      table.push({ method: m, url: r.url, permission: String(r.config?.permission ?? 'MISSING'), schema: (r.schema ?? {}) as Record<string, unknown> });
    }
  });

  app.get('/healthz', { config: { permission: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    if (opts.isReady && !opts.isReady()) return sendError(_req, reply, new AppError('NOT_READY'));
    await sql`SELECT 1`.execute(opts.deps.db);
    return { status: 'ready' };
  });
  app.get('/api/v1/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      await authRoutes(api, opts.deps, { secureCookies: opts.secureCookies ?? false });
      await adminRoutes(api, opts.deps);
      await auditRoutes(api, opts.deps);
      for (const p of [...extraRoutes, ...(opts.plugins ?? [])]) await p(api, opts.deps);
    },
    { prefix: '/api/v1' },
  );
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { url: '/api/v1/openapi.json' } as Record<string, unknown> });
  return app;
}
