// Starts Kesu: opens the runtime (src/runtime.ts: database, migrations, keys), serves HTTP and runs the worker.
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.ts';
import { buildApp } from './http/app.ts';
import { ApiKeyCache } from './http/api-key-cache.ts';
import type { Worker } from './worker/worker.ts';
import { startWorkerThread, type WorkerThreadHandle } from './worker/thread.ts';
import { kesuWorker } from './worker/registry.ts';
import { registerStatic } from './http/static.ts';
import { closeTransports, openRuntime, reloadEveryMinute, type Runtime } from './runtime.ts';

export interface RunningServer {
  app: FastifyInstance;
  /** The worker when it runs on this thread (PGlite, or KESU_WORKER_THREAD=0). */
  worker: Worker | null;
  /** The worker when it runs on a thread of its own (PostgreSQL). */
  workerThread: WorkerThreadHandle | null;
  runtime: Runtime;
  close(): Promise<void>;
}

export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const runtime = await openRuntime(config);
  let ready = false;
  const apiKeyCache = new ApiKeyCache();
  await apiKeyCache.attach(runtime.database);
  const app = await buildApp({
    apiKeyCache,
    deps: runtime.deps,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    secureCookies: config.secureCookies,
    logLevel: config.logLevel,
    isReady: () => ready,
  });
  await registerStatic(app);
  // The worker: on its own thread when the database is a server (src/worker/thread.ts), else on this thread.
  const workerThread = config.workerEnabled && config.workerThread ? startWorkerThread(config, app.log) : null;
  const worker = config.workerEnabled && !workerThread
    ? kesuWorker(runtime.deps, config.workerPollMs, app.log)
    : null;
  const stopReloading = reloadEveryMinute(runtime, app.log);
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      ready = false;
      stopReloading();
      await app.close(); // stops accepting, waits for in-flight requests
      await Promise.all([worker?.stop(), workerThread?.stop()]);
      await closeTransports(runtime);
      await apiKeyCache.detach();
      await runtime.database.close();
    })());
  try {
    await app.listen({ port: config.port, host: config.host });
    await workerThread?.started;
  } catch (e) {
    await close(); // a port taken or a worker thread that cannot start: nothing stays open
    throw e;
  }
  worker?.start();
  ready = true;
  return { app, worker, workerThread, runtime, close };
}
