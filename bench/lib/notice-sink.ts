// Where a benchmarked server's customer notices go: an SMS gateway and an SMTP server inside the bench process that
// accept and count every message, so the server does the full work of a notice (render, send, mark sent, audit) and
// the bench can wait until every complaint's notices went out.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface NoticeSink {
  env: Record<string, string>;
  sent(): number;
  /** Resolves once `count` messages arrived, or after `timeoutMs` (false). */
  waitFor(count: number, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function startNoticeSink(): Promise<NoticeSink> {
  let n = 0;
  const sms = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"id":"s${n}"}`);
    });
  });
  sms.keepAliveTimeout = 60_000;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, cb) {
      stream.resume();
      stream.on('end', () => {
        n++;
        cb();
      });
    },
  });
  const smsPort = await new Promise<number>((resolve) => sms.listen(0, '127.0.0.1', () => resolve((sms.address() as AddressInfo).port)));
  const smtpPort = await new Promise<number>((resolve) => {
    const s = smtp.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
  });
  return {
    env: {
      KESU_SMS_URL: `http://127.0.0.1:${smsPort}/send`,
      KESU_SMS_SECRET: 'bench-sms-secret-0123456789abcdef',
      KESU_SMTP_HOST: '127.0.0.1',
      KESU_SMTP_PORT: String(smtpPort),
      KESU_SMTP_SECURE: 'false',
      KESU_SMTP_FROM: 'kesu@bank.example',
    },
    sent: () => n,
    async waitFor(count, timeoutMs) {
      const end = Date.now() + timeoutMs;
      while (n < count) {
        if (Date.now() > end) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
      return true;
    },
    async close() {
      sms.closeAllConnections();
      await new Promise<void>((r) => sms.close(() => r()));
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}
