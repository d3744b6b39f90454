// The built console as the browser gets it: hashed assets cached for a year and sent brotli/gzip-compressed to
// browsers that accept it; entry pages revalidated on every load; security headers on every file. A small fake
// build (compressed by the same script as `npm run build:web`) stands in for web/dist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { registerStatic } from '../../src/http/static.ts';
import { Keyring } from '../../src/security/keyring.ts';
import { freshDatabase } from '../support/db.ts';
import { compressDir } from '../../scripts/compress-web.ts';

const JS = 'assets/console-Ab_d12-4.js';
const CSS = 'assets/console-Qz9xY8wv.css';
const TINY = 'assets/tiny-Kk3mN0pq.js';
const jsText = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, label: "投诉 complaint ${i}" }`).join(',\n')}];\n`;

let dist: string;
let app: FastifyInstance;
let database: Awaited<ReturnType<typeof freshDatabase>>;

before(async () => {
  dist = mkdtempSync(join(tmpdir(), 'kesu-static-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), `<!doctype html><html><head><script type="module" src="/${JS}"></script><link rel="stylesheet" href="/${CSS}"></head><body><div id="root"></div>${' '.repeat(600)}</body></html>`);
  writeFileSync(join(dist, 'portal.html'), `<!doctype html><html><head><title>portal 投诉</title></head><body><div id="root"></div>${'<!-- p -->'.repeat(80)}</body></html>`);
  writeFileSync(join(dist, JS), jsText);
  writeFileSync(join(dist, CSS), `.queue td { padding: 4px 8px; }\n`.repeat(100));
  writeFileSync(join(dist, TINY), 'x');
  compressDir(dist);
  database = await freshDatabase();
  const keyring = new Keyring(randomBytes(32), database.db);
  await keyring.load();
  app = await buildApp({ deps: { db: database.db, keyring, clock: () => new Date() }, logLevel: 'silent' });
  await registerStatic(app, { root: dist });
  await app.ready();
});
after(async () => {
  await app?.close();
  await database?.drop();
  rmSync(dist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

function assertSecurityHeaders(r: Awaited<ReturnType<typeof get>>): void {
  assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
  assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(r.headers['referrer-policy'], 'no-referrer');
}

test('the build script writes .br and .gz next to text files, but not where compression would not pay', () => {
  assert.ok(existsSync(join(dist, `${JS}.br`)) && existsSync(join(dist, `${JS}.gz`)));
  assert.ok(existsSync(join(dist, 'index.html.br')));
  assert.ok(!existsSync(join(dist, `${TINY}.br`)) && !existsSync(join(dist, `${TINY}.gz`)), 'a one-byte file stays uncompressed');
});

test('a hashed asset comes brotli-compressed to a browser that accepts br, cached for a year', async () => {
  const r = await get(`/${JS}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-encoding'], 'br');
  assert.match(String(r.headers['content-type']), /^(application|text)\/javascript; charset=utf-8$/);
  assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(String(r.headers.vary), /Accept-Encoding/i);
  assert.ok(r.rawPayload.length < jsText.length / 3, `br body ${r.rawPayload.length} bytes`);
  assert.equal(brotliDecompressSync(r.rawPayload).toString('utf8'), jsText);
  assertSecurityHeaders(r);
});

test('gzip when only gzip is accepted; the original when no encoding is', async () => {
  const gz = await get(`/${CSS}`, { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.match(String(gz.headers['content-type']), /^text\/css/);
  assert.equal(gunzipSync(gz.rawPayload).toString('utf8'), readFileSync(join(dist, CSS), 'utf8'));
  assert.equal(gz.headers['cache-control'], 'public, max-age=31536000, immutable');
  for (const headers of [{}, { 'accept-encoding': 'identity' }] as Record<string, string>[]) {
    const r = await get(`/${JS}`, headers);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.body, jsText);
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(String(r.headers.vary), /Accept-Encoding/i, 'caches must not hand this copy to a browser that accepts br');
    assertSecurityHeaders(r);
  }
  // A file without a compressed variant is sent as it is, even when br is accepted.
  const tiny = await get(`/${TINY}`, { 'accept-encoding': 'br, gzip' });
  assert.equal(tiny.statusCode, 200);
  assert.equal(tiny.headers['content-encoding'], undefined);
  assert.equal(tiny.body, 'x');
});

test('entry pages (console and portal, and the console routes) are revalidated on every load', async () => {
  for (const [url, marker] of [['/', JS], ['/index.html', JS], ['/app/queue', JS], ['/app/complaints/abc', JS], ['/portal', 'portal 投诉'], ['/portal/track', 'portal 投诉']] as const) {
    const r = await get(url, { 'accept-encoding': 'gzip, br' });
    assert.equal(r.statusCode, 200, url);
    assert.equal(r.headers['cache-control'], 'no-cache', url);
    assert.match(String(r.headers['content-type']), /^text\/html/, url);
    const html = r.headers['content-encoding'] === 'br' ? brotliDecompressSync(r.rawPayload).toString('utf8') : r.body;
    assert.ok(html.includes(marker), url);
    assertSecurityHeaders(r);
  }
  // Revalidation is cheap: the same page again with its ETag is a 304 without a body.
  const first = await get('/');
  assert.ok(first.headers.etag);
  const again = await get('/', { 'if-none-match': String(first.headers.etag) });
  assert.equal(again.statusCode, 304);
  assert.equal(again.rawPayload.length, 0);
});

test('an unknown asset, and a compressed variant asked for by name, are 404', async () => {
  for (const url of ['/assets/console-ZZZZZZZZ.js', '/assets/', `/${JS}.br`, `/${JS}.gz`, '/assets/../package.json']) {
    const r = await get(url, { 'accept-encoding': 'br' });
    assert.equal(r.statusCode, 404, url);
    assert.notEqual(r.headers['cache-control'], 'public, max-age=31536000, immutable', url);
  }
});
