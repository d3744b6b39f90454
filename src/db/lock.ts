// PGlite keeps its files in one folder that only one process may open. A lock file with the owner's pid
// makes a second process (a CLI command while the server runs) fail with a clear error instead of corrupting it.
import { openSync, writeSync, closeSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

export interface DataDirLock {
  release(): void;
}

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(readonly dir: string, readonly pid: number) {
    super(
      `数据目录 ${dir} 正被进程 ${pid} 使用（Kesu 服务器正在运行？）。请先停止它，或使用 DATABASE_URL 连接 PostgreSQL。\n` +
        `The data folder ${dir} is in use by process ${pid} (is the Kesu server running?). Stop it first, or use DATABASE_URL with a PostgreSQL server.`,
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dir: string): DataDirLock {
  const file = join(dir, 'kesu.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isFinite(pid) && pid !== process.pid && alive(pid)) throw new DataDirLockedError(dir, pid);
      // Stale lock from a process that died: remove it and try once more.
      try {
        unlinkSync(file);
      } catch {
        /* raced with another process */
      }
    }
  }
  throw new DataDirLockedError(dir, -1);
}
