// Opens the database: embedded PGlite in the data folder by default, or a PostgreSQL server with DATABASE_URL.
// Both go through Kysely's PostgresDialect over a `pg` Pool, so every query and migration is the same SQL.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DB } from './schema.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import { pgliteEngine, pglitePool, type PgliteEngine } from './pglite-wire.ts';
import { prepareRepeatedStatements } from './prepared.ts';
import { quoteIdent } from './sql.ts';

export type DbKind = 'pglite' | 'postgres';

/** What a subscriber to a change channel hears: a change was committed, or notices may have been missed (`lost`: the
 * listening connection dropped) and arrive again (`ready`: listening again; anything cached meanwhile is suspect). */
export type ChangeSignal = 'change' | 'lost' | 'ready';

export interface Database {
  db: Kysely<DB>;
  kind: DbKind;
  /** Hears NOTIFY on `channel` from every process sharing the database (sent with `notifyChange`, delivered on
   * commit). Calls `on('ready')` once listening. Returns the unsubscribe function. */
  listen(channel: string, on: (signal: ChangeSignal) => void): Promise<() => Promise<void>>;
  /** The embedded engine, when on PGlite (dumps and tests use it). */
  pglite?: { dumpDataDir(compression?: 'gzip' | 'none' | 'auto'): Promise<File | Blob> };
  close(): Promise<void>;
}

// timestamptz → Date (pg default), bigint (int8) → number when safe: counts and ids stay below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));

export interface OpenOptions {
  databaseUrl?: string | null;
  dataDir?: string;
  poolMax?: number;
  /** PGlite only: load this data-dir tarball instead of opening a folder (tests). */
  loadDataDir?: Blob;
  /** PGlite only: in-memory database. */
  memory?: boolean;
  /** Skip the single-process lock (only for in-memory / test instances). */
  noLock?: boolean;
  /** Prepare repeated statements per connection (src/db/prepared.ts); default on. Off for a PostgreSQL reached
   * through a pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode). */
  prepare?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolMax ?? 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      statement_timeout: 30_000,
      application_name: 'kesu',
    });
    pool.on('error', () => undefined); // idle client errors are surfaced on next use
    if (opts.prepare !== false) prepareRepeatedStatements(pool);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const listener = new PgListener(opts.databaseUrl);
    return {
      db,
      kind: 'postgres',
      listen: (channel, on) => listener.listen(channel, on),
      async close() {
        await listener.close();
        await db.destroy();
      },
    };
  }
  let lock: DataDirLock | null = null;
  let dataDir: string | undefined;
  if (!opts.memory && !opts.loadDataDir) {
    if (!opts.dataDir) throw new Error('dataDir is required for PGlite');
    mkdirSync(opts.dataDir, { recursive: true });
    if (!opts.noLock) lock = acquireDataDirLock(opts.dataDir);
    dataDir = join(opts.dataDir, 'db');
  }
  let engine: PgliteEngine;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    engine = pgliteEngine(await PGlite.create(dataDir ?? 'memory://', opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}));
  } catch (e) {
    lock?.release();
    throw e;
  }
  const pool = pglitePool(engine);
  if (opts.prepare !== false) prepareRepeatedStatements(pool);
  // Every NOTIFY committed in the session comes back on its connection, so nothing can be missed. A channel's entry
  // holds its LISTEN: every subscriber, not only the first, hears `ready` only once that has run.
  const subscribers = new Map<string, { subs: Set<(signal: ChangeSignal) => void>; listening: Promise<unknown> }>();
  pool.on('connect', (client) => {
    client.on('notification', (n) => {
      for (const on of subscribers.get(n.channel)?.subs ?? []) queueMicrotask(() => on('change'));
    });
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    pglite: engine,
    async listen(channel, on) {
      let entry = subscribers.get(channel);
      if (!entry) subscribers.set(channel, (entry = { subs: new Set(), listening: sql`LISTEN ${sql.id(channel)}`.execute(db) }));
      const { subs } = entry;
      subs.add(on);
      try {
        await entry.listening;
      } catch (e) {
        subs.delete(on);
        if (subscribers.get(channel) === entry) subscribers.delete(channel);
        throw e;
      }
      on('ready');
      return async () => {
        subs.delete(on);
        if (!subs.size && subscribers.get(channel) === entry) {
          subscribers.delete(channel);
          await sql`UNLISTEN ${sql.id(channel)}`.execute(db);
        }
      };
    },
    async close() {
      await db.destroy();
      await engine.close();
      lock?.release();
    },
  };
}

/** NOTIFY on `channel` inside the changing transaction: listeners hear it when (and only if) the transaction commits. */
export async function notifyChange(trx: Kysely<DB>, channel: string, payload = ''): Promise<void> {
  await sql`SELECT pg_notify(${channel}, ${payload})`.execute(trx);
}

/**
 * One connection per process that LISTENs for every subscribed channel. When it drops, subscribers hear `lost` at once
 * (so they stop trusting what they cached) and it reconnects with backoff; once listening again they hear `ready`.
 */
class PgListener {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly subscribers = new Map<string, Set<(s: ChangeSignal) => void>>();
  private retryMs = 500;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly url: string) {}

  async listen(channel: string, on: (s: ChangeSignal) => void): Promise<() => Promise<void>> {
    let set = this.subscribers.get(channel);
    const fresh = !set;
    if (!set) this.subscribers.set(channel, (set = new Set()));
    set.add(on);
    if (this.client && fresh) await this.client.query(`LISTEN ${quoteIdent(channel)}`);
    if (this.client) on('ready');
    else await this.connect(); // calls 'ready' on success; on failure subscribers stay in 'lost' until it succeeds
    return async () => {
      set.delete(on);
    };
  }

  private connect(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return (this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, application_name: 'kesu-listen', keepAlive: true });
      const drop = () => {
        if (this.client !== client) return;
        this.client = null;
        client.end().catch(() => undefined);
        this.emitAll('lost');
        this.scheduleReconnect();
      };
      client.on('error', drop);
      client.on('end', drop);
      client.on('notification', (n) => {
        for (const on of this.subscribers.get(n.channel) ?? []) on('change');
      });
      try {
        await client.connect();
        for (const channel of this.subscribers.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
      } catch {
        client.end().catch(() => undefined);
        this.scheduleReconnect();
        return;
      }
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.retryMs = 500;
      this.emitAll('ready');
    })().finally(() => {
      this.connecting = null;
    }));
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  private emitAll(s: ChangeSignal): void {
    for (const set of this.subscribers.values()) for (const on of set) on(s);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.connecting;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
