// Entry of the worker thread (src/worker/thread.ts): opens its own runtime — connections, keyring, configuration,
// classifier, transports — and runs the same Worker the server runs inline on PGlite.
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { closeTransports, openRuntime } from '../server.ts';
import { reloadConfig } from '../app/config/calendar.ts';
import { reloadClassifier } from '../app/classifier/models.ts';
import { Worker } from './worker.ts';
import { jobs, outboxHandlers } from './registry.ts';
import type { WorkerThreadData, WorkerThreadMessage } from './thread.ts';

const data = workerData as WorkerThreadData | undefined;
const port = parentPort;
if (port && data?.kesuWorkerThread) {
  const send = (m: WorkerThreadMessage) => port.postMessage(m);
  const { config } = data;
  const log = pino({ level: config.logLevel === 'silent' ? 'silent' : config.logLevel, base: { pid: process.pid, thread: 'worker' } });
  try {
    // Migrations and seeding are the server thread's; the worker's statements run one after another, two
    // connections are plenty.
    const runtime = await openRuntime({ ...config, dbPoolMax: 2 }, { migrate: false, seed: false });
    const worker = new Worker({
      deps: runtime.deps,
      handlers: outboxHandlers,
      jobs,
      pollMs: config.workerPollMs,
      log,
      // This thread's own copies of the calendar, SLA policy and classifier models.
      perProcess: async (d) => {
        await reloadConfig(d.db);
        await reloadClassifier(d.db, { log });
      },
    });
    worker.start();
    port.on('message', (m: { type?: string }) => {
      if (m?.type !== 'stop') return;
      void (async () => {
        await worker.stop();
        await closeTransports(runtime);
        await runtime.database.close();
        send({ type: 'stopped' });
        port.close();
      })();
    });
    send({ type: 'started' });
  } catch (e) {
    log.error({ err: { message: (e as Error).message } }, 'worker thread could not start');
    send({ type: 'failed', message: (e as Error).message });
    port.close();
  }
}
