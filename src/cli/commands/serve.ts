import type { Io } from '../args.ts';
import { startServer } from '../../server.ts';
import { loadConfig } from '../../config.ts';

export async function run(_args: string[], io: Io): Promise<number> {
  const t0 = performance.now();
  const config = loadConfig();
  const server = await startServer(config);
  io.stdout(
    `Kesu 客诉 listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} ` +
      `(${server.runtime.database.kind}${server.runtime.database.kind === 'pglite' ? `, data in ${config.dataDir}` : ''}; ready in ${Math.round(performance.now() - t0)} ms)\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      io.stdout(`${sig} received, shutting down…\n`);
      server.close().then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
