// Starts Kesu: opens the database, runs migrations, loads keys, serves HTTP and runs the worker.
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { Keyring, loadMasterKey } from './security/keyring.ts';
import { buildApp } from './http/app.ts';
import { ApiKeyCache } from './http/api-key-cache.ts';
import { Worker } from './worker/worker.ts';
import { startWorkerThread, type WorkerThreadHandle } from './worker/thread.ts';
import { jobs, outboxHandlers } from './worker/registry.ts';
import { registerStatic } from './http/static.ts';
import { reloadConfig } from './app/config/calendar.ts';
import { processClassifier, reloadClassifier } from './app/classifier/models.ts';
import { seedDefaultCodeTable } from './app/config/code-tables.ts';
import { createTransportsFromEnv } from './notify/config.ts';
import type { NoticeDeps } from './app/notifications/notices.ts';

const CONFIG_RELOAD_MS = 60_000;

export interface Runtime {
  config: Config;
  database: Database;
  deps: NoticeDeps;
}

/** Opens the database (migrating it) and the keyring: what both the server and the CLI need. */
export async function openRuntime(config: Config = loadConfig(), opts: { migrate?: boolean; seed?: boolean } = {}): Promise<Runtime> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.dbPoolMax, prepare: config.dbPrepare });
  try {
    if (opts.migrate !== false) await migrateToLatest(database.db as never);
    const keyring = new Keyring(loadMasterKey({ masterKey: config.masterKey, dataDir: config.dataDir }), database.db);
    await keyring.load();
    if (opts.seed !== false) await seedDefaultCodeTable(database.db);
    await reloadConfig(database.db);
    // The classifier models administrators activated (a model that fails to decode leaves the shipped one in force).
    await reloadClassifier(database.db);
    const deps: NoticeDeps = {
      db: database.db,
      keyring,
      clock: () => new Date(),
      analyse: processClassifier.analyse,
      transports: createTransportsFromEnv(process.env),
      publicBaseUrl: config.publicBaseUrl,
      ...(process.env.KESU_SERVICE_HOTLINE ? { serviceHotline: process.env.KESU_SERVICE_HOTLINE } : {}),
    };
    return { config, database, deps };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/** Ends the notice transports' kept connections (SMTP pool, SMS gateway). */
export async function closeTransports(runtime: Runtime): Promise<void> {
  const t = runtime.deps.transports;
  await Promise.all([t?.email.close(), t?.sms.close()]);
}

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
