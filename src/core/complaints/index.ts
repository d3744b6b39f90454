export * from './states.ts';
export * from './commands.ts';
export * from './results.ts';
export * from './policy.ts';
export { decide, allowedCommands, STATE_GUARDS } from './transitions.ts';
export { registerComplaint, type RegisterComplaintInput } from './register.ts';
export { EXTENSION_DAYS, maxExtensionLevel } from './rules/extension.ts';
