// Staff accounts: created by an administrator (or `kesu admin create`), roles, MFA reset.
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { hashPassword, passwordProblem } from '../../security/passwords.ts';
import { isRole, type Role } from '../../core/access/permissions.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { mask, validateEmail } from '../../core/privacy/index.ts';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  orgUnitId: string;
  roles: Role[];
  status: string;
  mfaEnabled: boolean;
  lockedUntil: string | null;
  /** Work e-mail for staff notices, masked; the address itself is stored encrypted. */
  email: string | null;
}

async function view(deps: Deps, id: string): Promise<UserView> {
  const u = await deps.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const roles = (await deps.db.selectFrom('user_role').select('role').where('user_id', '=', id).orderBy('role').execute()).map((r) => r.role).filter(isRole);
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    orgUnitId: u.org_unit_id,
    roles,
    status: u.status,
    mfaEnabled: u.totp_enabled,
    lockedUntil: u.locked_until ? u.locked_until.toISOString() : null,
    email: u.email_enc ? mask('email', await deps.keyring.decrypt('email', u.email_enc)) : null,
  };
}

/** A valid address (normalised), null to clear, undefined for no change; a bad one is a 400 naming the field. */
function emailValue(email: string | null | undefined): string | null | undefined {
  if (email === undefined || email === null) return email;
  if (email.trim() === '') return null;
  const v = validateEmail(email.trim());
  if (!v.ok) throw new AppError(v.code, { field: 'email' });
  return v.value;
}

async function unitInScope(deps: Deps, ctx: Ctx, unitId: string): Promise<void> {
  const u = await deps.db.selectFrom('org_unit').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!u || (ctx.actor.orgPath && !u.path.startsWith(ctx.actor.orgPath))) throw new AppError('ORG_UNIT_NOT_FOUND');
}

async function userInScope(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  const u = await deps.db
    .selectFrom('app_user')
    .innerJoin('org_unit', 'org_unit.id', 'app_user.org_unit_id')
    .select('org_unit.path')
    .where('app_user.id', '=', id)
    .executeTakeFirst();
  if (!u || (ctx.actor.orgPath && !u.path.startsWith(ctx.actor.orgPath))) throw new AppError('USER_NOT_FOUND');
}

export async function createUser(
  deps: Deps,
  ctx: Ctx,
  input: { username: string; displayName: string; orgUnitId: string; roles: string[]; password: string; email?: string },
): Promise<UserView> {
  await unitInScope(deps, ctx, input.orgUnitId);
  const email = emailValue(input.email);
  const roles = input.roles.filter(isRole);
  if (roles.length !== input.roles.length) throw new AppError('VALIDATION_FAILED', { field: 'roles' });
  const problem = passwordProblem(input.password);
  if (problem) throw new AppError('WEAK_PASSWORD', { reason: problem });
  const hash = await hashPassword(input.password);
  const id = await deps.db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('app_user').select('id').where(sql`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
    if (exists) throw new AppError('USERNAME_TAKEN');
    const row = await trx
      .insertInto('app_user')
      .values({ username: input.username, display_name: input.displayName, org_unit_id: input.orgUnitId, password_hash: hash, email_enc: deps.keyring.encryptOrNull('email', email), created_at: ctx.now, updated_at: ctx.now, password_changed_at: ctx.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (roles.length) await trx.insertInto('user_role').values(roles.map((role) => ({ user_id: row.id, role }))).execute();
    await appendAudit(trx, ctx, { entityType: 'user', entityId: row.id, kind: 'USER_CREATED', data: { username: input.username, orgUnitId: input.orgUnitId, roles, email: email ? 'set' : 'none' } });
    return row.id;
  });
  return view(deps, id);
}

export async function getUser(deps: Deps, ctx: Ctx, id: string): Promise<UserView> {
  await userInScope(deps, ctx, id);
  return view(deps, id);
}

export async function listUsers(deps: Deps, ctx: Ctx, q: { orgUnitId?: string; limit: number }): Promise<UserView[]> {
  let query = deps.db
    .selectFrom('app_user')
    .innerJoin('org_unit', 'org_unit.id', 'app_user.org_unit_id')
    .select('app_user.id')
    .orderBy('app_user.username')
    .limit(q.limit);
  if (ctx.actor.orgPath) query = query.where('org_unit.path', 'like', `${ctx.actor.orgPath}%`);
  if (q.orgUnitId) query = query.where('app_user.org_unit_id', '=', q.orgUnitId);
  const ids = await query.execute();
  return Promise.all(ids.map((r) => view(deps, r.id)));
}

export async function updateUser(
  deps: Deps,
  ctx: Ctx,
  id: string,
  patch: { displayName?: string; roles?: string[]; status?: 'active' | 'disabled'; orgUnitId?: string; unlock?: boolean; email?: string | null },
): Promise<UserView> {
  await userInScope(deps, ctx, id);
  const email = emailValue(patch.email);
  if (patch.orgUnitId) await unitInScope(deps, ctx, patch.orgUnitId);
  const roles = patch.roles?.filter(isRole);
  if (patch.roles && roles!.length !== patch.roles.length) throw new AppError('VALIDATION_FAILED', { field: 'roles' });
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.orgUnitId !== undefined ? { org_unit_id: patch.orgUnitId } : {}),
        ...(patch.unlock ? { locked_until: null, failed_logins: 0 } : {}),
        ...(email !== undefined ? { email_enc: deps.keyring.encryptOrNull('email', email) } : {}),
        updated_at: ctx.now,
      })
      .where('id', '=', id)
      .execute();
    if (roles) {
      await trx.deleteFrom('user_role').where('user_id', '=', id).execute();
      if (roles.length) await trx.insertInto('user_role').values(roles.map((role) => ({ user_id: id, role }))).execute();
      await appendAudit(trx, ctx, { entityType: 'user', entityId: id, kind: 'USER_ROLES_CHANGED', data: { roles } });
    }
    // The audit says that the address changed, never the address.
    const { roles: _r, email: _e, ...rest } = patch;
    const data: Record<string, unknown> = { ...rest, ...(email !== undefined ? { email: email ? 'changed' : 'cleared' } : {}) };
    if (Object.keys(data).length) await appendAudit(trx, ctx, { entityType: 'user', entityId: id, kind: 'USER_UPDATED', data });
    // Privilege or status change: existing sessions must sign in again.
    if (roles || patch.status === 'disabled' || patch.orgUnitId) await revokeUserSessions(trx, id, ctx.now);
  });
  return view(deps, id);
}

export async function resetMfa(deps: Deps, ctx: Ctx, id: string): Promise<UserView> {
  await userInScope(deps, ctx, id);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ totp_enabled: false, totp_secret_enc: null, totp_last_step: null, updated_at: ctx.now }).where('id', '=', id).execute();
    await trx.deleteFrom('recovery_code').where('user_id', '=', id).execute();
    await revokeUserSessions(trx, id, ctx.now);
    await appendAudit(trx, ctx, { entityType: 'user', entityId: id, kind: 'MFA_RESET', data: {} });
  });
  return view(deps, id);
}
