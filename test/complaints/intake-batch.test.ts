// Concurrent intakes share their statements (group commit): each complaint must still come out exactly as if it had
// arrived alone — its own tracking number, deadlines, audit chain, events, repeat link and errors — and a complaint
// that fails the shared write must not take the others with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testKesu, standardTree, type TestKesu } from '../support/app.ts';
import { BODY } from '../support/fixtures.ts';
import { verifyAudit } from '../../src/db/audit.ts';
import { createComplaint, prepareIntake, type IntakeInput } from '../../src/app/complaints/intake.ts';
import { intakeBatchesFor, lookupOneQuery, type IntakeLookup } from '../../src/app/complaints/intake-batch.ts';
import { valuesInsert } from '../../src/db/sql.ts';
import { idNumberCheckChar } from '../../src/core/privacy/validators.ts';
import { CompiledQuery, sql } from 'kysely';
import { systemCtx } from '../../src/app/context.ts';
import { permissionsOf } from '../../src/core/access/permissions.ts';
import { AppError } from '../../src/app/errors.ts';

let k: TestKesu;
before(async () => {
  k = await testKesu();
  await standardTree(k);
});
after(async () => k?.close());

function agentCtx() {
  const ctx = systemCtx(k.clock.now());
  ctx.actor = { ...ctx.actor, permissions: permissionsOf(['agent']) };
  return ctx;
}

/** A distinct complainant per index (valid mobile numbers, no ID number). */
function body(i: number, extra: Partial<IntakeInput> = {}): IntakeInput {
  return {
    ...BODY,
    complainant: { name: `客户${i}`, phone: `1390000${String(1000 + i).padStart(4, '0')}` },
    content: `第${i}位客户：信用卡年费被重复扣收，要求退还。`,
    ...extra,
  } as unknown as IntakeInput;
}

test('twenty intakes at once: one lookup and one write statement, and every complaint is complete on its own', async () => {
  // An earlier complaint of customer 3, so one of the twenty is a repeat.
  const earlier = await createComplaint(k.deps, agentCtx(), body(3));
  const b = intakeBatchesFor(k.deps.db);
  const before = { lookups: b.lookup.stats.batches, writes: b.write.stats.batches };

  const inputs = Array.from({ length: 20 }, (_, i) => body(i));
  inputs[7] = body(7, { orgUnitCode: 'NOPE' }); // refused before the write, alone
  inputs[9] = { ...body(9), orgUnitCode: undefined }; // no unit named: the root takes it
  const settled = await Promise.allSettled(inputs.map((input) => createComplaint(k.deps, agentCtx(), input)));

  assert.equal(b.lookup.stats.batches - before.lookups, 1, 'the twenty lookups went in one statement');
  assert.equal(b.write.stats.batches - before.writes, 1, 'the nineteen writes went in one statement');
  const refused = settled[7]!;
  assert.equal(refused.status, 'rejected');
  assert.ok((refused as PromiseRejectedResult).reason instanceof AppError);
  assert.equal(((refused as PromiseRejectedResult).reason as AppError).code, 'ORG_UNIT_NOT_FOUND');

  const created = settled.flatMap((s, i) => (s.status === 'fulfilled' ? [{ i, r: s.value }] : []));
  assert.equal(created.length, 19);
  const ids = created.map((c) => c.r.id);
  assert.equal(new Set(ids).size, 19);
  const rows = await k.deps.db.selectFrom('complaint').selectAll().where('id', 'in', ids).execute();
  assert.equal(rows.length, 19);
  assert.equal(new Set(rows.map((r) => r.tracking_no)).size, 19, 'a tracking number each');
  for (const { i, r } of created) {
    const row = rows.find((x) => x.id === r.id)!;
    assert.deepEqual(r.row, row, 'the answer carries the stored row of its own complaint, column for column (read back or echoed)');
    assert.equal(row.content, body(i).content);
    assert.equal(row.repeat_of, i === 3 ? earlier.id : null, `complaint ${i}: linked as a repeat only when it is one`);
    assert.equal(row.org_unit_id, i === 9 ? k.units.HQ : k.units.BJ01, `complaint ${i}: the unit it named, or the root`);
  }
  const db = k.deps.db;
  const count = (rows: Array<{ id: string | null; n: number | string | bigint }>) => new Map(rows.map((x) => [String(x.id), Number(x.n)]));
  const deadlines = count(await db.selectFrom('complaint_deadline').select(['complaint_id as id', (eb) => eb.fn.countAll<number>().as('n')]).where('complaint_id', 'in', [...ids, earlier.id]).groupBy('complaint_id').execute());
  const events = count(await db.selectFrom('outbox').select(['aggregate_id as id', (eb) => eb.fn.countAll<number>().as('n')]).where('aggregate_id', 'in', ids).groupBy('aggregate_id').execute());
  const audit = count(await db.selectFrom('audit_entry').select(['entity_id as id', (eb) => eb.fn.countAll<number>().as('n')]).where('entity_id', 'in', ids).groupBy('entity_id').execute());
  const earlierDeadlines = deadlines.get(earlier.id);
  assert.ok(earlierDeadlines && earlierDeadlines > 0);
  for (const id of ids) {
    assert.equal(deadlines.get(id), earlierDeadlines, 'the same deadlines as a complaint written alone');
    assert.equal(events.get(id), 1, 'its registration event');
    assert.equal(audit.get(id), 1, 'its registration audit entry');
  }
  const v = await verifyAudit(k.deps.db);
  assert.ok(v.ok, `audit chains verify: ${JSON.stringify(v.firstProblem)}`);
});

/** A valid ID number born on 1 Jan 1980 in Beijing's Haidian district; `n` makes it distinct. */
function idNumber(n: number): string {
  const first17 = `11010819800101${String(n).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

test('a lone intake is linked to the newest earlier complaint of the same ID number or phone, and to none when neither matches', async () => {
  const ctx = agentCtx;
  const who = (id: number | null, phone: string | null) => ({ name: '王五', ...(id !== null ? { idNumber: idNumber(id) } : {}), ...(phone ? { phone } : {}) });
  const intake = (id: number | null, phone: string | null) =>
    createComplaint(k.deps, ctx(), { ...BODY, receivedAt: k.clock.now().toISOString(), complainant: who(id, phone) } as unknown as IntakeInput);
  const a = await intake(901, '13700000901');
  k.clock.advance(60_000);
  const b = await intake(902, '13700000902');
  k.clock.advance(60_000);
  // A's ID number, B's phone: B is the newer of the two.
  const c = await intake(901, '13700000902');
  assert.equal(c.row?.repeat_of, b.id);
  k.clock.advance(60_000);
  // A's phone alone: A (C has another phone).
  const d = await intake(null, '13700000901');
  assert.equal(d.row?.repeat_of, a.id);
  // A's ID number alone: C, the newest with it.
  const e = await intake(901, null);
  assert.equal(e.row?.repeat_of, c.id);
  const f = await intake(903, '13700000903');
  assert.equal(f.row?.repeat_of, null);
});

test("a lone intake's repeat lookup reads the blind indexes even in the plan the database keeps for any value", async () => {
  // A prepared statement's generic plan is made without the values; made on a small table it may read the whole
  // table, and it is kept until the next ANALYZE. Every shape of the lookup must be read off an index regardless.
  const literal = (v: unknown) => `'${(v instanceof Date ? v.toISOString() : String(v)).replace(/'/g, "''")}'`;
  const shapes: IntakeLookup[] = [
    { code: 'BJ01', idBidx: 'i', phoneBidx: 'p', since: new Date('2026-01-01T00:00:00Z') },
    { code: 'BJ01', idBidx: 'i', phoneBidx: null, since: new Date('2026-01-01T00:00:00Z') },
    { code: null, idBidx: null, phoneBidx: 'p', since: new Date('2026-01-01T00:00:00Z') },
  ];
  for (const shape of shapes) {
    const { text, params } = lookupOneQuery(shape);
    const plan = await k.deps.db.connection().execute(async (conn) => {
      await sql`SET plan_cache_mode = force_generic_plan`.execute(conn);
      try {
        await conn.executeQuery(CompiledQuery.raw(`PREPARE kesu_lookup_probe AS ${text}`));
        const r = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN EXECUTE kesu_lookup_probe(${params.map(literal).join(', ')})`));
        return r.rows.map((x) => x['QUERY PLAN']).join('\n');
      } finally {
        await conn.executeQuery(CompiledQuery.raw('DEALLOCATE kesu_lookup_probe')).catch(() => undefined);
        await sql`RESET plan_cache_mode`.execute(conn);
      }
    });
    assert.doesNotMatch(plan, /Seq Scan on complaint/, `${JSON.stringify(shape)}:\n${plan}`);
    if (shape.idBidx) assert.match(plan, /complaint_id_bidx_idx/);
    if (shape.phoneBidx) assert.match(plan, /complaint_phone_bidx_idx/);
  }
});

test('a tracking number drawn twice: the second complaint draws again and is stored; alone and in a shared write', async () => {
  // Draws come from this list: the first complaint takes SAME; the next ones draw SAME first, then a fresh number.
  const draws = ['KS19990101-SAMEAA', 'KS19990101-SAMEAA', 'KS19990101-FRESH2', 'KS19990101-SAMEAA', 'KS19990101-SAMEAA', 'KS19990101-FRESH4', 'KS19990101-FRESH5'];
  const deps = { ...k.deps, trackingNo: () => draws.shift() ?? 'KS19990101-NOMORE' };
  const first = await createComplaint(deps, agentCtx(), body(201));
  assert.equal(first.row?.tracking_no, 'KS19990101-SAMEAA');
  const second = await createComplaint(deps, agentCtx(), body(202));
  assert.equal(second.row?.tracking_no, 'KS19990101-FRESH2', 'alone: drew again after the collision');
  // Two at once, both drawing SAME: the shared write fails, each is written alone, both collide and draw again.
  const both = await Promise.all([createComplaint(deps, agentCtx(), body(203)), createComplaint(deps, agentCtx(), body(204))]);
  assert.deepEqual(both.map((r) => r.row?.tracking_no).sort(), ['KS19990101-FRESH4', 'KS19990101-FRESH5']);
  const stored = await k.deps.db.selectFrom('complaint').select(['id', 'tracking_no', 'content']).where('tracking_no', 'like', 'KS19990101-%').orderBy('tracking_no').execute();
  assert.deepEqual(stored.map((r) => r.tracking_no), ['KS19990101-FRESH2', 'KS19990101-FRESH4', 'KS19990101-FRESH5', 'KS19990101-SAMEAA']);
  // Each complaint once, under the id it was answered with; the audit chains still verify.
  assert.deepEqual(new Set(stored.map((r) => r.id)), new Set([first.id, second.id, ...both.map((r) => r.id)]));
  const v = await verifyAudit(k.deps.db);
  assert.ok(v.ok, JSON.stringify(v.firstProblem));
});

test('a complaint that fails the shared write is written again alone: only it fails, the others are stored once', async () => {
  const ctx = agentCtx();
  const principal = `${ctx.actor.type}:${ctx.actor.id ?? '-'}`;
  const prepared = await Promise.all(
    [0, 1, 2].map((i) => prepareIntake(k.deps, ctx, body(100 + i), { key: `batch-key-${i}`, principal, requestHash: `h${i}` })),
  );
  // Another process took the second one's idempotency key between its check and its write.
  const other = await createComplaint(k.deps, ctx, body(200));
  await k.deps.db.insertInto('idempotency_key').values({ key: 'batch-key-1', principal, request_hash: 'other', complaint_id: other.id, created_at: k.clock.now() }).execute();

  const b = intakeBatchesFor(k.deps.db);
  const fallbacks = b.fallbacks;
  const batches = b.write.stats.batches;
  const settled = await Promise.allSettled(prepared.map((p) => b.write.submit(p.rows)));
  assert.equal(b.write.stats.batches - batches, 1, 'the three were submitted as one batch');
  assert.equal(b.fallbacks - fallbacks, 1, 'the batch failed and was written again one by one');
  assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.equal(((settled[1] as PromiseRejectedResult).reason as { code?: string }).code, '23505', "the key's own conflict reaches its caller");

  const stored = await k.deps.db.selectFrom('complaint').select('id').where('id', 'in', prepared.map((p) => p.id)).execute();
  assert.deepEqual(stored.map((r) => r.id).sort(), [prepared[0]!.id, prepared[2]!.id].sort());
  const orphans = await k.deps.db.selectFrom('audit_entry').select('id').where('entity_id', '=', prepared[1]!.id).execute();
  assert.equal(orphans.length, 0, 'nothing of the failed complaint is left behind');
  const keys = await k.deps.db.selectFrom('idempotency_key').select(['key', 'complaint_id']).where('key', 'like', 'batch-key-%').orderBy('key').execute();
  assert.deepEqual(keys, [
    { key: 'batch-key-0', complaint_id: prepared[0]!.id },
    { key: 'batch-key-1', complaint_id: other.id },
    { key: 'batch-key-2', complaint_id: prepared[2]!.id },
  ]);
});

test('the same Idempotency-Key sent five times at once makes one complaint, and every answer names it', async () => {
  const ctx = agentCtx();
  const input = body(300);
  const answers = await Promise.all(Array.from({ length: 5 }, () => createComplaint(k.deps, ctx, input, 'same-key-5x')));
  assert.equal(new Set(answers.map((a) => a.id)).size, 1);
  assert.equal(answers.filter((a) => a.created).length, 1, 'one created it, four were told it exists');
  const n = await k.deps.db.selectFrom('complaint').select((eb) => eb.fn.countAll<number>().as('n')).where('content', '=', input.content!).executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 1);
});

test('the hand-written multi-row insert: a column some row gives is a column, a row without it gets DEFAULT, values go as numbered parameters', () => {
  const values: unknown[] = ['earlier'];
  const text = valuesInsert('outbox', [{ topic: 'a', payload: '{}', available_at: undefined }, { topic: 'b', available_at: new Date(0), 'odd"name': 1 }], values);
  assert.equal(text, 'INSERT INTO "outbox" ("topic", "payload", "available_at", "odd""name") VALUES ($2, $3, DEFAULT, DEFAULT), ($4, DEFAULT, $5, $6)');
  assert.deepEqual(values, ['earlier', 'a', '{}', 'b', new Date(0), 1]);
});
