// Staff sessions: opaque random token in an HttpOnly cookie; only its SHA-256 is stored.
// Idle timeout 30 minutes, absolute timeout 12 hours; rotated at login and when MFA is passed.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { randomToken, sha256 } from '../../security/tokens.ts';
import { isRole, permissionsOf, requiresMfa, type Role } from '../../core/access/permissions.ts';
import type { Actor } from '../context.ts';

export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 3600_000;

export interface NewSession {
  token: string;
  csrfToken: string;
}

export async function createSession(db: Kysely<DB>, userId: string, mfaVerified: boolean, now: Date): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  await db
    .insertInto('staff_session')
    .values({
      id: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      mfa_verified: mfaVerified,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ABSOLUTE_MS),
    })
    .execute();
  return { token, csrfToken };
}

/** Replaces a session by a new one (new id), keeping its absolute expiry. */
export async function rotateSession(db: Kysely<DB>, oldToken: string, mfaVerified: boolean, now: Date): Promise<NewSession> {
  const old = await db.selectFrom('staff_session').selectAll().where('id', '=', sha256(oldToken)).executeTakeFirst();
  if (!old) throw new Error('session gone');
  const token = randomToken();
  const csrfToken = randomToken(24);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('staff_session').set({ revoked_at: now }).where('id', '=', old.id).execute();
    await trx
      .insertInto('staff_session')
      .values({ id: sha256(token), user_id: old.user_id, csrf_token: csrfToken, mfa_verified: mfaVerified, created_at: now, last_seen_at: now, expires_at: old.expires_at })
      .execute();
  });
  return { token, csrfToken };
}

export async function revokeSession(db: Kysely<DB>, token: string, now: Date): Promise<void> {
  await db.updateTable('staff_session').set({ revoked_at: now }).where('id', '=', sha256(token)).execute();
}

export async function revokeUserSessions(db: Kysely<DB>, userId: string, now: Date): Promise<void> {
  await db.updateTable('staff_session').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  mfaPending: boolean;
  mfaEnrolmentRequired: boolean;
}

export async function loadUserActor(db: Kysely<DB>, userId: string): Promise<{ actor: Omit<Actor, 'authMethod' | 'mfaVerified'>; totpEnabled: boolean; status: string } | null> {
  const u = await db
    .selectFrom('app_user')
    .innerJoin('org_unit', 'org_unit.id', 'app_user.org_unit_id')
    .select(['app_user.id', 'app_user.display_name', 'app_user.status', 'app_user.totp_enabled', 'app_user.org_unit_id', 'org_unit.path'])
    .where('app_user.id', '=', userId)
    .executeTakeFirst();
  if (!u) return null;
  const roles = (await db.selectFrom('user_role').select('role').where('user_id', '=', userId).execute()).map((r) => r.role).filter(isRole) as Role[];
  return {
    actor: { type: 'user', id: u.id, displayName: u.display_name, roles, permissions: permissionsOf(roles), orgUnitId: u.org_unit_id, orgPath: u.path },
    totpEnabled: u.totp_enabled,
    status: u.status,
  };
}

export async function resolveSession(db: Kysely<DB>, token: string, now: Date): Promise<ResolvedSession | 'expired' | null> {
  const s = await db.selectFrom('staff_session').selectAll().where('id', '=', sha256(token)).executeTakeFirst();
  if (!s || s.revoked_at) return null;
  if (s.expires_at.getTime() <= now.getTime() || s.last_seen_at.getTime() + IDLE_MS <= now.getTime()) return 'expired';
  const loaded = await loadUserActor(db, s.user_id);
  if (!loaded || loaded.status !== 'active') return null;
  if (now.getTime() - s.last_seen_at.getTime() > 60_000) {
    await db.updateTable('staff_session').set({ last_seen_at: now }).where('id', '=', s.id).execute();
  }
  const needsMfa = loaded.totpEnabled || requiresMfa(loaded.actor.roles);
  const verified = s.mfa_verified || !needsMfa;
  return {
    actor: { ...loaded.actor, authMethod: s.mfa_verified ? 'password+totp' : 'password', mfaVerified: verified },
    csrfToken: s.csrf_token,
    mfaPending: !verified && loaded.totpEnabled,
    mfaEnrolmentRequired: !verified && !loaded.totpEnabled,
  };
}
