// SMS through an HTTP gateway: POST JSON { to, text, ref }, signed with HMAC-SHA256.
//   X-Kesu-Timestamp: <unix seconds>
//   X-Kesu-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
// The gateway answers 2xx (optionally JSON { "id": "…" }); anything else is a retryable failure with the status.
// Sent with node:http(s) over kept-alive connections: `fetch` cost about nine times the client CPU per message
// (measured: ~180 against ~20 µs), and every complaint with a phone number sends one.

import http from 'node:http';
import https from 'node:https';
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
}

/** The gateway's answer is read up to this size (an id is expected, not a document). */
const MAX_ANSWER_BYTES = 64 * 1024;

interface Answer {
  status: number;
  body: string;
  requestId: string | undefined;
}

class Timeout extends Error {}

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
  private readonly lib: typeof http | typeof https;
  private readonly agent: http.Agent;

  constructor(private readonly config: SmsGatewayConfig) {
    this.url = new URL(config.url);
    this.timeoutMs = config.timeoutMs ?? 10_000;
    this.logger = config.logger ?? silentLogger;
    this.now = config.now ?? (() => new Date());
    // Connections are kept for the next message; a handful suffices (the worker sends one message at a time).
    const agentOptions = { keepAlive: true, maxSockets: 4, maxFreeSockets: 4 };
    this.lib = this.url.protocol === 'https:' ? https : http;
    this.agent = new this.lib.Agent(agentOptions);
  }

  /**
   * One POST; rejects with Timeout after `timeoutMs` for the whole exchange, or with the socket's error. A kept
   * connection the gateway closed meanwhile fails at once (ECONNRESET on a reused socket): sent again, once, on a new
   * one — the gateway never read it.
   */
  private post(body: string, headers: Record<string, string>, retried = false): Promise<Answer> {
    return new Promise<Answer>((resolve, reject) => {
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        f();
      };
      const req = this.lib.request(this.url, { method: 'POST', agent: this.agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(c);
        });
        res.on('end', () => {
          const rid = res.headers['x-request-id'];
          settle(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), requestId: Array.isArray(rid) ? rid[0] : rid }));
        });
        res.on('error', (e) => settle(() => reject(e)));
      });
      const timer = setTimeout(() => {
        settle(() => reject(new Timeout()));
        req.destroy();
      }, this.timeoutMs);
      req.on('error', (e: Error & { code?: string }) => {
        if (!retried && req.reusedSocket && e.code === 'ECONNRESET') settle(() => resolve(this.post(body, headers, true)));
        else settle(() => reject(e));
      });
      req.end(body);
    });
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
    let res: Answer;
    try {
      res = await this.post(body, {
        'content-type': 'application/json; charset=utf-8',
        'x-kesu-timestamp': timestamp,
        'x-kesu-signature': signSmsRequest(this.config.secret, timestamp, body),
      });
    } catch (err) {
      if (err instanceof Timeout) {
        throw fail({ code: 'TIMEOUT', retryable: true, message: `短信网关超时 / SMS gateway timed out after ${this.timeoutMs} ms` });
      }
      throw fail({ code: 'NETWORK', retryable: true, message: '无法连接短信网关 / SMS gateway unreachable' });
    }
    // A redirect is not followed: it would resend the recipient and text to another address.
    if (res.status >= 300 && res.status < 400) {
      throw fail({ code: 'NETWORK', retryable: true, status: res.status, message: `短信网关要求重定向，未跟随 / SMS gateway answered a redirect (HTTP ${res.status}), not followed` });
    }
    if (res.status < 200 || res.status > 299) {
      throw fail({
        code: 'HTTP_STATUS',
        retryable: true,
        status: res.status,
        message: `短信网关返回 HTTP ${res.status} / SMS gateway answered HTTP ${res.status}`,
      });
    }
    const providerId = providerIdFrom(res.body) ?? res.requestId?.slice(0, 200) ?? message.ref;
    this.logger.info({ channel: 'sms', ref: message.ref, providerId, ms: Math.round(performance.now() - started) }, 'notification sent');
    return { providerId };
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
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
