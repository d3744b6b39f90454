// Public API of the pure notification layer.
export * from './types.ts';
export * from './templates.ts';
export { escapeHtml } from './escape.ts';
export { smsSegments, findSmsPersonalData, SMS_LIMITS } from './sms.ts';
export type { SmsPersonalDataKind } from './sms.ts';
export { parseTemplate, templateVariables } from './syntax.ts';
export {
  VARIABLES,
  KIND_VARIABLES,
  REQUIRED_VARIABLES,
  PORTAL_OTP_TTL_MINUTES,
  channelVariables,
  isKnownVariable,
  variableSpec,
} from './variables.ts';
export type { VariableName, VariableSpec, VariableType, PiiClass } from './variables.ts';
export { CITABLE_INSTRUMENTS, FORBIDDEN_CITATIONS } from './validate.ts';
export { MAX_ATTEMPTS, retryDelayMs, shouldRetry, seededRandom, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS } from './retry.ts';
export type { BackoffOptions } from './retry.ts';
