// SMS through an HTTP gateway: POST JSON { to, text, ref }, signed with HMAC-SHA256.
//   X-Kesu-Timestamp: <unix seconds>
//   X-Kesu-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
// The gateway answers 2xx (optionally JSON { "id": "…" }); anything else is a retryable failure with the status.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { errorLogFields, silentLogger, TransportError } from './transport.ts';
import type { SendResult, SmsMessage, Transport, TransportLogger } from './transport.ts';

export interface SmsGatewayConfig {
  readonly url: string;
  readonly secret: string;
  /** Whole-request timeout (default 10 s). */
  readonly timeoutMs?: number;
  readonly logger?: TransportLogger;
  /** Clock for the timestamp header (default: system clock). */
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
}

export function signSmsRequest(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Check a signature as a gateway (or a test receiver) would: constant-time comparison, and the timestamp
 * within `toleranceSeconds` of `nowSeconds` to refuse replays.
 */
export function verifySmsSignature(input: {
  secret: string;
  timestamp: string;
  body: string;
  signature: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const ts = Number(input.timestamp);
  if (!/^\d+$/.test(input.timestamp) || Math.abs(input.nowSeconds - ts) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signSmsRequest(input.secret, input.timestamp, input.body));
  const given = Buffer.from(input.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const MOBILE = /^\+?[0-9]{6,15}$/;

export class SmsGateway implements Transport<SmsMessage> {
  readonly channel = 'sms' as const;
  readonly configured = true;
  private readonly url: URL;
  private readonly timeoutMs: number;
  private readonly logger: TransportLogger;
  private readonly now: () => Date;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly config: SmsGatewayConfig) {
    this.url = new URL(config.url);
    this.timeoutMs = config.timeoutMs ?? 10_000;
    this.logger = config.logger ?? silentLogger;
    this.now = config.now ?? (() => new Date());
    this.fetchImpl = config.fetch ?? fetch;
  }

  async send(message: SmsMessage): Promise<SendResult> {
    const fail = (init: Omit<ConstructorParameters<typeof TransportError>[0], 'channel'>): TransportError => {
      const err = new TransportError({ channel: 'sms', ...init });
      this.logger.warn(errorLogFields(message, err), 'notification send failed');
      return err;
    };
    if (!MOBILE.test(message.to) || !message.text.trim() || !message.ref) {
      throw fail({ code: 'INVALID_MESSAGE', retryable: false, message: '短信无法发送 / SMS not sendable: bad number, empty text or missing ref' });
    }
    const body = JSON.stringify({ to: message.to, text: message.text, ref: message.ref });
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    const started = performance.now();
    let res: Response;
    let answer: string;
    try {
      res = await this.fetchImpl(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-kesu-timestamp': timestamp,
          'x-kesu-signature': signSmsRequest(this.config.secret, timestamp, body),
        },
        body,
        // A redirect would resend the recipient and text to another host.
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      answer = await res.text();
    } catch (err) {
      const name = (err as { name?: unknown })?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw fail({ code: 'TIMEOUT', retryable: true, message: `短信网关超时 / SMS gateway timed out after ${this.timeoutMs} ms` });
      }
      throw fail({ code: 'NETWORK', retryable: true, message: '无法连接短信网关 / SMS gateway unreachable' });
    }
    if (res.status < 200 || res.status > 299) {
      throw fail({
        code: 'HTTP_STATUS',
        retryable: true,
        status: res.status,
        message: `短信网关返回 HTTP ${res.status} / SMS gateway answered HTTP ${res.status}`,
      });
    }
    const providerId = providerIdFrom(answer) ?? res.headers.get('x-request-id') ?? message.ref;
    this.logger.info({ channel: 'sms', ref: message.ref, providerId, ms: Math.round(performance.now() - started) }, 'notification sent');
    return { providerId };
  }

  async close(): Promise<void> {}
}

function providerIdFrom(answer: string): string | undefined {
  try {
    const json: unknown = JSON.parse(answer);
    if (json && typeof json === 'object') {
      const { id, messageId } = json as { id?: unknown; messageId?: unknown };
      const v = id ?? messageId;
      if (typeof v === 'string' || typeof v === 'number') return String(v).slice(0, 200);
    }
  } catch {
    // not JSON: fall back
  }
  return undefined;
}
