// CPU time of processes, read from /proc (Linux; elsewhere every reading is null). A bench divides the CPU a run
// cost by the work it did: steadier between runs on a noisy machine than a rate, and it says which process paid.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

/** The fields of a /proc stat file after the command name (f[0] is field 3, the state), or null. */
function statFields(path: string): string[] | null {
  try {
    const s = readFileSync(path, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime (ms) of parsed stat fields; with `exitedChildren`, plus cutime + cstime (children reaped). */
function fieldsMs(f: string[], exitedChildren = false): number {
  return (Number(f[11]) + Number(f[12]) + (exitedChildren ? Number(f[13]) + Number(f[14]) : 0)) * TICK_MS;
}

/** utime + stime (ms) from a /proc stat file, or null when it cannot be read. */
function statMs(path: string): number | null {
  const f = statFields(path);
  return f ? fieldsMs(f) : null;
}

/** CPU of the process's threads running at a lower priority (higher nice) than its main thread: the worker thread,
 * which Kesu starts 10 nice steps down on PostgreSQL (KESU_WORKER_NICE). Null when there is none. */
function nicedThreadsMs(pid: number): number | null {
  const main = statFields(`/proc/${pid}/task/${pid}/stat`);
  if (!main) return null;
  let total: number | null = null;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const f = statFields(`/proc/${pid}/task/${tid}/stat`);
      if (f && Number(f[16]) > Number(main[16])) total = (total ?? 0) + fieldsMs(f);
    }
  } catch {
    return null;
  }
  return total;
}

export interface CpuReading {
  /** The whole process (every thread: GC, libuv pool, …). */
  process: number | null;
  /** Its main thread alone: the JavaScript event loop. */
  main: number | null;
  /** Its worker thread (the threads below the main thread's priority); null when the worker runs inline. */
  worker: number | null;
  /** Every process named `postgres` on the machine (the server's backends, other databases' too, and backends that
   * have exited). */
  postgres: number | null;
  /** The process reading (the bench: its load generator and notice sinks). */
  self: number;
}

export function readCpu(pid: number | undefined): CpuReading {
  let postgres: number | null = null;
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      let comm: string;
      try {
        comm = readFileSync(`/proc/${d}/comm`, 'utf8').trim();
      } catch {
        continue;
      }
      if (comm !== 'postgres') continue;
      // Its own time and that of its children that have exited: a backend's CPU moves into the postmaster's
      // cutime/cstime when its client disconnects (pgbench's do before the reading after its run).
      const f = statFields(`/proc/${d}/stat`);
      if (f) postgres = (postgres ?? 0) + fieldsMs(f, true);
    }
  } catch {
    postgres = null;
  }
  return {
    process: pid ? statMs(`/proc/${pid}/stat`) : null,
    main: pid ? statMs(`/proc/${pid}/task/${pid}/stat`) : null,
    worker: pid ? nicedThreadsMs(pid) : null,
    postgres,
    self: (() => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    })(),
  };
}

/** CPU ms per unit of work between two readings, per part; null where either reading is missing. */
export function cpuPer(a: CpuReading, b: CpuReading, units: number): CpuReading {
  const d = (x: number | null, y: number | null) => (x === null || y === null || units <= 0 ? null : (y - x) / units);
  return { process: d(a.process, b.process), main: d(a.main, b.main), worker: d(a.worker, b.worker), postgres: d(a.postgres, b.postgres), self: d(a.self, b.self) ?? 0 };
}
