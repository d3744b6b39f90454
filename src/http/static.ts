// Serves the built web console (/) and customer portal (/portal) when `web/dist` exists.
// Caching: Vite's content-hashed files (assets/NAME-HASH.js|css|…) never change under their name, so browsers keep
// them a year without asking again (`immutable`); everything else — the HTML entry pages above all — is `no-cache`
// (revalidated by ETag on each load), so a new release is picked up at once. Compression: `npm run build:web` writes
// .br and .gz next to each text file (scripts/compress-web.ts); they are sent as they are to browsers that accept
// them (`preCompressed`), the original to the others, with `Vary: Accept-Encoding`. The security headers (CSP …)
// come from the app's helmet hook, as on every other response.
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative, sep } from 'node:path';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** `assets/NAME-HASH.EXT` as Vite names its output (an 8-character hash, letters, digits, `_` and `-`). */
const HASHED_ASSET = /^assets\/[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;

/** The Cache-Control for a file of the build, by its path relative to the build folder (a .br/.gz as its original). */
export function cacheControlFor(relativePath: string): string {
  const original = relativePath.split(sep).join('/').replace(/\.(?:br|gz)$/, '');
  return HASHED_ASSET.test(original) ? IMMUTABLE : REVALIDATE;
}

export interface StaticOptions {
  /** The build folder (default web/dist); tests point it at a small fake build. */
  root?: string;
}

export async function registerStatic(app: FastifyInstance, opts: StaticOptions = {}): Promise<void> {
  const root = opts.root ?? WEB_DIST;
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Kesu 客诉 API is running. The web console is not built: run `npm run build:web`.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per file of the build, made at start-up: any other path (an unknown /assets/… too) is a 404.
    wildcard: false,
    // The compressed variants are not routes of their own: they are chosen by Accept-Encoding for their original.
    globIgnore: ['**/*.br', '**/*.gz'],
    index: ['index.html'],
    preCompressed: true,
    cacheControl: false, // set below, per file
    setHeaders: (res, path) => {
      res.setHeader('cache-control', cacheControlFor(relative(root, path)));
      res.setHeader('vary', 'Accept-Encoding');
    },
  });
  const spa = (file: string) => async (_req: unknown, reply: { sendFile: (f: string) => unknown }) => reply.sendFile(file);
  app.get('/portal', { config: { permission: 'public' }, schema: { hide: true } }, spa('portal.html') as never);
  app.get('/portal/*', { config: { permission: 'public' }, schema: { hide: true } }, spa('portal.html') as never);
  app.get('/app/*', { config: { permission: 'public' }, schema: { hide: true } }, spa('index.html') as never);
}
