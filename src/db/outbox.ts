// The outbox: events written in the same transaction as the change; a worker relays them later.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

export interface OutboxEvent {
  topic: string;
  aggregateType?: string;
  aggregateId?: string;
  payload: Record<string, unknown>;
  availableAt?: Date;
}

export async function enqueue(trx: Q, events: OutboxEvent | OutboxEvent[], now: Date): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  await trx
    .insertInto('outbox')
    .values(
      list.map((e) => ({
        topic: e.topic,
        aggregate_type: e.aggregateType ?? null,
        aggregate_id: e.aggregateId ?? null,
        payload: JSON.stringify(e.payload),
        created_at: now,
        available_at: e.availableAt ?? now,
      })),
    )
    .execute();
}

export interface ClaimedEvent {
  id: number;
  topic: string;
  aggregateType: string | null;
  aggregateId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Claims up to `limit` due events for `leaseMs`; several processes may call this at once (SKIP LOCKED). */
export async function claimOutbox(db: Kysely<DB>, worker: string, now: Date, limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
  const until = new Date(now.getTime() + leaseMs);
  const r = await sql<{ id: number; topic: string; aggregate_type: string | null; aggregate_id: string | null; payload: Record<string, unknown>; attempts: number }>`
    UPDATE outbox SET claimed_by = ${worker}, claimed_until = ${until}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox
      WHERE done_at IS NULL AND dead_at IS NULL AND available_at <= ${now}
        AND (claimed_until IS NULL OR claimed_until < ${now})
      ORDER BY available_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, topic, aggregate_type, aggregate_id, payload, attempts`.execute(db);
  return r.rows.map((x) => ({
    id: Number(x.id),
    topic: x.topic,
    aggregateType: x.aggregate_type,
    aggregateId: x.aggregate_id,
    payload: x.payload,
    attempts: Number(x.attempts),
  }));
}

/** Marks several handled events done in one statement (only those this worker still holds). */
export async function completeOutboxMany(db: Q, ids: readonly number[], worker: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('outbox').set({ done_at: now, claimed_until: null }).where('id', 'in', ids).where('claimed_by', '=', worker).execute();
}

export async function failOutbox(db: Q, id: number, worker: string, error: string, retryAt: Date | null, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set(retryAt ? { available_at: retryAt, claimed_until: null, last_error: error.slice(0, 500) } : { dead_at: now, claimed_until: null, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .where('claimed_by', '=', worker)
    .execute();
}
