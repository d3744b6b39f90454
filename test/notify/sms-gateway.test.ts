import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TEMPLATES, renderTemplate, sampleVars } from '../../src/core/notify/index.ts';
import { signSmsRequest, SmsGateway, TransportError, verifySmsSignature } from '../../src/notify/index.ts';
import type { TransportLogger } from '../../src/notify/index.ts';

const SECRET = 'test-secret-0123456789abcdef';
const NOW = new Date('2025-01-27T01:30:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);

interface Hit {
  path: string;
  body: string;
  timestamp: string;
  signature: string;
  signatureValid: boolean;
}

const hits: Hit[] = [];
const served = new WeakMap<object, number>();
let server: Server;
let base = '';

function handler(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const timestamp = String(req.headers['x-kesu-timestamp'] ?? '');
    const signature = String(req.headers['x-kesu-signature'] ?? '');
    const signatureValid = verifySmsSignature({ secret: SECRET, timestamp, body, signature, nowSeconds: NOW_S });
    hits.push({ path: req.url ?? '', body, timestamp, signature, signatureValid });
    if (!signatureValid) {
      res.writeHead(401).end();
    } else if (req.url === '/ok') {
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'gw-778899' }));
    } else if (req.url === '/fail') {
      res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error for +8613812345678');
    } else if (req.url === '/slow') {
      setTimeout(() => res.writeHead(200).end('{}'), 1500);
    } else if (req.url === '/redirect') {
      res.writeHead(307, { location: '/ok' }).end();
    } else if (req.url === '/drop-kept') {
      // A gateway that drops a kept connection when the next request arrives on it (as one closing idle connections
      // can, at the moment the client reuses one); fresh connections are answered.
      const seen = served.get(req.socket) ?? 0;
      served.set(req.socket, seen + 1);
      if (seen >= 1) req.socket.destroy();
      else res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${hits.length}` }));
    } else {
      res.writeHead(404).end();
    }
  });
}

before(async () => {
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function capturingLogger(): { logger: TransportLogger; lines: string[] } {
  const lines: string[] = [];
  const push = (obj: Record<string, unknown>, msg: string): void => void lines.push(`${msg} ${JSON.stringify(obj)}`);
  return { logger: { info: push, warn: push }, lines };
}

const gateway = (path: string, extra: Partial<ConstructorParameters<typeof SmsGateway>[0]> = {}): SmsGateway =>
  new SmsGateway({ url: `${base}${path}`, secret: SECRET, now: () => NOW, ...extra });

describe('SmsGateway against a local HTTP receiver', () => {
  test('posts { to, text, ref } signed with HMAC over timestamp.body, and returns the gateway id', async () => {
    const { logger, lines } = capturingLogger();
    const { sms } = renderTemplate(DEFAULT_TEMPLATES.acknowledgement, sampleVars('acknowledgement'), {
      locale: 'zh-CN',
      channels: ['sms'],
    });
    assert.ok(sms);
    const result = await gateway('/ok', { logger }).send({ channel: 'sms', to: '+8613812345678', text: sms.text, ref: 'outbox-7' });
    assert.equal(result.providerId, 'gw-778899');
    const hit = hits.at(-1) as Hit;
    assert.equal(hit.signatureValid, true);
    assert.equal(hit.timestamp, String(NOW_S));
    assert.equal(hit.signature, signSmsRequest(SECRET, hit.timestamp, hit.body));
    assert.match(hit.signature, /^sha256=[0-9a-f]{64}$/);
    assert.deepEqual(JSON.parse(hit.body), { to: '+8613812345678', text: sms.text, ref: 'outbox-7' });
    const log = lines.join('\n');
    assert.ok(log.includes('outbox-7') && log.includes('gw-778899'));
    assert.ok(!log.includes('13812345678'), 'recipient must not be logged');
    assert.ok(!log.includes('受理'), 'text must not be logged');
  });

  test('a receiver with another secret rejects the signature (401 is reported with its status)', async () => {
    await assert.rejects(
      gateway('/ok', { secret: 'another-secret-0123456789' }).send({ channel: 'sms', to: '13812345678', text: 'x', ref: 'r1' }),
      (e: unknown) => e instanceof TransportError && e.status === 401 && e.code === 'HTTP_STATUS',
    );
    assert.equal((hits.at(-1) as Hit).signatureValid, false);
  });

  test('HTTP 500 is a retryable failure carrying the status, without the gateway text', async () => {
    const { logger, lines } = capturingLogger();
    await assert.rejects(
      gateway('/fail', { logger }).send({ channel: 'sms', to: '+8613812345678', text: '验证码 123456', ref: 'r-500' }),
      (e: unknown) => {
        assert.ok(e instanceof TransportError);
        assert.equal(e.retryable, true);
        assert.equal(e.status, 500);
        assert.equal(e.channel, 'sms');
        assert.ok(!e.message.includes('13812345678'));
        return true;
      },
    );
    assert.match(lines.join('\n'), /"status":500/);
    assert.ok(!lines.join('\n').includes('123456'));
  });

  test('a gateway slower than the timeout is a retryable TIMEOUT', async () => {
    const started = Date.now();
    await assert.rejects(
      gateway('/slow', { timeoutMs: 200 }).send({ channel: 'sms', to: '13812345678', text: 'x', ref: 'r-slow' }),
      (e: unknown) => e instanceof TransportError && e.code === 'TIMEOUT' && e.retryable,
    );
    assert.ok(Date.now() - started < 1400, 'gave up at the timeout, not when the gateway answered');
  });

  test('does not follow redirects (the body would go to another address)', async () => {
    const before = hits.length;
    await assert.rejects(
      gateway('/redirect').send({ channel: 'sms', to: '13812345678', text: 'x', ref: 'r-redir' }),
      (e: unknown) => e instanceof TransportError && e.code === 'NETWORK',
    );
    assert.equal(hits.length, before + 1);
  });

  test('a message sent on a kept connection the gateway dropped goes again on a new one, once', async () => {
    const g = gateway('/drop-kept');
    const before = hits.length;
    const first = await g.send({ channel: 'sms', to: '13812345678', text: 'x', ref: 'r-k1' });
    const second = await g.send({ channel: 'sms', to: '13812345678', text: 'y', ref: 'r-k2' });
    assert.ok(first.providerId.startsWith('gw-') && second.providerId.startsWith('gw-'));
    // first (new connection), second on the kept one (dropped), second again on a new connection
    assert.deepEqual(hits.slice(before).map((h) => JSON.parse(h.body).ref), ['r-k1', 'r-k2', 'r-k2']);
    await g.close();
  });

  test('an unreachable gateway is a retryable network error', async () => {
    const g = new SmsGateway({ url: 'http://127.0.0.1:1/sms', secret: SECRET });
    await assert.rejects(
      g.send({ channel: 'sms', to: '13812345678', text: 'x', ref: 'r-down' }),
      (e: unknown) => e instanceof TransportError && e.code === 'NETWORK' && e.retryable,
    );
  });

  test('refuses a bad number or empty text without calling the gateway', async () => {
    const before = hits.length;
    for (const [to, text] of [
      ['138-1234-5678', 'x'],
      ['13812345678,13912345678', 'x'],
      ['13812345678', '  '],
    ] as const) {
      await assert.rejects(
        gateway('/ok').send({ channel: 'sms', to, text, ref: 'r-bad' }),
        (e: unknown) => e instanceof TransportError && e.code === 'INVALID_MESSAGE' && !e.retryable,
      );
    }
    assert.equal(hits.length, before);
  });
});

describe('verifySmsSignature', () => {
  const body = '{"to":"1","text":"t","ref":"r"}';
  const ts = String(NOW_S);
  const sig = signSmsRequest(SECRET, ts, body);
  test('accepts the right signature within the time window', () => {
    assert.equal(verifySmsSignature({ secret: SECRET, timestamp: ts, body, signature: sig, nowSeconds: NOW_S + 60 }), true);
  });
  test('rejects a changed body, a stale timestamp or a malformed signature', () => {
    assert.equal(verifySmsSignature({ secret: SECRET, timestamp: ts, body: body.replace('t"', 'u"'), signature: sig, nowSeconds: NOW_S }), false);
    assert.equal(verifySmsSignature({ secret: SECRET, timestamp: ts, body, signature: sig, nowSeconds: NOW_S + 301 }), false);
    assert.equal(verifySmsSignature({ secret: SECRET, timestamp: ts, body, signature: 'sha256=00', nowSeconds: NOW_S }), false);
  });
});
