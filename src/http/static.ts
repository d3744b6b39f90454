// Serves the built web console (/) and customer portal (/portal) when `web/dist` exists.
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function registerStatic(app: FastifyInstance): Promise<void> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('Kesu 客诉 API is running. The web console is not built: run `npm run build:web`.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'] });
  const spa = (file: string) => async (_req: unknown, reply: { sendFile: (f: string) => unknown }) => reply.sendFile(file);
  app.get('/portal', { config: { permission: 'public' }, schema: { hide: true } }, spa('portal.html') as never);
  app.get('/portal/*', { config: { permission: 'public' }, schema: { hide: true } }, spa('portal.html') as never);
  app.get('/app/*', { config: { permission: 'public' }, schema: { hide: true } }, spa('index.html') as never);
}
