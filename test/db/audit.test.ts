import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { freshDatabase, onPostgres } from '../support/db.ts';
import { appendAudit, appendAuditMany, verifyAudit } from '../../src/db/audit.ts';
import { systemCtx } from '../../src/app/context.ts';
import type { Database } from '../../src/db/database.ts';

let d: Database & { drop(): Promise<void> };
before(async () => {
  d = await freshDatabase();
});
after(async () => d?.drop());

const ctx = () => systemCtx(new Date('2026-11-27T01:00:00Z'));

async function seed(n: number, streams: string[]) {
  for (let i = 0; i < n; i++) {
    const stream = streams[i % streams.length]!;
    await d.db.transaction().execute((trx) => appendAudit(trx, ctx(), { stream, entityType: 'complaint', entityId: stream, kind: 'NOTE_ADDED', data: { i, text: `第${i}条` } }));
  }
}

async function tamper(statement: ReturnType<typeof sql>) {
  await sql`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update`.execute(d.db);
  try {
    await statement.execute(d.db);
  } finally {
    await sql`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update`.execute(d.db);
  }
}

test('the database refuses UPDATE, DELETE and TRUNCATE of audit entries', async () => {
  await seed(3, ['s-a']);
  await assert.rejects(sql`UPDATE audit_entry SET kind = 'X'`.execute(d.db), /append-only/);
  await assert.rejects(sql`DELETE FROM audit_entry`.execute(d.db), /append-only/);
  await assert.rejects(sql`TRUNCATE audit_entry`.execute(d.db), /append-only/);
  const r = await verifyAudit(d.db);
  assert.equal(r.ok, true);
  assert.equal(r.entries, 3);
});

test('an edited entry makes verification fail and names that entry', async () => {
  await seed(6, ['s-b', 's-c']);
  const target = await d.db.selectFrom('audit_entry').select(['id']).where('stream', '=', 's-c').orderBy('seq').offset(1).limit(1).executeTakeFirstOrThrow();
  await tamper(sql`UPDATE audit_entry SET data = '{"i": 999}'::jsonb WHERE id = ${target.id}`);
  const r = await verifyAudit(d.db);
  assert.equal(r.ok, false);
  assert.equal(r.firstProblem?.id, Number(target.id));
  assert.equal(r.firstProblem?.problem, 'hash_mismatch');
});

test('a deleted entry (middle or last) is detected', async () => {
  const local = await freshDatabase();
  try {
    for (let i = 0; i < 4; i++) await appendAudit(local.db, ctx(), { stream: 's-d', entityType: 'x', entityId: 'd', kind: 'NOTE_ADDED', data: { i } });
    await sql`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update`.execute(local.db);
    await sql`DELETE FROM audit_entry WHERE stream = 's-d' AND seq = 4`.execute(local.db);
    let r = await verifyAudit(local.db);
    assert.equal(r.ok, false);
    assert.equal(r.firstProblem?.problem, 'head_mismatch');
    await sql`DELETE FROM audit_entry WHERE stream = 's-d' AND seq = 2`.execute(local.db);
    r = await verifyAudit(local.db);
    assert.equal(r.ok, false);
    assert.equal(r.firstProblem?.problem, 'sequence_gap');
    assert.equal(r.firstProblem?.seq, 3);
  } finally {
    await local.drop();
  }
});

test('concurrent appends to one stream never fork the chain', { skip: !onPostgres && 'PGlite has one connection; run with KESU_TEST_DATABASE_URL' }, async () => {
  const local = await freshDatabase({ poolMax: 12 });
  try {
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        local.db.transaction().execute((trx) => appendAudit(trx, ctx(), { stream: 'hot', entityType: 'x', entityId: 'hot', kind: 'NOTE_ADDED', data: { i } })),
      ),
    );
    const r = await verifyAudit(local.db);
    assert.equal(r.ok, true, JSON.stringify(r.firstProblem));
    assert.equal(r.entries, 60);
  } finally {
    await local.drop();
  }
});

test('a batch append chains entries of one stream after each other and after what the stream already held', async () => {
  // Its own database: the tests above leave deliberately broken chains behind.
  const own = await freshDatabase();
  try {
  for (let i = 0; i < 2; i++) await own.db.transaction().execute((trx) => appendAudit(trx, ctx(), { stream: 'batch-a', entityType: 'complaint', entityId: 'batch-a', kind: 'NOTE_ADDED', data: { i } }));
  await own.db.transaction().execute((trx) =>
    appendAuditMany(trx, ctx(), [
      { stream: 'batch-a', entityType: 'complaint', entityId: 'batch-a', kind: 'SLA_AT_RISK', data: { n: 1 } },
      { stream: 'batch-b', entityType: 'complaint', entityId: 'batch-b', kind: 'SLA_BREACHED', data: { text: '引号"与\\反斜杠' } },
      { stream: 'batch-a', entityType: 'complaint', entityId: 'batch-a', kind: 'SLA_BREACHED', data: { n: 2 } },
    ]),
  );
  const rows = await own.db.selectFrom('audit_entry').select(['stream', 'seq', 'kind', 'data']).where('stream', 'in', ['batch-a', 'batch-b']).orderBy('stream').orderBy('seq').execute();
  assert.deepEqual(rows.map((r) => `${r.stream}#${r.seq} ${r.kind}`), ['batch-a#1 NOTE_ADDED', 'batch-a#2 NOTE_ADDED', 'batch-a#3 SLA_AT_RISK', 'batch-a#4 SLA_BREACHED', 'batch-b#1 SLA_BREACHED']);
  assert.deepEqual(rows[4]!.data, { text: '引号"与\\反斜杠' });
  const r = await verifyAudit(own.db);
  assert.equal(r.ok, true, JSON.stringify(r.firstProblem));
  } finally {
    await own.drop();
  }
});
