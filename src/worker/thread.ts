// The worker on a thread of its own (PostgreSQL only). Relaying the outbox — rendering, encrypting and sending every
// notice — is CPU work on the server's one JavaScript thread when it runs inline: each acknowledgement the worker
// sends holds up the next complaint's answer. On a thread of its own, with its own connections, it runs beside the
// HTTP server on another core. It shares nothing with the server thread but the database (outbox rows, job claims),
// exactly as a worker of another server process would. PGlite cannot do this: its engine lives on the server's
// thread, and its data folder admits one opener.
import { Worker as NodeWorker } from 'node:worker_threads';
import type { Config } from '../config.ts';

export interface WorkerThreadLog {
  error(o: object, msg: string): void;
  info(o: object, msg: string): void;
}

/** What the thread is started with (plain data: it crosses the thread boundary by structured clone). */
export interface WorkerThreadData {
  kesuWorkerThread: true;
  config: Config;
}

/** From the thread: its worker runs, or it could not start. Its end is the thread's exit. */
export type WorkerThreadMessage = { type: 'started' } | { type: 'failed'; message: string };

export interface WorkerThreadHandle {
  /** Resolves once the thread's worker runs (its runtime opened), or rejects with why it could not start. */
  started: Promise<void>;
  /** How many threads have started so far: 1 after the start, one more after each restart. */
  readonly starts: number;
  /** Asks the worker to finish its tick and close its connections; ends the thread after `timeoutMs` regardless. */
  stop(timeoutMs?: number): Promise<void>;
}

const RESTART_MS = 2_000;

/**
 * Starts the worker thread. The thread's code is TypeScript run through tsx, whose loader hooks a worker thread does
 * not inherit on Node 20: the thread boots from a line that registers them and then imports `thread-main.ts`. A thread
 * that dies after it started is logged and started again (the outbox keeps what it had not done).
 */
export function startWorkerThread(config: Config, log: WorkerThreadLog, opts: { entry?: URL; restartMs?: number } = {}): WorkerThreadHandle {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = (opts.entry ?? new URL('./thread-main.ts', import.meta.url)).href;
  const restartMs = opts.restartMs ?? RESTART_MS;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })` +
    `.catch((e) => { process.nextTick(() => { throw e; }); });`;
  const data: WorkerThreadData = { kesuWorkerThread: true, config };
  let stopping = false;
  let starts = 0;
  let current: NodeWorker | null = null;
  let restartTimer: NodeJS.Timeout | null = null;

  /** One thread; resolves when its worker runs. After a first successful start, any end is followed by a new one. */
  const spawn = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const t = new NodeWorker(boot, { eval: true, workerData: data, name: 'kesu-worker' });
      current = t;
      t.on('message', (m: WorkerThreadMessage) => {
        if (m.type === 'started') {
          starts++;
          resolve();
        } else if (m.type === 'failed') reject(new Error(`worker thread could not start: ${m.message}`));
      });
      t.on('error', (e) => {
        log.error({ err: { message: e.message } }, 'worker thread failed');
        reject(e);
      });
      t.on('exit', (code) => {
        if (current === t) current = null;
        reject(new Error(`worker thread ended before it started (code ${code})`));
        // Restarted only once a thread has ever run: a first start that fails is the caller's to report.
        if (!stopping && starts > 0) {
          log.error({ code }, 'worker thread ended; starting it again');
          restartTimer = setTimeout(() => {
            restartTimer = null;
            if (!stopping) spawn().catch(() => undefined); // a failed restart ends in 'exit', which schedules the next
          }, restartMs);
        }
      });
    });
  const started = spawn();
  started.catch(() => undefined); // the caller decides what a failed first start means
  return {
    started,
    get starts() {
      return starts;
    },
    async stop(timeoutMs = 30_000) {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      const t = current as NodeWorker | null;
      if (!t) return;
      const exited = new Promise<void>((r) => t.once('exit', () => r()));
      t.postMessage({ type: 'stop' });
      const timer = setTimeout(() => void t.terminate(), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
