import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DEFAULT_TEMPLATES, renderTemplate, sampleVars } from '../../src/core/notify/index.ts';
import { EmailTransport, messageIdFor, TransportError } from '../../src/notify/index.ts';
import type { EmailMessage, TransportLogger } from '../../src/notify/index.ts';
import { parseMail } from './mime.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const received: Received[] = [];
let server: SMTPServer;
let port = 0;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

before(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'kesu' && auth.password === 'secret-pw') cb(null, { user: 'kesu' });
      else cb(smtpError('5.7.8 Authentication credentials invalid', 535));
    },
    onRcptTo(address, _session, cb) {
      // Real servers echo the address in their reply: the transport must not pass it on.
      if (address.address.startsWith('unknown')) cb(smtpError(`5.1.1 <${address.address}>: Recipient address rejected`, 550));
      else if (address.address.startsWith('busy')) cb(smtpError(`4.2.1 <${address.address}>: Mailbox busy, try later`, 451));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => {
    const s = server.listen(0, '127.0.0.1', () => {
      port = (s.address() as AddressInfo).port;
      resolve();
    });
  });
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function capturingLogger(): { logger: TransportLogger; lines: string[] } {
  const lines: string[] = [];
  const push = (obj: Record<string, unknown>, msg: string): void => void lines.push(`${msg} ${JSON.stringify(obj)}`);
  return { logger: { info: push, warn: push }, lines };
}

function transport(extra: Partial<ConstructorParameters<typeof EmailTransport>[0]> = {}): EmailTransport {
  return new EmailTransport({ host: '127.0.0.1', port, secure: false, from: '示例银行 <complaints@bank.example>', timeoutMs: 5000, ...extra });
}

describe('EmailTransport over a real SMTP server', () => {
  test('delivers a rendered zh-CN decision notice: recipient, decoded subject and body, stable Message-ID', async () => {
    const { logger, lines } = capturingLogger();
    const t = transport({ logger });
    const rendered = renderTemplate(DEFAULT_TEMPLATES.decision_notice, sampleVars('decision_notice', 'zh-CN'), {
      locale: 'zh-CN',
      channels: ['email'],
    });
    const email = rendered.email;
    assert.ok(email);
    const msg: EmailMessage = { channel: 'email', to: 'li.ming@customer.example', ...email, ref: 'outbox-42' };
    const before = received.length;
    const result = await t.send(msg);
    await t.close();

    assert.equal(received.length, before + 1);
    const got = received.at(-1) as Received;
    assert.deepEqual(got.to, ['li.ming@customer.example']);
    assert.equal(got.from, 'complaints@bank.example');
    const mail = parseMail(got.raw);
    assert.equal(mail.subject, '投诉处理决定告知书（编号：KS-20250127-000123）');
    assert.ok(mail.text?.includes('一、核实的情况'));
    assert.ok(mail.text?.includes('可以自收到本告知书之日起30日内，以书面形式向示例银行股份有限公司总行申请核查'));
    assert.ok(mail.text?.includes('《银行业保险业消费投诉处理管理办法》'));
    assert.ok(mail.html?.includes('<h3>三、处理结果</h3>'));
    assert.equal(mail.headers.get('x-kesu-ref'), 'outbox-42');
    // The Message-ID depends on the ref only, so a retried send carries the same id.
    assert.equal(mail.headers.get('message-id'), messageIdFor('outbox-42', '示例银行 <complaints@bank.example>'));
    assert.equal(result.providerId, mail.headers.get('message-id'));

    const log = lines.join('\n');
    assert.ok(log.includes('outbox-42'));
    assert.ok(!log.includes('li.ming'), 'recipient must not be logged');
    assert.ok(!log.includes('核实'), 'body must not be logged');
  });

  test('logs in with user and password', async () => {
    const t = transport({ user: 'kesu', password: 'secret-pw' });
    await t.send({ channel: 'email', to: 'a@customer.example', subject: 'S', text: 'T', ref: 'r-auth' });
    await t.close();
    const bad = transport({ user: 'kesu', password: 'wrong' });
    await assert.rejects(
      bad.send({ channel: 'email', to: 'a@customer.example', subject: 'S', text: 'T', ref: 'r-auth2' }),
      (e: unknown) => e instanceof TransportError && e.code === 'SMTP_AUTH' && e.retryable === false && e.status === 535,
    );
    await bad.close();
  });

  test('a permanent 5xx rejection is not retryable, and the error does not repeat the recipient', async () => {
    const { logger, lines } = capturingLogger();
    const t = transport({ logger });
    await assert.rejects(
      t.send({ channel: 'email', to: 'unknown.person@customer.example', subject: 'S', text: 'T', ref: 'r-550' }),
      (e: unknown) => {
        assert.ok(e instanceof TransportError);
        assert.equal(e.retryable, false);
        assert.equal(e.status, 550);
        assert.ok(!e.message.includes('unknown.person'), e.message);
        assert.equal((e as Error & { cause?: unknown }).cause, undefined);
        return true;
      },
    );
    await t.close();
    assert.ok(!lines.join('\n').includes('unknown.person'));
  });

  test('a temporary 4xx rejection is retryable', async () => {
    const t = transport();
    await assert.rejects(
      t.send({ channel: 'email', to: 'busy@customer.example', subject: 'S', text: 'T', ref: 'r-451' }),
      (e: unknown) => e instanceof TransportError && e.retryable === true && e.status === 451,
    );
    await t.close();
  });

  test('a refused connection is a retryable network error', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const t = transport({ port: closed });
    await assert.rejects(
      t.send({ channel: 'email', to: 'a@customer.example', subject: 'S', text: 'T', ref: 'r-down' }),
      (e: unknown) => e instanceof TransportError && e.code === 'NETWORK' && e.retryable === true,
    );
    await t.close();
  });

  test('refuses a recipient list or malformed address before connecting', async () => {
    const t = transport();
    const before = received.length;
    for (const to of ['a@customer.example, b@other.example', 'Name <a@customer.example>', 'no-at-sign', 'a@b@c.example']) {
      await assert.rejects(
        t.send({ channel: 'email', to, subject: 'S', text: 'T', ref: 'r-bad' }),
        (e: unknown) => e instanceof TransportError && e.code === 'INVALID_MESSAGE' && !e.retryable,
      );
    }
    await t.close();
    assert.equal(received.length, before);
  });
});
