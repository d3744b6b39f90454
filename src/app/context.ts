// Who is acting, from where, and when: passed to every use case.
import type { Role, Permission } from '../core/access/permissions.ts';

export type ActorType = 'user' | 'api_key' | 'customer' | 'system';

export interface Actor {
  type: ActorType;
  id: string | null;
  displayName?: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  /** Org unit the actor belongs to and its materialised path; null = no org scope (system). */
  orgUnitId: string | null;
  orgPath: string | null;
  authMethod: 'password' | 'password+totp' | 'api_key' | 'portal_otp' | 'cli' | 'system';
  mfaVerified: boolean;
}

export interface Ctx {
  actor: Actor;
  ip: string | null;
  requestId: string | null;
  now: Date;
}

export const SYSTEM_ACTOR: Actor = {
  type: 'system',
  id: null,
  roles: [],
  permissions: new Set(),
  orgUnitId: null,
  orgPath: null,
  authMethod: 'system',
  mfaVerified: true,
};

export function systemCtx(now: Date, authMethod: Actor['authMethod'] = 'system'): Ctx {
  return { actor: { ...SYSTEM_ACTOR, authMethod }, ip: null, requestId: null, now };
}
