// Roles and the permissions they carry: the one table that maps roles to `resource:action` permissions.
export const ROLES = ['agent', 'handler', 'supervisor', 'consumer_protection', 'compliance', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'complaint:create',
  'complaint:read',
  'complaint:accept',
  'complaint:classify',
  'complaint:assign',
  'complaint:handle',
  'complaint:escalate',
  'complaint:decide',
  'complaint:review',
  'complaint:close',
  'complaint:merge',
  'complaint:note',
  'extension:approve',
  'pii:reveal',
  'audit:read',
  'audit:export',
  'report:read',
  'report:export',
  'user:manage',
  'org:manage',
  'apikey:manage',
  'policy:manage',
  'calendar:manage',
  'codetable:manage',
  'template:manage',
  'model:manage',
  'notification:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const HANDLING: Permission[] = [
  'complaint:create',
  'complaint:read',
  'complaint:accept',
  'complaint:classify',
  'complaint:handle',
  'complaint:escalate',
  'complaint:decide',
  'complaint:close',
  'complaint:note',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  agent: ['complaint:create', 'complaint:read', 'complaint:accept', 'complaint:classify', 'complaint:note'],
  handler: [...HANDLING, 'pii:reveal'],
  supervisor: [...HANDLING, 'complaint:assign', 'complaint:merge', 'complaint:review', 'pii:reveal', 'report:read'],
  consumer_protection: [
    ...HANDLING,
    'complaint:assign',
    'complaint:merge',
    'complaint:review',
    'extension:approve',
    'pii:reveal',
    'report:read',
    'report:export',
    'policy:manage',
    'template:manage',
  ],
  compliance: ['complaint:read', 'audit:read', 'audit:export', 'report:read', 'report:export'],
  auditor: ['complaint:read', 'audit:read', 'audit:export', 'report:read'],
  admin: [
    'user:manage',
    'org:manage',
    'apikey:manage',
    'policy:manage',
    'calendar:manage',
    'codetable:manage',
    'template:manage',
    'model:manage',
    'notification:manage',
    'audit:read',
    'report:read',
  ],
};

/** Roles whose sessions must pass a TOTP second factor: anyone who can reveal personal data or administer. */
export function requiresMfa(roles: readonly Role[]): boolean {
  return roles.some((r) => {
    const perms = ROLE_PERMISSIONS[r];
    return perms.includes('pii:reveal') || perms.includes('user:manage') || perms.includes('apikey:manage');
  });
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r] ?? []) out.add(p);
  return out;
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

export function isPermission(s: string): s is Permission {
  return (PERMISSIONS as readonly string[]).includes(s);
}

/** Scopes an API key may carry: a subset of permissions meant for integrations. */
export const API_KEY_SCOPES: readonly Permission[] = ['complaint:create', 'complaint:read', 'complaint:note'];

/** Org units are stored with a materialised path '/<id>/<id>/…/'; a unit sees its own subtree. */
export function inScope(userUnitPath: string, targetUnitPath: string | null | undefined): boolean {
  return !!targetUnitPath && targetUnitPath.startsWith(userUnitPath);
}
