// What the server, its worker thread and the CLI share: the database (migrated), the keyring, configuration in
// force, the classifier and the notice transports. Kept apart from server.ts so that a worker thread or a CLI command
// does not load the HTTP application.
import { loadConfig, type Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { Keyring, loadMasterKey } from './security/keyring.ts';
import { reloadConfig } from './app/config/calendar.ts';
import { seedDefaultCodeTable } from './app/config/code-tables.ts';
import { createTransportsFromEnv } from './notify/config.ts';
import type { NoticeDeps } from './app/notifications/notices.ts';

export interface Runtime {
  config: Config;
  database: Database;
  deps: NoticeDeps;
}

/**
 * Opens the database (migrating it) and the keyring: what both the server and the CLI need. `classifier: false`
 * leaves the classifier out (no `deps.analyse`, no model loaded): the worker never suggests a classification.
 */
export async function openRuntime(config: Config = loadConfig(), opts: { migrate?: boolean; seed?: boolean; classifier?: boolean } = {}): Promise<Runtime> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.dbPoolMax, prepare: config.dbPrepare });
  try {
    if (opts.migrate !== false) await migrateToLatest(database.db as never);
    const keyring = new Keyring(loadMasterKey({ masterKey: config.masterKey, dataDir: config.dataDir }), database.db);
    await keyring.load();
    if (opts.seed !== false) await seedDefaultCodeTable(database.db);
    await reloadConfig(database.db);
    // The classifier models administrators activated (a model that fails to decode leaves the shipped one in force).
    // Imported only when wanted: the module alone holds about 200 MB (dictionaries and the shipped model).
    let analyse: NoticeDeps['analyse'];
    if (opts.classifier !== false) {
      const { processClassifier, reloadClassifier } = await import('./app/classifier/models.ts');
      await reloadClassifier(database.db);
      analyse = processClassifier.analyse;
    }
    const deps: NoticeDeps = {
      db: database.db,
      keyring,
      clock: () => new Date(),
      ...(analyse ? { analyse } : {}),
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

const RELOAD_MS = 60_000;

/**
 * Every minute, this process's (or thread's) copies of what another process may have changed: the calendar and SLA
 * policy in force and, when this runtime has the classifier, the active models. Returns the function that stops it.
 */
export function reloadEveryMinute(runtime: Runtime, log: { error(o: object, msg: string): void; info?(o: object, msg: string): void }): () => void {
  let reloading = false;
  const timer = setInterval(() => {
    if (reloading) return;
    reloading = true;
    (async () => {
      await reloadConfig(runtime.deps.db);
      if (runtime.deps.analyse) await (await import('./app/classifier/models.ts')).reloadClassifier(runtime.deps.db, { log });
    })()
      .catch((e: unknown) => log.error({ err: { message: (e as Error).message } }, 'configuration reload failed'))
      .finally(() => (reloading = false));
  }, RELOAD_MS);
  timer.unref();
  return () => clearInterval(timer);
}
