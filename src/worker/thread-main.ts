// Entry of the worker thread (src/worker/thread.ts): opens its own runtime — connections, keyring, configuration,
// transports; no classifier, no HTTP application — and runs the same Worker the server runs inline on PGlite.
import { parentPort, workerData } from 'node:worker_threads';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { pino } from 'pino';
import { closeTransports, openRuntime, reloadEveryMinute } from '../runtime.ts';
import { kesuWorker } from './registry.ts';
import type { WorkerThreadData, WorkerThreadMessage } from './thread.ts';

/**
 * Answers first: this thread runs at a lower CPU priority than the HTTP server's (nice +10 by default). When the
 * machine is saturated the scheduler gives the server's thread and the database its CPU first and the notices take
 * the rest; on an idle machine nothing changes. Measured at concurrency 16 (alternating 10 s runs): intake 962, 902,
 * 931/s against 921, 882, 791/s at nice 0, notices still drained within 1.2 s of the load's end. Linux sets nice per
 * thread (the thread's id through /proc/thread-self); elsewhere, or if refused, the thread keeps the process's priority.
 */
function lowerPriority(nice: number, log: { info(o: object, msg: string): void }): void {
  if (nice <= 0) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return;
    setPriority(tid, Math.min(19, getPriority(tid) + nice));
  } catch (e) {
    log.info({ err: { message: (e as Error).message } }, 'worker thread keeps the process priority');
  }
}

const data = workerData as WorkerThreadData | undefined;
const port = parentPort;
if (port && data?.kesuWorkerThread) {
  const send = (m: WorkerThreadMessage) => port.postMessage(m);
  const { config } = data;
  const log = pino({ level: config.logLevel === 'silent' ? 'silent' : config.logLevel, base: { pid: process.pid, thread: 'worker' } });
  lowerPriority(config.workerNice, log);
  try {
    // Migrations and seeding are the server thread's, classification is intake's; the worker's statements run one
    // after another, two connections are plenty.
    const runtime = await openRuntime({ ...config, dbPoolMax: 2 }, { migrate: false, seed: false, classifier: false });
    const worker = kesuWorker(runtime.deps, config.workerPollMs, log);
    const stopReloading = reloadEveryMinute(runtime, log);
    worker.start();
    port.on('message', (m: { type?: string }) => {
      if (m?.type !== 'stop') return;
      void (async () => {
        stopReloading();
        await worker.stop();
        await closeTransports(runtime);
        await runtime.database.close();
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
