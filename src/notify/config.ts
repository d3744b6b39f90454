// Transports from environment variables.
//   KESU_SMTP_HOST, KESU_SMTP_PORT, KESU_SMTP_SECURE (true | false | starttls), KESU_SMTP_USER, KESU_SMTP_PASSWORD,
//   KESU_SMTP_FROM, KESU_SMTP_TIMEOUT_MS; KESU_SMS_URL, KESU_SMS_SECRET, KESU_SMS_TIMEOUT_MS.
// A channel with none of its variables set gets a transport that fails with a clear, non-retryable
// "not configured" error. A channel configured halfway is an operator error: startup fails with the names
// of the variables at fault (never their values).

import { EmailTransport } from './email.ts';
import type { EmailTransportConfig } from './email.ts';
import { SmsGateway } from './sms-gateway.ts';
import type { SmsGatewayConfig } from './sms-gateway.ts';
import { NotConfiguredTransport } from './transport.ts';
import type { EmailMessage, SmsMessage, Transport, TransportLogger, Transports } from './transport.ts';

export type Env = Readonly<Record<string, string | undefined>>;

export class TransportConfigError extends Error {
  override readonly name = 'TransportConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`通知通道配置错误 / notification transport configuration: ${problems.join('; ')}`);
  }
}

export interface TransportDeps {
  readonly logger?: TransportLogger;
  readonly now?: () => Date;
}

export const MIN_SMS_SECRET_LENGTH = 16;

const get = (env: Env, key: string): string | undefined => {
  const v = env[key]?.trim();
  return v ? v : undefined;
};

function positiveInt(env: Env, key: string, problems: string[]): number | undefined {
  const v = get(env, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) problems.push(`${key} must be a positive integer`);
  return n;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** SMTP settings from the environment; undefined when none is set. Throws TransportConfigError. */
export function emailConfigFromEnv(env: Env): Omit<EmailTransportConfig, 'logger'> | undefined {
  const keys = ['HOST', 'PORT', 'SECURE', 'USER', 'PASSWORD', 'FROM'].map((k) => `KESU_SMTP_${k}`);
  if (keys.every((k) => get(env, k) === undefined)) return undefined;
  const problems: string[] = [];
  const host = get(env, 'KESU_SMTP_HOST');
  const from = get(env, 'KESU_SMTP_FROM');
  if (!host) problems.push('KESU_SMTP_HOST is required');
  if (!from) problems.push('KESU_SMTP_FROM is required');
  const secureRaw = get(env, 'KESU_SMTP_SECURE')?.toLowerCase();
  let secure: boolean | 'starttls' | undefined;
  if (secureRaw === undefined) secure = undefined;
  else if (['true', '1', 'yes'].includes(secureRaw)) secure = true;
  else if (['false', '0', 'no'].includes(secureRaw)) secure = false;
  else if (secureRaw === 'starttls') secure = 'starttls';
  else problems.push('KESU_SMTP_SECURE must be true, false or starttls');
  const port = positiveInt(env, 'KESU_SMTP_PORT', problems);
  if (port !== undefined && port > 65535) problems.push('KESU_SMTP_PORT must be at most 65535');
  const user = get(env, 'KESU_SMTP_USER');
  const password = env['KESU_SMTP_PASSWORD'];
  if (user && !password) problems.push('KESU_SMTP_PASSWORD is required with KESU_SMTP_USER');
  if (!user && password) problems.push('KESU_SMTP_USER is required with KESU_SMTP_PASSWORD');
  const timeoutMs = positiveInt(env, 'KESU_SMTP_TIMEOUT_MS', problems);
  if (problems.length) throw new TransportConfigError(problems);
  const effectivePort = port ?? (secure === true ? 465 : 587);
  return {
    host: host as string,
    port: effectivePort,
    secure: secure ?? effectivePort === 465,
    from: from as string,
    ...(user ? { user, password: password as string } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  };
}

/** SMS gateway settings from the environment; undefined when none is set. Throws TransportConfigError. */
export function smsConfigFromEnv(env: Env): Omit<SmsGatewayConfig, 'logger' | 'now'> | undefined {
  const url = get(env, 'KESU_SMS_URL');
  const secret = env['KESU_SMS_SECRET'];
  if (url === undefined && !secret) return undefined;
  const problems: string[] = [];
  if (!url) problems.push('KESU_SMS_URL is required with KESU_SMS_SECRET');
  if (!secret) problems.push('KESU_SMS_SECRET is required with KESU_SMS_URL');
  else if (secret.length < MIN_SMS_SECRET_LENGTH) problems.push(`KESU_SMS_SECRET must be at least ${MIN_SMS_SECRET_LENGTH} characters`);
  if (url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      problems.push('KESU_SMS_URL is not a URL');
    }
    // Recipient and text travel in the body: HTTPS, except to a gateway on this machine.
    if (parsed && parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(parsed.hostname))) {
      problems.push('KESU_SMS_URL must use https (http only for a loopback address)');
    }
  }
  const timeoutMs = positiveInt(env, 'KESU_SMS_TIMEOUT_MS', problems);
  if (problems.length) throw new TransportConfigError(problems);
  return { url: url as string, secret: secret as string, ...(timeoutMs ? { timeoutMs } : {}) };
}

/** Build both transports from the environment (pass `process.env`). Throws TransportConfigError. */
export function createTransportsFromEnv(env: Env, deps: TransportDeps = {}): Transports {
  const problems: string[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (e instanceof TransportConfigError) problems.push(...e.problems);
      else throw e;
      return undefined;
    }
  };
  const emailConfig = attempt(() => emailConfigFromEnv(env));
  const smsConfig = attempt(() => smsConfigFromEnv(env));
  if (problems.length) throw new TransportConfigError(problems);
  const logger = deps.logger ? { logger: deps.logger } : {};
  const email: Transport<EmailMessage> = emailConfig
    ? new EmailTransport({ ...emailConfig, ...logger })
    : new NotConfiguredTransport<EmailMessage>('email', 'set KESU_SMTP_HOST and KESU_SMTP_FROM (see docs/notifications.md)');
  const sms: Transport<SmsMessage> = smsConfig
    ? new SmsGateway({
        ...smsConfig,
        ...logger,
        ...(deps.now ? { now: deps.now } : {}),
      })
    : new NotConfiguredTransport<SmsMessage>('sms', 'set KESU_SMS_URL and KESU_SMS_SECRET (see docs/notifications.md)');
  return { email, sms };
}
