// The `pg` client talks to embedded PGlite over PostgreSQL's wire protocol, as it would over a socket: `pg`
// serialises and parses the messages with its own (fast, Buffer-based) codec, and every message written in one turn of
// the event loop (parse, bind, describe, execute, sync of a query) reaches PGlite in one call — one pass through the
// engine and one sync to the data folder after it — where PGlite's own `pg` adapter made one call per message,
// re-encoded each in JavaScript and parsed every answer into objects (docs/decisions.md).
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import pg from 'pg';

/** What the wire needs from an engine: raw protocol messages in, raw protocol messages out (and, for test templates
 * and dumps, the data folder as a tarball). */
export interface PgliteEngine {
  exec(message: Uint8Array): Promise<Buffer>;
  dumpDataDir(compression?: 'gzip' | 'none' | 'auto'): Promise<File | Blob>;
  close(): Promise<void>;
}

/** The engine of a PGlite instance. */
export function pgliteEngine(pglite: {
  execProtocolRawStream(m: Uint8Array, opts: { onRawData: (chunk: Uint8Array) => void }): Promise<void>;
  dumpDataDir(c?: 'gzip' | 'none' | 'auto'): Promise<File | Blob>;
  close(): Promise<void>;
}): PgliteEngine {
  return {
    // The raw stream hands over the engine's output as it is written, without PGlite parsing it into message objects
    // (which `execProtocolRaw` does too, for its own listeners); `pg` parses it once. Each chunk is a view into the
    // engine's memory, so it is copied before the engine runs again.
    async exec(m) {
      const chunks: Buffer[] = [];
      await pglite.execProtocolRawStream(m, { onRawData: (chunk) => chunks.push(Buffer.from(chunk)) });
      return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    },
    dumpDataDir: (c) => pglite.dumpDataDir(c),
    close: () => pglite.close(),
  };
}

const TERMINATE = 0x58; // 'X': PGlite has one session for the whole process; a client leaving must not end it.

/**
 * A socket-like object for `pg`'s Connection (its `stream` option). Writes of one turn are concatenated and executed
 * in order, one engine call at a time; the answer is emitted as `data` for `pg`'s parser.
 */
export class PgliteSocket extends EventEmitter {
  writable = true;
  private pending: Buffer[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly engine: PgliteEngine) {
    super();
  }

  connect(): this {
    queueMicrotask(() => this.emit('connect'));
    return this;
  }

  write(chunk: Buffer | Uint8Array, cb?: (err?: Error | null) => void): boolean {
    if (this.closed) {
      cb?.(new Error('PGlite connection is closed'));
      return false;
    }
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (!(b.length === 5 && b[0] === TERMINATE)) this.pending.push(b);
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(() => this.flush());
    }
    if (cb) process.nextTick(cb);
    return true;
  }

  private flush(): void {
    this.scheduled = false;
    if (!this.pending.length) return;
    const message = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    this.chain = this.chain.then(async () => {
      try {
        const out = await this.engine.exec(message);
        if (out.length && !this.closed) this.emit('data', out);
      } catch (error) {
        this.destroy(error as Error);
      }
    });
  }

  end(cb?: () => void): this {
    if (this.closed) return this;
    // Let what was written before the end be executed (a last ROLLBACK, say), then close.
    this.flush();
    void this.chain.then(() => {
      this.shut();
      cb?.();
    });
    return this;
  }

  destroy(error?: Error): this {
    if (error && !this.closed) this.emit('error', error);
    this.shut();
    return this;
  }

  private shut(): void {
    if (this.closed) return;
    this.closed = true;
    this.writable = false;
    this.emit('end');
    this.emit('close');
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }
}

/** The `pg` pool over an engine: one session for the process (PGlite has one backend), never closed for being idle,
 * since LISTENs live in it. PGlite ends the whole process on a startup for an unknown user or database, so both are
 * fixed. */
export function pglitePool(engine: PgliteEngine): pg.Pool {
  // `pg` uses only a socket's connect/write/end/destroy and its events, which PgliteSocket provides.
  const pool = new pg.Pool({ user: 'postgres', database: 'postgres', max: 1, idleTimeoutMillis: 0, stream: () => new PgliteSocket(engine) as unknown as Duplex });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next use
  return pool;
}
