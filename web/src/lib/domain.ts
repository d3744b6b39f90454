// Domain vocabularies shared with the server's pure core (GLOSSARY.md), re-exported for the console.
export {
  COMPLAINT_STATES as STATE_VALUES,
  CATEGORIES as CATEGORY_VALUES,
  CHANNELS as CHANNEL_VALUES,
  COMPLEXITIES as COMPLEXITY_VALUES,
  OUTCOMES as OUTCOME_VALUES,
  REMEDIES_OPEN as REMEDY_OPEN_VALUES,
  FEEDBACK_CHANNELS as FEEDBACK_CHANNEL_VALUES,
  SATISFACTION_LEVELS as SATISFACTION_VALUES,
  SATISFACTION_DIMENSIONS as SATISFACTION_DIMENSION_VALUES,
  COMPLETENESS_FIELDS as COMPLETENESS_VALUES,
} from '../../../src/core/complaints/states.ts';
export { validateEmail, validateIdNumber, validatePhone } from '../../../src/core/privacy/validators.ts';
export { findC3 } from '../../../src/core/privacy/pii.ts';

export const REMEDY_TYPES = ['refund', 'fee_waiver', 'apology', 'correction', 'other', 'none'] as const;
export { ROLES as ROLE_VALUES, API_KEY_SCOPES, ROLE_PERMISSIONS } from '../../../src/core/access/permissions.ts';
import { ROLES, requiresMfa } from '../../../src/core/access/permissions.ts';
/** Roles whose users must pass a TOTP second factor. */
export const MFA_ROLES: ReadonlySet<string> = new Set(ROLES.filter((r) => requiresMfa([r])));
export const ORG_LEVELS = ['head_office', 'branch', 'sub_branch', 'outlet', 'department'] as const;
