// Authentication and authorisation for every route, before the body is even parsed:
// 401 without credentials → 403 without MFA / CSRF token / permission. Routes declare `config.permission`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Permission } from '../core/access/permissions.ts';
import { isPermission } from '../core/access/permissions.ts';
import type { Actor, Ctx } from '../app/context.ts';
import { AppError } from '../app/errors.ts';
import { resolveSession } from '../app/auth/sessions.ts';
import { parseApiKeyToken, safeEqual, sha256 } from '../security/tokens.ts';
import { customerActor, resolvePortalSession } from '../app/portal/portal.ts';
import type { Deps } from '../app/deps.ts';
import type { ApiKeyCache } from './api-key-cache.ts';

export type RoutePermission = Permission | 'public' | 'authenticated' | 'portal';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
    /** Reachable by a signed-in user who has not yet passed (or set up) the second factor. */
    allowWithoutMfa?: boolean;
  }
  interface FastifyRequest {
    ctx: Ctx;
    sessionToken: string | null;
    /** The one complaint a portal session reaches. */
    portalComplaintId: string | null;
  }
}

export const SESSION_COOKIE = 'kesu_sid';
export const PORTAL_COOKIE = 'kesu_portal';

const ANONYMOUS: Actor = {
  type: 'customer',
  id: null,
  roles: [],
  permissions: new Set(),
  orgUnitId: null,
  orgPath: null,
  authMethod: 'system',
  mfaVerified: false,
};

async function apiKeyActor(db: Kysely<DB>, token: string, now: Date, cache: ApiKeyCache | null): Promise<Actor | null> {
  const parsed = parseApiKeyToken(token);
  if (!parsed) return null;
  const load = () =>
    db
      .selectFrom('api_key')
      .leftJoin('org_unit', 'org_unit.id', 'api_key.org_unit_id')
      .select(['api_key.id', 'api_key.secret_hash', 'api_key.scopes', 'api_key.revoked_at', 'api_key.last_used_at', 'api_key.org_unit_id', 'org_unit.path', 'api_key.name'])
      .where('api_key.prefix', '=', parsed.prefix)
      .executeTakeFirst();
  const k = cache ? await cache.lookup(parsed.prefix, now.getTime(), load) : await load();
  if (!k || k.revoked_at || !safeEqual(k.secret_hash, sha256(parsed.secret))) return null;
  if (!k.last_used_at || now.getTime() - k.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_key').set({ last_used_at: now }).where('id', '=', k.id).execute();
    cache?.touched(parsed.prefix, now);
  }
  return {
    type: 'api_key',
    id: k.id,
    displayName: k.name,
    roles: [],
    permissions: new Set(k.scopes.filter(isPermission)),
    orgUnitId: k.org_unit_id,
    orgPath: k.path ?? '/',
    authMethod: 'api_key',
    mfaVerified: true,
  };
}

function clientIp(req: FastifyRequest): string | null {
  return req.ip ?? null;
}

/** `apiKeys`: the process's API-key cache (the server attaches one; without it every request reads the key). */
export function registerAuth(app: FastifyInstance, db: Kysely<DB>, clock: () => Date, apiKeys: ApiKeyCache | null = null): void {
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('portalComplaintId', null);
  app.addHook('onRoute', (route) => {
    const perm = route.config?.permission;
    if (!perm) {
      // Deny by default: every API route must say who may call it. Outside /api/v1 live only static assets.
      if (route.url.startsWith('/api/v1')) throw new Error(`route ${route.method} ${route.url} declares no permission (config.permission)`);
      route.config = { ...(route.config ?? {}), permission: 'public' };
    }
  });
  app.addHook('onRequest', async (req) => {
    const now = clock();
    req.ctx = { actor: ANONYMOUS, ip: clientIp(req), requestId: req.id, now };
    const perm = (req.routeOptions.config as { permission?: RoutePermission } | undefined)?.permission ?? 'public';
    if (perm === 'public') return;
    if (perm === 'portal') {
      const token = req.cookies?.[PORTAL_COOKIE];
      const s = token ? await resolvePortalSession({ db } as Deps, token, now) : null;
      if (!s) throw new AppError('UNAUTHENTICATED');
      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
        const sent = req.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, s.csrfToken)) throw new AppError('CSRF_TOKEN_INVALID');
      }
      req.portalComplaintId = s.complaintId;
      req.sessionToken = token!;
      req.ctx = { ...req.ctx, actor: customerActor(s.complaintId) };
      return;
    }
    let actor: Actor | null = null;
    let csrf: string | null = null;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      actor = await apiKeyActor(db, auth.slice(7).trim(), now, apiKeys);
      if (!actor) throw new AppError('UNAUTHENTICATED');
    } else {
      const token = req.cookies?.[SESSION_COOKIE];
      if (!token) throw new AppError('UNAUTHENTICATED');
      const s = await resolveSession(db, token, now);
      if (s === 'expired') throw new AppError('SESSION_EXPIRED');
      if (!s) throw new AppError('UNAUTHENTICATED');
      actor = s.actor;
      csrf = s.csrfToken;
      req.sessionToken = token;
      const cfg = req.routeOptions.config as { allowWithoutMfa?: boolean };
      if (!actor.mfaVerified && !cfg.allowWithoutMfa) throw new AppError(s.mfaPending ? 'MFA_REQUIRED' : 'MFA_ENROLMENT_REQUIRED');
      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
        const sent = req.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, csrf)) throw new AppError('CSRF_TOKEN_INVALID');
      }
    }
    req.ctx = { ...req.ctx, actor };
    if (perm !== 'authenticated' && !actor.permissions.has(perm)) throw new AppError('FORBIDDEN', { permission: perm });
  });
}
