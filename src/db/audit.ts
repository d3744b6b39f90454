// The audit trail: append-only entries chained by hash per stream (one stream per complaint, per user, …),
// written in the caller's transaction. Per-stream chains keep unrelated writes concurrent; the head row of a
// stream is locked for the length of the transaction, so one stream never forks.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.ts';
import type { Ctx } from '../app/context.ts';
import { auditHash, GENESIS_HASH, type AuditKind, type AuditRecord } from '../core/audit/entries.ts';

export interface AuditInput {
  stream?: string;
  entityType: string;
  entityId: string | null;
  kind: AuditKind;
  data?: Record<string, unknown>;
}

type Q = Kysely<DB> | Transaction<DB>;

/** The record an entry hashes: who, when, from where, what — the same fields for every way of appending. */
function auditRecord(ctx: Ctx, input: AuditInput, stream: string, seq: number, prevHash: string): AuditRecord {
  return {
    stream,
    seq,
    occurredAt: ctx.now.toISOString(),
    actorType: ctx.actor.type,
    actorId: ctx.actor.id,
    authMethod: ctx.actor.authMethod,
    ip: ctx.ip,
    requestId: ctx.requestId,
    entityType: input.entityType,
    entityId: input.entityId,
    kind: input.kind,
    data: JSON.parse(JSON.stringify(input.data ?? {})) as Record<string, unknown>,
    prevHash,
  };
}

export async function appendAudit(trx: Q, ctx: Ctx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const stream = input.stream ?? `${input.entityType}:${input.entityId ?? '-'}`;
  const head = await sql<{ last_seq: number; last_hash: string }>`
    INSERT INTO audit_stream (stream, last_seq, last_hash) VALUES (${stream}, 0, ${GENESIS_HASH})
    ON CONFLICT (stream) DO UPDATE SET last_seq = audit_stream.last_seq
    RETURNING last_seq, last_hash`.execute(trx);
  const h = head.rows[0]!;
  const rec = auditRecord(ctx, input, stream, Number(h.last_seq) + 1, h.last_hash);
  const hash = auditHash(rec);
  await sql`
    WITH e AS (
      INSERT INTO audit_entry (stream, seq, occurred_at, actor_type, actor_id, auth_method, ip, request_id,
                               entity_type, entity_id, kind, data, prev_hash, hash)
      VALUES (${rec.stream}, ${rec.seq}, ${rec.occurredAt}, ${rec.actorType}, ${rec.actorId}, ${rec.authMethod},
              ${rec.ip}, ${rec.requestId}, ${rec.entityType}, ${rec.entityId}, ${rec.kind},
              ${JSON.stringify(rec.data)}::jsonb, ${rec.prevHash}, ${hash})
      RETURNING seq, hash)
    UPDATE audit_stream SET last_seq = e.seq, last_hash = e.hash FROM e WHERE audit_stream.stream = ${stream}`.execute(trx);
  return { seq: rec.seq, hash };
}

/**
 * Appends several entries in three statements whatever their number (the SLA sweep fires hundreds at once): the
 * heads of every stream involved are upserted and locked in stream order, the entries are chained in input order
 * (several entries of one stream follow each other), then inserted and the heads moved in one statement.
 */
export async function appendAuditMany(trx: Q, ctx: Ctx, inputs: readonly AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const streamOf = (i: AuditInput) => i.stream ?? `${i.entityType}:${i.entityId ?? '-'}`;
  const streams = [...new Set(inputs.map(streamOf))].sort();
  const heads = await sql<{ stream: string; last_seq: number; last_hash: string }>`
    INSERT INTO audit_stream (stream, last_seq, last_hash) SELECT s, 0, ${GENESIS_HASH} FROM unnest(${streams}::text[]) AS s ORDER BY s
    ON CONFLICT (stream) DO UPDATE SET last_seq = audit_stream.last_seq
    RETURNING stream, last_seq, last_hash`.execute(trx);
  const head = new Map(heads.rows.map((h) => [h.stream, { seq: Number(h.last_seq), hash: h.last_hash }]));
  const entries = inputs.map((input) => {
    const stream = streamOf(input);
    const h = head.get(stream)!;
    const rec = auditRecord(ctx, input, stream, h.seq + 1, h.hash);
    const hash = auditHash(rec);
    head.set(stream, { seq: rec.seq, hash });
    return { rec, hash };
  });
  const col = <T>(f: (e: (typeof entries)[number]) => T) => entries.map(f);
  await sql`
    WITH e AS (
      INSERT INTO audit_entry (stream, seq, occurred_at, actor_type, actor_id, auth_method, ip, request_id,
                               entity_type, entity_id, kind, data, prev_hash, hash)
      SELECT * FROM unnest(${col((e) => e.rec.stream)}::text[], ${col((e) => e.rec.seq)}::bigint[], ${col((e) => e.rec.occurredAt)}::timestamptz[],
        ${col((e) => e.rec.actorType)}::text[], ${col((e) => e.rec.actorId)}::text[], ${col((e) => e.rec.authMethod)}::text[], ${col((e) => e.rec.ip)}::text[],
        ${col((e) => e.rec.requestId)}::text[], ${col((e) => e.rec.entityType)}::text[], ${col((e) => e.rec.entityId)}::text[], ${col((e) => e.rec.kind)}::text[],
        ${col((e) => JSON.stringify(e.rec.data))}::jsonb[], ${col((e) => e.rec.prevHash)}::text[], ${col((e) => e.hash)}::text[])
      RETURNING 1)
    UPDATE audit_stream SET last_seq = v.seq, last_hash = v.hash
    FROM unnest(${[...head.keys()]}::text[], ${[...head.values()].map((h) => h.seq)}::bigint[], ${[...head.values()].map((h) => h.hash)}::text[]) AS v(stream, seq, hash)
    WHERE audit_stream.stream = v.stream AND (SELECT count(*) FROM e) > 0`.execute(trx);
}

/**
 * The first entry of a stream that does not exist yet (a new complaint's), as rows to insert in the same statement
 * as the entity itself: the head row and the entry. If the stream does exist after all, the head's primary key
 * refuses the insert, so a chain never forks.
 */
export function firstAuditRows(ctx: Ctx, input: AuditInput) {
  const stream = input.stream ?? `${input.entityType}:${input.entityId ?? '-'}`;
  const rec = auditRecord(ctx, input, stream, 1, GENESIS_HASH);
  const hash = auditHash(rec);
  return {
    head: { stream, last_seq: 1, last_hash: hash },
    entry: {
      stream,
      seq: 1,
      occurred_at: ctx.now,
      actor_type: rec.actorType,
      actor_id: rec.actorId,
      auth_method: rec.authMethod,
      ip: rec.ip,
      request_id: rec.requestId,
      entity_type: rec.entityType,
      entity_id: rec.entityId,
      kind: rec.kind,
      data: JSON.stringify(rec.data),
      prev_hash: GENESIS_HASH,
      hash,
    },
  };
}

export interface VerifyProblem {
  id: number | null;
  stream: string;
  seq: number | null;
  problem: 'hash_mismatch' | 'broken_link' | 'sequence_gap' | 'out_of_order' | 'head_mismatch' | 'missing_entries';
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  streams: number;
  firstProblem: VerifyProblem | null;
}

/** Walks every stream in order and recomputes each hash; reports the first broken entry (lowest id). */
export async function verifyAudit(db: Kysely<DB>, onProgress?: (n: number) => void): Promise<VerifyResult> {
  const problems: VerifyProblem[] = [];
  let entries = 0;
  let cur: { stream: string; seq: number; hash: string; id: number } | null = null;
  const seen = new Map<string, { seq: number; hash: string }>();
  let after: { stream: string; seq: number } | null = null;
  const flush = () => {
    if (cur) seen.set(cur.stream, { seq: cur.seq, hash: cur.hash });
  };
  for (;;) {
    let q = db.selectFrom('audit_entry').selectAll().orderBy('stream').orderBy('seq').limit(2000);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('stream', '>', a.stream), eb.and([eb('stream', '=', a.stream), eb('seq', '>', a.seq)])]));
    }
    const rows = await q.execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      entries++;
      if (!cur || cur.stream !== r.stream) {
        flush();
        cur = { stream: r.stream, seq: 0, hash: GENESIS_HASH, id: 0 };
      }
      const rec: AuditRecord = {
        stream: r.stream,
        seq: Number(r.seq),
        occurredAt: new Date(r.occurred_at).toISOString(),
        actorType: r.actor_type,
        actorId: r.actor_id,
        authMethod: r.auth_method,
        ip: r.ip,
        requestId: r.request_id,
        entityType: r.entity_type,
        entityId: r.entity_id,
        kind: r.kind,
        data: r.data,
        prevHash: r.prev_hash,
      };
      const id = Number(r.id);
      if (rec.seq !== cur.seq + 1) problems.push({ id, stream: r.stream, seq: rec.seq, problem: 'sequence_gap' });
      else if (rec.prevHash !== cur.hash) problems.push({ id, stream: r.stream, seq: rec.seq, problem: 'broken_link' });
      else if (auditHash(rec) !== r.hash) problems.push({ id, stream: r.stream, seq: rec.seq, problem: 'hash_mismatch' });
      else if (id < cur.id) problems.push({ id, stream: r.stream, seq: rec.seq, problem: 'out_of_order' });
      cur = { stream: r.stream, seq: rec.seq, hash: r.hash, id };
    }
    const last = rows[rows.length - 1]!;
    after = { stream: last.stream, seq: Number(last.seq) };
    onProgress?.(entries);
  }
  flush();
  const heads = await db.selectFrom('audit_stream').selectAll().execute();
  for (const h of heads) {
    const s = seen.get(h.stream);
    if (!s) {
      if (Number(h.last_seq) > 0) problems.push({ id: null, stream: h.stream, seq: Number(h.last_seq), problem: 'missing_entries' });
    } else if (s.seq !== Number(h.last_seq) || s.hash !== h.last_hash) {
      problems.push({ id: null, stream: h.stream, seq: Number(h.last_seq), problem: 'head_mismatch' });
    }
  }
  problems.sort((a, b) => (a.id ?? Number.MAX_SAFE_INTEGER) - (b.id ?? Number.MAX_SAFE_INTEGER));
  return { ok: problems.length === 0, entries, streams: heads.length, firstProblem: problems[0] ?? null };
}
