// E-mail over SMTP with nodemailer.

import { createHash } from 'node:crypto';
import net from 'node:net';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { errorLogFields, silentLogger, TransportError } from './transport.ts';
import type { EmailMessage, SendResult, Transport, TransportErrorCode, TransportLogger } from './transport.ts';

export interface EmailTransportConfig {
  readonly host: string;
  readonly port: number;
  /**
   * `true`: TLS from the first byte (port 465). `'starttls'`: plain connection upgraded with STARTTLS, refused if the
   * server does not offer it. `false`: STARTTLS when the server offers it, plain otherwise.
   */
  readonly secure: boolean | 'starttls';
  readonly user?: string;
  readonly password?: string;
  /** Sender, e.g. `"示例银行 <complaints@bank.example>"`. */
  readonly from: string;
  /** Connection, greeting and socket timeout (default 15 s). */
  readonly timeoutMs?: number;
  readonly logger?: TransportLogger;
}

const ADDRESS = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.[^\s@<>()[\],;:"\\.]+$/;

export function isValidEmailAddress(address: string): boolean {
  return address.length <= 254 && ADDRESS.test(address);
}

/** A Message-ID that is the same on every retry of the same notification. */
export function messageIdFor(ref: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'kesu.invalid';
  const local = /^[A-Za-z0-9._-]{1,64}$/.test(ref) ? ref : createHash('sha256').update(ref).digest('hex').slice(0, 32);
  return `<kesu.${local}@${domain}>`;
}

const NETWORK_CODES = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL', 'ESTREAM']);

/** Map a nodemailer error to a TransportError. Server reply text is dropped: it may echo the recipient. */
export function mapSmtpError(err: unknown): TransportError {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const make = (c: TransportErrorCode, retryable: boolean): TransportError =>
    new TransportError({
      channel: 'email',
      code: c,
      retryable,
      message: `SMTP 发送失败 / SMTP send failed (${c}${code ? `, ${code}` : ''}${status ? `, reply ${status}` : ''})`,
      ...(status ? { status } : {}),
    });
  const transient = status !== undefined && status >= 400 && status < 500;
  if (code === 'EAUTH') return make('SMTP_AUTH', transient);
  if (status !== undefined && status >= 400) return make('SMTP_REJECTED', transient);
  if (code === 'ETIMEDOUT') return make('TIMEOUT', true);
  if (code && NETWORK_CODES.has(code)) return make('NETWORK', true);
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return make('INVALID_MESSAGE', false);
  return make('UNKNOWN', true);
}

export class EmailTransport implements Transport<EmailMessage> {
  readonly channel = 'email' as const;
  readonly configured = true;
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo>;
  private readonly from: string;
  private readonly logger: TransportLogger;

  constructor(config: EmailTransportConfig) {
    const timeout = config.timeoutMs ?? 15_000;
    this.from = config.from;
    this.logger = config.logger ?? silentLogger;
    const options: SMTPPool.Options = {
      // Connections are kept and reused (a handshake per message costs more than the message on a busy day).
      pool: true,
      maxConnections: 2,
      maxMessages: 500,
      host: config.host,
      port: config.port,
      secure: config.secure === true,
      requireTLS: config.secure === 'starttls',
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 2,
      // nodemailer must never log (its debug output contains recipients and bodies) nor read files or URLs.
      logger: false,
      debug: false,
      disableFileAccess: true,
      disableUrlAccess: true,
    };
    if (config.user) options.auth = { user: config.user, pass: config.password ?? '' };
    // nodemailer's own sockets keep Nagle's algorithm on: every SMTP command then waits for the server's delayed ACK
    // (~40 ms here, 145 ms a message). The socket is opened here with TCP_NODELAY and handed over (TLS, when
    // configured, is still negotiated by nodemailer on top of it).
    options.getSocket = (_opts, callback) => {
      const socket = net.connect({ host: config.host, port: config.port, noDelay: true });
      let settled = false;
      const settle = (err: Error | null) => {
        if (settled) return; // later socket errors are nodemailer's to handle
        settled = true;
        clearTimeout(timer);
        if (err) {
          socket.destroy();
          callback(err, null);
        } else callback(null, { connection: socket });
      };
      const timer = setTimeout(() => settle(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' })), timeout);
      socket.on('error', (err) => settle(err));
      socket.once('connect', () => settle(null));
    };
    this.transporter = nodemailer.createTransport(options);
  }

  async send(message: EmailMessage): Promise<SendResult> {
    const invalid = (why: string): TransportError =>
      new TransportError({ channel: 'email', code: 'INVALID_MESSAGE', retryable: false, message: `邮件无法发送 / e-mail not sendable: ${why}` });
    if (!isValidEmailAddress(message.to)) throw invalid('recipient is not a single valid address');
    if (!message.subject.trim() || !message.text.trim()) throw invalid('empty subject or body');
    if (!message.ref) throw invalid('missing ref');
    const started = performance.now();
    try {
      const info = await this.transporter.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        messageId: messageIdFor(message.ref, this.from),
        headers: { 'X-Kesu-Ref': message.ref },
      });
      const providerId = info.messageId;
      this.logger.info({ channel: 'email', ref: message.ref, providerId, ms: Math.round(performance.now() - started) }, 'notification sent');
      return { providerId };
    } catch (err) {
      const te = err instanceof TransportError ? err : mapSmtpError(err);
      this.logger.warn(errorLogFields(message, te), 'notification send failed');
      throw te;
    }
  }

  /** Check connection and login (for a health page); rejects with TransportError. */
  async verify(): Promise<void> {
    try {
      await this.transporter.verify();
    } catch (err) {
      throw mapSmtpError(err);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
