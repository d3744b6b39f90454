// Sign-in with password, then TOTP (or a recovery code); enrolment of TOTP; password change.
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { hitRateLimit } from '../../db/rate-limit.ts';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from '../../security/passwords.ts';
import { checkTotp, newRecoveryCodes, newTotpSecret, totpUri } from '../../security/totp.ts';
import { sha256 } from '../../security/tokens.ts';
import { createSession, loadUserActor, rotateSession, revokeUserSessions, type NewSession } from './sessions.ts';
import { requiresMfa } from '../../core/access/permissions.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MS = 15 * 60_000;
export const IP_LIMIT_PER_5_MIN = 30;

export type MfaState = 'none' | 'required' | 'enrolment_required';

export async function login(deps: Deps, ctx: Ctx, input: { username: string; password: string }): Promise<NewSession & { mfa: MfaState; userId: string }> {
  const { db } = deps;
  const now = ctx.now;
  if (ctx.ip) {
    const n = await hitRateLimit(db, `login-ip:${ctx.ip}`, 300, now);
    if (n > IP_LIMIT_PER_5_MIN) {
      if (n === IP_LIMIT_PER_5_MIN + 1) await appendAudit(db, ctx, { stream: 'security', entityType: 'ip', entityId: null, kind: 'LOGIN_FAILED', data: { reason: 'ip_rate_limited' } });
      throw new AppError('RATE_LIMITED');
    }
  }
  const user = await db.selectFrom('app_user').selectAll().where(sql`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
  if (!user || user.status !== 'active') {
    await verifyPassword(await dummyHash(), input.password);
    await appendAudit(db, ctx, { stream: 'security', entityType: 'user', entityId: null, kind: 'LOGIN_FAILED', data: { reason: 'unknown_user' } });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.locked_until && user.locked_until.getTime() > now.getTime()) {
    await appendAudit(db, ctx, { entityType: 'user', entityId: user.id, kind: 'LOGIN_FAILED', data: { reason: 'locked' } });
    throw new AppError('ACCOUNT_LOCKED', { lockedUntil: user.locked_until.toISOString() });
  }
  const ok = await verifyPassword(user.password_hash, input.password);
  if (!ok) {
    await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('app_user')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', user.id)
        .returning('failed_logins')
        .executeTakeFirstOrThrow();
      await appendAudit(trx, ctx, { entityType: 'user', entityId: user.id, kind: 'LOGIN_FAILED', data: { reason: 'bad_password', failures: r.failed_logins } });
      if (r.failed_logins >= MAX_FAILED_LOGINS) {
        const until = new Date(now.getTime() + LOCK_MS);
        await trx.updateTable('app_user').set({ locked_until: until, failed_logins: 0 }).where('id', '=', user.id).execute();
        await appendAudit(trx, ctx, { entityType: 'user', entityId: user.id, kind: 'ACCOUNT_LOCKED', data: { until: until.toISOString() } });
      }
    });
    throw new AppError('INVALID_CREDENTIALS');
  }
  const loaded = (await loadUserActor(db, user.id))!;
  const mfa: MfaState = user.totp_enabled ? 'required' : requiresMfa(loaded.actor.roles) ? 'enrolment_required' : 'none';
  const session = await db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await appendAudit(trx, { ...ctx, actor: { ...loaded.actor, authMethod: 'password', mfaVerified: false } }, { entityType: 'user', entityId: user.id, kind: 'LOGIN_SUCCEEDED', data: { mfa } });
    return createSession(trx, user.id, false, now);
  });
  return { ...session, mfa, userId: user.id };
}

export async function verifySecondFactor(
  deps: Deps,
  ctx: Ctx,
  sessionToken: string,
  input: { code?: string; recoveryCode?: string },
): Promise<NewSession> {
  const { db } = deps;
  const userId = ctx.actor.id!;
  const n = await hitRateLimit(db, `mfa:${userId}`, 300, ctx.now);
  if (n > 10) throw new AppError('RATE_LIMITED');
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  if (!user.totp_enabled || !user.totp_secret_enc) throw new AppError('MFA_ENROLMENT_REQUIRED');
  if (input.code) {
    const secret = await deps.keyring.decrypt('totp', user.totp_secret_enc);
    const step = await checkTotp(secret, input.code, ctx.now, user.totp_last_step);
    // Conditional update: two requests racing with the same code cannot both pass.
    const claimed =
      step !== null &&
      (await db
        .updateTable('app_user')
        .set({ totp_last_step: step })
        .where('id', '=', userId)
        .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
        .executeTakeFirst()).numUpdatedRows > 0n;
    if (!claimed) {
      await appendAudit(db, ctx, { entityType: 'user', entityId: userId, kind: 'MFA_FAILED', data: { method: 'totp' } });
      throw new AppError('INVALID_TOTP');
    }
    await appendAudit(db, ctx, { entityType: 'user', entityId: userId, kind: 'MFA_VERIFIED', data: { method: 'totp' } });
  } else if (input.recoveryCode) {
    const used = await db
      .updateTable('recovery_code')
      .set({ used_at: ctx.now })
      .where('user_id', '=', userId)
      .where('code_hash', '=', sha256(input.recoveryCode.trim().toLowerCase()))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (used.numUpdatedRows === 0n) {
      await appendAudit(db, ctx, { entityType: 'user', entityId: userId, kind: 'MFA_FAILED', data: { method: 'recovery_code' } });
      throw new AppError('INVALID_TOTP');
    }
    await appendAudit(db, ctx, { entityType: 'user', entityId: userId, kind: 'RECOVERY_CODE_USED', data: {} });
  } else {
    throw new AppError('VALIDATION_FAILED', { reason: 'code or recoveryCode required' });
  }
  return rotateSession(db, sessionToken, true, ctx.now);
}

export async function startTotpEnrolment(deps: Deps, ctx: Ctx): Promise<{ secret: string; otpauthUri: string }> {
  const userId = ctx.actor.id!;
  const user = await deps.db.selectFrom('app_user').select(['username', 'totp_enabled']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (user.totp_enabled && !ctx.actor.mfaVerified) throw new AppError('MFA_REQUIRED');
  const secret = newTotpSecret();
  await deps.db.updateTable('app_user').set({ totp_secret_enc: deps.keyring.encrypt('totp', secret), totp_enabled: false, totp_last_step: null }).where('id', '=', userId).execute();
  return { secret, otpauthUri: totpUri(secret, user.username) };
}

export async function activateTotp(deps: Deps, ctx: Ctx, sessionToken: string, code: string): Promise<NewSession & { recoveryCodes: string[] }> {
  const { db } = deps;
  const userId = ctx.actor.id!;
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  if (!user.totp_secret_enc || user.totp_enabled) throw new AppError('INVALID_TRANSITION', { reason: 'start enrolment first' });
  const secret = await deps.keyring.decrypt('totp', user.totp_secret_enc);
  const step = await checkTotp(secret, code, ctx.now, null);
  if (step === null) throw new AppError('INVALID_TOTP');
  const codes = newRecoveryCodes();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ totp_enabled: true, totp_last_step: step }).where('id', '=', userId).execute();
    await trx.deleteFrom('recovery_code').where('user_id', '=', userId).execute();
    await trx.insertInto('recovery_code').values(codes.map((c) => ({ user_id: userId, code_hash: sha256(c) }))).execute();
    await appendAudit(trx, ctx, { entityType: 'user', entityId: userId, kind: 'MFA_ENROLLED', data: { recoveryCodes: codes.length } });
  });
  const s = await rotateSession(db, sessionToken, true, ctx.now);
  return { ...s, recoveryCodes: codes };
}

export async function changePassword(deps: Deps, ctx: Ctx, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const userId = ctx.actor.id!;
  const user = await deps.db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) throw new AppError('INVALID_CREDENTIALS');
  const problem = passwordProblem(input.newPassword);
  if (problem) throw new AppError('WEAK_PASSWORD', { reason: problem });
  const hash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: hash, password_changed_at: ctx.now, updated_at: ctx.now }).where('id', '=', userId).execute();
    await appendAudit(trx, ctx, { entityType: 'user', entityId: userId, kind: 'PASSWORD_CHANGED', data: {} });
    await revokeUserSessions(trx, userId, ctx.now);
  });
}
