// Starts Kesu: opens the runtime (src/runtime.ts: database, migrations, keys), serves HTTP and runs the worker.
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.ts';
import { buildApp } from './http/app.ts';
import { ApiKeyCache } from './http/api-key-cache.ts';
import { Worker } from './worker/worker.ts';
import { startWorkerThread, type WorkerThreadHandle } from './worker/thread.ts';
import { jobs, outboxHandlers } from './worker/registry.ts';
import { registerStatic } from './http/static.ts';
import { reloadConfig } from './app/config/calendar.ts';
import { reloadClassifier } from './app/classifier/models.ts';
import { closeTransports, openRuntime, type Runtime } from './runtime.ts';

const CONFIG_RELOAD_MS = 60_000;

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
    ? new Worker({ deps: runtime.deps, handlers: outboxHandlers, jobs, pollMs: config.workerPollMs, log: app.log })
    : null;
  // Every minute: the calendar and SLA policy, and the classifier models activated through another process (this
  // thread's copies; a worker thread reloads its own).
  let reloading = false;
  const reloadTimer = setInterval(() => {
    if (reloading) return;
    reloading = true;
    (async () => {
      await reloadConfig(runtime.deps.db);
      await reloadClassifier(runtime.deps.db, { log: app.log });
    })()
      .catch((e: unknown) => app.log.error({ err: { message: (e as Error).message } }, 'configuration reload failed'))
      .finally(() => (reloading = false));
  }, CONFIG_RELOAD_MS);
  reloadTimer.unref();
  try {
    await app.listen({ port: config.port, host: config.host });
    await workerThread?.started;
  } catch (e) {
    clearInterval(reloadTimer);
    await workerThread?.stop();
    await app.close();
    await apiKeyCache.detach();
    await runtime.database.close();
    throw e;
  }
  worker?.start();
  ready = true;
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      ready = false;
      clearInterval(reloadTimer);
      await app.close(); // stops accepting, waits for in-flight requests
      await Promise.all([worker?.stop(), workerThread?.stop()]);
      await closeTransports(runtime);
      await apiKeyCache.detach();
      await runtime.database.close();
    })());
  return { app, worker, workerThread, runtime, close };
}
