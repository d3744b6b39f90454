// Intake's two statements, coalesced across concurrent requests (src/db/coalescer.ts):
// - the lookup (the named org unit, the root unit, the complainant's latest complaint in the repeat window) of every
//   intake that reached it in the same turn, in one SELECT;
// - the write (complaints, deadlines, first audit entries, outbox events, idempotency keys), in one INSERT statement —
//   one transaction and one WAL flush for the lot (group commit).
// A write batch is all or nothing; when it fails, each complaint in it is written again on its own, so only the one
// at fault (an idempotency key another request took first, say) gets an error and the others are stored as if they
// had come alone. Every caller is answered only after the statement holding its complaint committed.
import { CompiledQuery, sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { AuditEntryTable, AuditStreamTable, ComplaintDeadlineTable, ComplaintTable, DB, IdempotencyKeyTable, OutboxTable } from '../../db/schema.ts';
import { Coalescer, type Settled } from '../../db/coalescer.ts';
import { quoteIdent, valuesInsert } from '../../db/sql.ts';

/** Everything one intake stores, built before the write. */
export interface IntakeRows {
  complaint: Insertable<ComplaintTable> & { id: string };
  deadlines: Array<Insertable<ComplaintDeadlineTable>>;
  auditHead: Insertable<AuditStreamTable>;
  auditEntry: Insertable<AuditEntryTable>;
  events: Array<Insertable<OutboxTable>>;
  key: Insertable<IdempotencyKeyTable> | null;
}

export interface IntakeLookup {
  /** The org unit named by the caller. */
  code: string | null;
  /** Blind indexes of the complainant's ID number and phone. */
  idBidx: string | null;
  phoneBidx: string | null;
  /** Start of the repeat window. */
  since: Date;
}

export interface IntakeLookupResult {
  unitId: string | null;
  unitPath: string | null;
  rootId: string | null;
  /** The complainant's latest complaint received since `since` and not merged. */
  repeatOf: string | null;
}

/** Complaints per write statement at most (about 160 parameters each, far below PostgreSQL's 65,535). */
export const MAX_WRITE_BATCH = 32;
export const MAX_LOOKUP_BATCH = 64;

export interface IntakeBatches {
  lookup: Coalescer<IntakeLookup, IntakeLookupResult>;
  write: Coalescer<IntakeRows, Selectable<ComplaintTable>>;
  /** Write batches that failed and were written again one by one. */
  fallbacks: number;
}

export function createIntakeBatches(db: Kysely<DB>): IntakeBatches {
  const b: IntakeBatches = {
    lookup: new Coalescer((items) => lookupIntakes(db, items), { maxBatch: MAX_LOOKUP_BATCH, maxInFlight: 4 }),
    write: new Coalescer(
      async (items) => {
        if (items.length > 1) {
          try {
            const stored = await insertIntakes(db, items);
            const byId = new Map(stored.map((r) => [r.id, r]));
            return items.map((i): Settled<Selectable<ComplaintTable>> => {
              const row = byId.get(i.complaint.id);
              return row ? { ok: true, value: row } : { ok: false, error: new Error('intake: a complaint is missing from the statement result') };
            });
          } catch {
            b.fallbacks++;
          }
        }
        const out: Array<Settled<Selectable<ComplaintTable>>> = [];
        for (const i of items) {
          try {
            out.push({ ok: true, value: (await insertIntakes(db, [i]))[0]! });
          } catch (error) {
            out.push({ ok: false, error });
          }
        }
        return out;
      },
      // The same idempotency key twice in one batch would fail it for both: the second waits for the next batch.
      { maxBatch: MAX_WRITE_BATCH, maxInFlight: 2, keyOf: (i) => (i.key ? `${i.key.principal}\u0000${i.key.key}` : null) },
    ),
    fallbacks: 0,
  };
  return b;
}

const batches = new WeakMap<Kysely<DB>, IntakeBatches>();

/** The batches of a database handle: every intake through the same handle shares them (one per process and database). */
export function intakeBatchesFor(db: Kysely<DB>): IntakeBatches {
  let b = batches.get(db);
  if (!b) batches.set(db, (b = createIntakeBatches(db)));
  return b;
}

/** One SELECT for many intakes' lookups, answered in their order. Each repeat lookup reads the two (blind index,
 * received_at) indexes backwards, one row each. */
export async function lookupIntakes(db: Kysely<DB>, items: IntakeLookup[]): Promise<Array<Settled<IntakeLookupResult>>> {
  if (items.length === 1) return [{ ok: true, value: await lookupOne(db, items[0]!) }];
  const values = sql.join(items.map((it, i) => sql`(${i}::int, ${it.code}::text, ${it.idBidx}::text, ${it.phoneBidx}::text, ${it.since.toISOString()}::timestamptz)`));
  const r = await sql<{ i: number; unit_id: string | null; unit_path: string | null; root_id: string | null; repeat_of: string | null }>`
    SELECT q.i, u.id AS unit_id, u.path AS unit_path,
      (SELECT id FROM org_unit WHERE parent_id IS NULL LIMIT 1) AS root_id,
      (SELECT r.id FROM (
         (SELECT id, received_at FROM complaint
            WHERE id_number_bidx = q.idb AND received_at >= q.since AND merged_into IS NULL ORDER BY received_at DESC LIMIT 1)
         UNION ALL
         (SELECT id, received_at FROM complaint
            WHERE phone_bidx = q.phb AND received_at >= q.since AND merged_into IS NULL ORDER BY received_at DESC LIMIT 1)
       ) r ORDER BY r.received_at DESC LIMIT 1) AS repeat_of
    FROM (VALUES ${values}) AS q(i, code, idb, phb, since)
    LEFT JOIN org_unit u ON u.code = q.code`.execute(db);
  const byI = new Map(r.rows.map((row) => [Number(row.i), row]));
  return items.map((_, i) => {
    const row = byI.get(i);
    return row
      ? { ok: true, value: { unitId: row.unit_id, unitPath: row.unit_path, rootId: row.root_id, repeatOf: row.repeat_of } }
      : { ok: false, error: new Error('intake lookup: no row for an item') };
  });
}

/** A lone lookup: plain subqueries, which PGlite plans in about half the time of the batch form. Written out, as the
 * write is (below): its text depends only on which of code, ID number and phone the intake has.
 *
 * The repeat lookup reads each blind index on its own, newest first, one row each. Not `(id_number_bidx = $1 OR
 * phone_bidx = $2)`: the statement is prepared (src/db/prepared.ts), and the plan PostgreSQL keeps for a prepared
 * statement is made for any value — on a table that was small when it was made (a new installation), that plan read the
 * whole table on every intake until the next ANALYZE (measured: 0.70 ms per lookup against 0.07 ms for the batch form,
 * 30 % of PostgreSQL's statement time in a 5 s run). Each branch here can only be read off its index. */
async function lookupOne(db: Kysely<DB>, it: IntakeLookup): Promise<IntakeLookupResult> {
  const { text, params } = lookupOneQuery(it);
  const r = await db.executeQuery<{ unit_id: string | null; unit_path: string | null; root_id: string | null; repeat_of: string | null }>(CompiledQuery.raw(text, params));
  const row = r.rows[0];
  return { unitId: row?.unit_id ?? null, unitPath: row?.unit_path ?? null, rootId: row?.root_id ?? null, repeatOf: row?.repeat_of ?? null };
}

/** The lone lookup's text and parameters. */
export function lookupOneQuery(it: IntakeLookup): { text: string; params: unknown[] } {
  const { code, idBidx, phoneBidx } = it;
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const byCode = code ? p(code) : null;
  const since = idBidx || phoneBidx ? p(it.since) : null;
  const latest = (column: string, bidx: string) =>
    `SELECT id, received_at FROM complaint WHERE ${column} = ${p(bidx)} AND received_at >= ${since} AND merged_into IS NULL ORDER BY received_at DESC LIMIT 1`;
  const branches = [...(idBidx ? [latest('id_number_bidx', idBidx)] : []), ...(phoneBidx ? [latest('phone_bidx', phoneBidx)] : [])];
  const repeat =
    branches.length === 0
      ? 'NULL'
      : branches.length === 1
        ? `(SELECT id FROM (${branches[0]}) r)`
        : `(SELECT r.id FROM ((${branches[0]}) UNION ALL (${branches[1]})) r ORDER BY r.received_at DESC LIMIT 1)`;
  const text =
    `SELECT ${byCode ? `(SELECT id FROM org_unit WHERE code = ${byCode})` : 'NULL'} AS unit_id, ` +
    `${byCode ? `(SELECT path FROM org_unit WHERE code = ${byCode})` : 'NULL'} AS unit_path, ` +
    `(SELECT id FROM org_unit WHERE parent_id IS NULL LIMIT 1) AS root_id, ${repeat} AS repeat_of`;
  return { text, params };
}

/**
 * One statement, so one round trip and atomic without an explicit transaction: the complaints, their deadlines, the
 * first entry of each one's audit stream, their outbox events and idempotency keys. A key used concurrently by
 * another request fails the whole statement on the key's primary key.
 *
 * The SQL is written out here rather than built with Kysely: building and compiling the query tree of five
 * multi-row inserts cost 106 µs of the server thread per complaint alone and 18 µs in batches of 16 (measured), more
 * than the rest of the write's client side. The text depends only on the columns and the number of rows, so the
 * database prepares it once per connection (src/db/prepared.ts). Values go as parameters, exactly as Kysely sends them.
 */
export async function insertIntakes(db: Kysely<DB>, items: IntakeRows[]): Promise<Array<Selectable<ComplaintTable>>> {
  const values: unknown[] = [];
  const ctes: string[] = [];
  const insert = (alias: string, table: string, rows: ReadonlyArray<object>, returning: boolean) => {
    if (rows.length === 0) return;
    ctes.push(`${quoteIdent(alias)} AS (${valuesInsert(table, rows as ReadonlyArray<Record<string, unknown>>, values)}${returning ? ' RETURNING *' : ''})`);
  };
  insert('c', 'complaint', items.map((i) => i.complaint), true);
  insert('h', 'audit_stream', items.map((i) => i.auditHead), false);
  insert('a', 'audit_entry', items.map((i) => i.auditEntry), false);
  insert('d', 'complaint_deadline', items.flatMap((i) => i.deadlines), false);
  insert('o', 'outbox', items.flatMap((i) => i.events), false);
  insert('k', 'idempotency_key', items.flatMap((i) => (i.key ? [i.key] : [])), false);
  const r = await db.executeQuery<Selectable<ComplaintTable>>(CompiledQuery.raw(`WITH ${ctes.join(', ')} SELECT * FROM ${quoteIdent('c')}`, values));
  return r.rows;
}
