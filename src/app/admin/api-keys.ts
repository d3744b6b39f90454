// API keys for integrations (call-centre system, portal backend): scoped, shown once, stored as a hash.
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { notifyChange } from '../../db/database.ts';
import { newApiKeyToken } from '../../security/tokens.ts';
import { API_KEY_SCOPES, isPermission } from '../../core/access/permissions.ts';

/** NOTIFY channel of API-key revocations (src/http/api-key-cache.ts listens). */
export const API_KEY_CHANNEL = 'kesu_api_keys';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  orgUnitId: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

type Row = { id: string; name: string; prefix: string; scopes: string[]; org_unit_id: string | null; created_at: Date; revoked_at: Date | null; last_used_at: Date | null };
const toView = (r: Row): ApiKeyView => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  orgUnitId: r.org_unit_id,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
});

export async function createApiKey(deps: Deps, ctx: Ctx, input: { name: string; scopes: string[]; orgUnitId?: string | null }): Promise<ApiKeyView & { token: string }> {
  for (const s of input.scopes) if (!isPermission(s) || !API_KEY_SCOPES.includes(s)) throw new AppError('VALIDATION_FAILED', { field: 'scopes', scope: s, allowed: API_KEY_SCOPES });
  if (input.scopes.length === 0) throw new AppError('VALIDATION_FAILED', { field: 'scopes' });
  let orgUnitId = input.orgUnitId ?? null;
  if (!orgUnitId) {
    const head = await deps.db.selectFrom('org_unit').select('id').where('parent_id', 'is', null).orderBy('created_at').executeTakeFirst();
    orgUnitId = head?.id ?? null;
  }
  const t = newApiKeyToken();
  const row = await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('api_key')
      .values({ name: input.name, prefix: t.prefix, secret_hash: t.secretHash, scopes: input.scopes, org_unit_id: orgUnitId, created_by: ctx.actor.id, created_at: ctx.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, ctx, { entityType: 'api_key', entityId: r.id, kind: 'API_KEY_CREATED', data: { name: input.name, scopes: input.scopes, prefix: t.prefix } });
    return r;
  });
  return { ...toView(row), token: t.token };
}

export async function listApiKeys(deps: Deps): Promise<ApiKeyView[]> {
  return (await deps.db.selectFrom('api_key').selectAll().orderBy('created_at', 'desc').execute()).map(toView);
}

export async function revokeApiKey(deps: Deps, ctx: Ctx, id: string): Promise<ApiKeyView> {
  return deps.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('api_key').set({ revoked_at: ctx.now }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
    if (!r) throw new AppError('API_KEY_NOT_FOUND');
    await appendAudit(trx, ctx, { entityType: 'api_key', entityId: id, kind: 'API_KEY_REVOKED', data: { prefix: r.prefix } });
    await notifyChange(trx, API_KEY_CHANNEL); // every server process drops its cached keys when this commits
    return toView(r);
  });
}
