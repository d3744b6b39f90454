// Statements the server runs again and again are prepared once per connection. Kysely sends every query through the
// extended protocol as an unnamed statement, which PostgreSQL parses, analyses and plans anew each time; for intake's
// write (five tables in one statement) that was a third of the database's CPU per complaint. Here each connection of
// a pool sends a statement text it has seen before under a name, so the server keeps its parse (and, once it judges a
// generic plan good enough, its plan) for the life of the connection. Same SQL, same results; only the protocol
// messages differ. Works the same over PGlite's wire (src/db/pglite-wire.ts).
//
// Bounds: a text is named from its second run on (one-off statements never are), and at most MAX_NAMED texts per
// process are: statements whose text varies with their data (IN lists of every length, say) stop being named once
// the budget is spent, so a backend never holds more than that many prepared statements for this process.
//
// Never named: a text with an array parameter (`$2::uuid[]`). Its best plan depends on the array's length, which the
// plan PostgreSQL keeps for a prepared statement cannot know (it assumes ten elements), and that kept plan is made on the
// table as it was then: made on a new installation's near-empty tables, the worker's `UPDATE notification … FROM
// unnest($2::bigint[], …)` joined by reading the whole notification table, and kept doing so as the table grew
// (with plans forced generic: 0.75 → 1.63 ms per batch). These statements run once per batch of work, so planning
// them for their values each time costs little.
//
// A schema change by another process while this one runs (a migration adding a column, say) makes PostgreSQL refuse a
// prepared statement whose result columns changed ("cached plan must not change result type", SQLSTATE 0A000). That
// text is then never named again in this process; when the failed statement ran outside a transaction it is sent again
// unnamed at once, so the caller sees nothing. Inside a transaction the transaction has failed already and the error
// reaches the caller, as any error in a transaction does.
import type pg from 'pg';

export const MAX_NAMED = 256;
/** Texts seen once are remembered up to this many; then the memory of one-off texts starts over. */
const MAX_SEEN = 10_000;

interface Registry {
  /** Text → statement name, or null: never name it (spent budget does not land here; a changed result type does). */
  named: Map<string, string | null>;
  seenOnce: Set<string>;
  next: number;
}

const CACHED_PLAN = 'cached plan must not change result type';
/** A parameter cast to an array type: `$3::uuid[]`, `$1::timestamptz[]`. */
const ARRAY_PARAMETER = /\$\d+::[a-z_][a-z0-9_ ]*\[\]/i;

type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/** Installs naming on every client the pool connects from now on (the pool's clients share one registry). */
export function prepareRepeatedStatements(pool: pg.Pool, opts: { maxNamed?: number } = {}): void {
  const maxNamed = opts.maxNamed ?? MAX_NAMED;
  const registry: Registry = { named: new Map(), seenOnce: new Set(), next: 0 };
  const nameOf = (text: string): string | null => {
    const known = registry.named.get(text);
    if (known !== undefined) return known;
    if (ARRAY_PARAMETER.test(text)) return null;
    if (!registry.seenOnce.has(text)) {
      if (registry.seenOnce.size >= MAX_SEEN) registry.seenOnce.clear();
      registry.seenOnce.add(text);
      return null;
    }
    if (registry.named.size >= maxNamed) return null;
    registry.seenOnce.delete(text);
    const name = `kesu_${registry.next++}`;
    registry.named.set(text, name);
    return name;
  };
  pool.on('connect', (client) => {
    // The transaction status of the last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' in a failed one.
    let txStatus = 'I';
    (client as unknown as { connection: { on(e: 'readyForQuery', f: (m: { status: string }) => void): void } }).connection.on('readyForQuery', (m) => {
      txStatus = m.status;
    });
    const query = client.query.bind(client) as QueryFn;
    // Kysely calls query(text, values) and awaits the promise; everything else (callbacks, config objects, statements
    // without parameters) goes through untouched.
    (client as unknown as { query: QueryFn }).query = (text, values, callback) => {
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) return query(text, values, callback);
      const name = nameOf(text);
      if (!name) return query(text, values);
      return (query({ name, text, values }) as Promise<unknown>).catch((e: unknown) => {
        const err = e as { code?: string; message?: string };
        if (err?.code !== '0A000' || !err.message?.includes(CACHED_PLAN)) throw e;
        registry.named.set(text, null);
        if (txStatus !== 'I') throw e;
        return query(text, values);
      });
    };
  });
}
