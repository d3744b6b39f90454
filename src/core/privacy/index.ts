export * from './validators.ts';
export * from './masking.ts';
export * from './pii.ts';
export * from './redact.ts';
