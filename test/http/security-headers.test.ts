// Every response carries the same security headers — an API answer, an error, a route that does not exist, over
// HTTP and with HSTS when cookies are secure — exactly the set a browser needs to refuse framing, sniffing, inline
// script and referrer leaks (security.md: headers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { Keyring } from '../../src/security/keyring.ts';
import { securityHeaders } from '../../src/http/security-headers.ts';
import { freshDatabase } from '../support/db.ts';

const CSP = "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data: blob:;font-src 'self' data:;"
  + "connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";
const EXPECTED: Record<string, string> = {
  'content-security-policy': CSP,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
const HSTS = 'max-age=31536000; includeSubDomains';

let plain: FastifyInstance;
let secure: FastifyInstance;
let database: Awaited<ReturnType<typeof freshDatabase>>;

before(async () => {
  database = await freshDatabase();
  const keyring = new Keyring(randomBytes(32), database.db);
  await keyring.load();
  const deps = { db: database.db, keyring, clock: () => new Date() };
  plain = await buildApp({ deps, logLevel: 'silent' });
  secure = await buildApp({ deps, logLevel: 'silent', secureCookies: true });
});
after(async () => {
  await plain?.close();
  await secure?.close();
  await database?.drop();
});

function securityHeadersOf(headers: Record<string, unknown>): Record<string, string> {
  const names = [...Object.keys(EXPECTED), 'strict-transport-security', 'cross-origin-embedder-policy', 'x-powered-by'];
  return Object.fromEntries(names.filter((n) => headers[n] !== undefined).map((n) => [n, String(headers[n])]));
}

test('an answer, an error and an unknown route all carry the same security headers', async () => {
  const answers = [
    await plain.inject({ method: 'GET', url: '/healthz' }),
    await plain.inject({ method: 'GET', url: '/api/v1/complaints' }), // 401: not signed in
    await plain.inject({ method: 'POST', url: '/api/v1/complaints', payload: '{' }),
    await plain.inject({ method: 'GET', url: '/no/such/page' }),
  ];
  assert.deepEqual(answers.map((r) => r.statusCode), [200, 401, 401, 404]);
  for (const r of answers) assert.deepEqual(securityHeadersOf(r.headers), EXPECTED, `${r.statusCode} ${r.body.slice(0, 80)}`);
});

test('with secure cookies (served over HTTPS) every answer also tells the browser to keep to HTTPS', async () => {
  const r = await secure.inject({ method: 'GET', url: '/healthz' });
  assert.deepEqual(securityHeadersOf(r.headers), { ...EXPECTED, 'strict-transport-security': HSTS });
});

test('a directive helmet refuses fails the start, not a request', () => {
  assert.throws(() => securityHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], 'bad name': ['x'] } } }), /bad name|invalid/i);
});
