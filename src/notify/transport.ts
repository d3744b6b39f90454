// The common shape of delivery transports (SMTP e-mail, SMS gateway).
// Transports never log message bodies or recipients: log lines carry the channel, the message ref (the outbox id)
// and the provider's id; errors carry codes and HTTP/SMTP status numbers, never server text that could echo a recipient.

import type { Channel } from '../core/notify/types.ts';

export interface EmailMessage {
  readonly channel: 'email';
  /** One address, no display name. */
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Stable id of this notification (outbox id): the same ref on every retry, so providers can drop duplicates. */
  readonly ref: string;
}

export interface SmsMessage {
  readonly channel: 'sms';
  /** Mobile number, digits with an optional leading +. */
  readonly to: string;
  readonly text: string;
  readonly ref: string;
}

export type OutgoingMessage = EmailMessage | SmsMessage;

export interface SendResult {
  /** The provider's id for the message (SMTP Message-ID, gateway id). */
  readonly providerId: string;
}

export interface Transport<M extends OutgoingMessage = OutgoingMessage> {
  readonly channel: M['channel'];
  /** False for the placeholder used when the channel has no configuration. */
  readonly configured: boolean;
  /** Send one message. Rejects with `TransportError`. */
  send(message: M): Promise<SendResult>;
  close(): Promise<void>;
}

export type TransportErrorCode =
  /** the channel has no configuration */
  | 'NOT_CONFIGURED'
  /** the message cannot be sent as it is (bad address, empty text) */
  | 'INVALID_MESSAGE'
  /** no answer within the timeout */
  | 'TIMEOUT'
  /** connection refused, reset, DNS failure, TLS handshake */
  | 'NETWORK'
  /** the SMS gateway answered with a non-2xx status */
  | 'HTTP_STATUS'
  /** the SMTP server refused the login */
  | 'SMTP_AUTH'
  /** the SMTP server refused the message or recipient */
  | 'SMTP_REJECTED'
  | 'UNKNOWN';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly channel: Channel;
  readonly code: TransportErrorCode;
  /** True when the same message may succeed later (worker retries with backoff); false: give up now. */
  readonly retryable: boolean;
  /** HTTP status (SMS gateway) or SMTP reply code, when there was one. */
  readonly status: number | undefined;

  constructor(init: { channel: Channel; code: TransportErrorCode; retryable: boolean; message: string; status?: number }) {
    super(init.message);
    this.channel = init.channel;
    this.code = init.code;
    this.retryable = init.retryable;
    this.status = init.status;
  }
}

/** Pino-compatible subset. */
export interface TransportLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export const silentLogger: TransportLogger = { info: () => {}, warn: () => {} };

/** Placeholder for a channel without configuration: every send fails, not retryable, with a clear message. */
export class NotConfiguredTransport<M extends OutgoingMessage> implements Transport<M> {
  readonly configured = false;
  constructor(
    readonly channel: M['channel'],
    private readonly hint: string,
  ) {}

  async send(_message: M): Promise<SendResult> {
    throw new TransportError({
      channel: this.channel,
      code: 'NOT_CONFIGURED',
      retryable: false,
      message: `${this.channel === 'email' ? '邮件' : '短信'}发送未配置 / ${this.channel} transport not configured: ${this.hint}`,
    });
  }

  async close(): Promise<void> {}
}

export interface Transports {
  readonly email: Transport<EmailMessage>;
  readonly sms: Transport<SmsMessage>;
}

/** Send through the transport of the message's channel. */
export function sendMessage(transports: Transports, message: OutgoingMessage): Promise<SendResult> {
  return message.channel === 'email' ? transports.email.send(message) : transports.sms.send(message);
}

/** Log fields for a failed send: never the message text, the recipient or the server's reply text. */
export function errorLogFields(message: OutgoingMessage, err: TransportError): Record<string, unknown> {
  return { channel: message.channel, ref: message.ref, code: err.code, retryable: err.retryable, status: err.status };
}
