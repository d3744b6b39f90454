// Public API of the notification transports (I/O). Templates and rendering live in src/core/notify.
export * from './transport.ts';
export { EmailTransport, isValidEmailAddress, mapSmtpError, messageIdFor } from './email.ts';
export type { EmailTransportConfig } from './email.ts';
export { SmsGateway, signSmsRequest, verifySmsSignature } from './sms-gateway.ts';
export type { SmsGatewayConfig } from './sms-gateway.ts';
export {
  createTransportsFromEnv,
  emailConfigFromEnv,
  smsConfigFromEnv,
  TransportConfigError,
  MIN_SMS_SECRET_LENGTH,
} from './config.ts';
export type { Env, TransportDeps } from './config.ts';
export { MAX_ATTEMPTS, retryDelayMs, shouldRetry, seededRandom } from '../core/notify/retry.ts';
export type { BackoffOptions } from '../core/notify/retry.ts';
