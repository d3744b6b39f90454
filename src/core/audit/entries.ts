// Audit entry kinds (UPPER_SNAKE) and the hashing rule of the chain.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.ts';
import { COMPLAINT_AUDIT_KINDS } from '../complaints/results.ts';

export const AUDIT_KINDS = [
  'LOGIN_SUCCEEDED',
  'LOGIN_FAILED',
  'ACCOUNT_LOCKED',
  'LOGOUT',
  'MFA_ENROLLED',
  'MFA_VERIFIED',
  'MFA_FAILED',
  'MFA_RESET',
  'RECOVERY_CODE_USED',
  'PASSWORD_CHANGED',
  'USER_CREATED',
  'USER_UPDATED',
  'USER_ROLES_CHANGED',
  'ORG_UNIT_CREATED',
  'ORG_UNIT_UPDATED',
  'API_KEY_CREATED',
  'API_KEY_REVOKED',
  'KEYS_ROTATED',
  'CUSTOMER_PII_VIEWED',
  'CONFIG_CHANGED',
  // Every step of the complaint loop (the state machine names them).
  ...COMPLAINT_AUDIT_KINDS,
  'NOTE_ADDED',
  'ATTACHMENT_ADDED',
  'ATTACHMENT_VIEWED',
  'SLA_AT_RISK',
  'SLA_BREACHED',
  'SLA_STATUTORY_NEAR',
  'CUSTOMER_NOTIFIED',
  'CALENDAR_IMPORTED',
  'CODE_TABLE_LOADED',
  'CODE_TABLE_ACTIVATED',
  'MODEL_REGISTERED',
  'MODEL_ACTIVATED',
  'MODEL_DEACTIVATED',
  'EXPORT_CREATED',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number] | (string & { readonly __kind?: never });

export interface AuditRecord {
  stream: string;
  seq: number;
  occurredAt: string; // ISO 8601 UTC with milliseconds
  actorType: string;
  actorId: string | null;
  authMethod: string | null;
  ip: string | null;
  requestId: string | null;
  entityType: string;
  entityId: string | null;
  kind: string;
  data: Record<string, unknown>;
  prevHash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function auditHash(r: AuditRecord): string {
  return createHash('sha256').update(canonicalJson(r)).digest('hex');
}
