// "Any breach of a statutory limit" (default indicator STATUTORY_BREACH) is raised by the worker as soon as the limit
// runs out — not on the next daily evaluation — and once per crossing however many worker processes run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testKesu, standardTree, type TestKesu, type Staff, complaintInHandling } from '../support/app.ts';
import { up } from '../../src/db/migrations/0100-analytics.ts';
import { insertComplaint } from './fixtures.ts';
import { Worker } from '../../src/worker/worker.ts';
import { jobs, outboxHandlers } from '../../src/worker/registry.ts';
import { riskOnSlaBreach } from '../../src/worker/jobs/analytics.ts';
import { sweepSla } from '../../src/worker/jobs/sla-sweep.ts';
import { listWarnings } from '../../src/app/analytics/warnings.ts';
import { systemCtx } from '../../src/app/context.ts';

let k: TestKesu;
let agent: Staff, handler: Staff, sup: Staff, cp: Staff;

before(async () => {
  k = await testKesu();
  const has = await sql<{ t: string | null }>`SELECT to_regclass('metric_fact')::text AS t`.execute(k.deps.db);
  if (!has.rows[0]?.t) await up(k.deps.db as never);
  await standardTree(k);
  agent = await k.staff('agent1', ['agent', 'supervisor'], 'BJ01');
  handler = await k.staff('handler1', ['handler'], 'BJ01');
  sup = await k.staff('sup1', ['supervisor'], 'BJ');
  cp = await k.staff('cp1', ['consumer_protection'], 'HQ');
});
after(async () => k?.close());

/** Two worker processes sharing the database (each with its own id), running the given registered jobs. */
function twoWorkers(jobNames: string[]): [Worker, Worker] {
  const mk = () => new Worker({ deps: k.deps, handlers: outboxHandlers, jobs: jobs.filter((j) => jobNames.includes(j.name)), pollMs: 1000 });
  return [mk(), mk()];
}
const bothTick = async (w: [Worker, Worker]) => void (await Promise.all([w[0].tick(), w[1].tick()]));

const breachWarnings = async (day: string) =>
  (await listWarnings(k.deps, systemCtx(k.clock.now()), { limit: 500 })).filter((w) => w.indicatorCode === 'STATUTORY_BREACH' && w.periodStart === day);
const count = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(k.deps.db)).rows[0]!.n;

const inProgress = async (receivedAt: string): Promise<string> => (await complaintInHandling(k, receivedAt, { agent, sup, handler })).id;

test('a complaint passes its statutory limit: the next worker pass raises one warning with owner, due time and checklist, audited and notified', async () => {
  const id = await inProgress('2025-01-27T10:00:00+08:00');
  const decide = await k.deps.db.selectFrom('complaint_deadline').selectAll().where('complaint_id', '=', id).where('step', '=', 'decide').executeTakeFirstOrThrow();
  assert.equal(decide.binding, 'statutory', 'the 15-day law binds before the policy target');
  const due = decide.effective_due_at.getTime(); // 11 February 23:59:59 Shanghai
  const workers = twoWorkers(['sla-sweep']); // no evaluation job at all: the breach event alone must do it

  // Before the limit: earlier policy targets (first response, plan) breach — not statutory limits, so no warning.
  k.clock.set(new Date(due - 60_000));
  await workers[0].tick();
  k.clock.set(new Date(due - 59_000));
  await bothTick(workers);
  assert.ok(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'sla.breached' AND aggregate_id = ${id} AND done_at IS NOT NULL`) >= 1);
  assert.equal((await breachWarnings('2025-02-11')).length, 0);

  // The pass in which the sweep finds the breach, then the next pass: one of the two workers relays it.
  k.clock.set(new Date(due + 1_000));
  await bothTick(workers);
  assert.deepEqual((await k.deps.db.selectFrom('audit_entry').select('kind').where('entity_id', '=', id).where('kind', '=', 'SLA_BREACHED').execute()).length, 3);
  k.clock.set(new Date(due + 2_000));
  await bothTick(workers);
  const raisedAt = k.clock.now();
  const [w, ...more] = await breachWarnings('2025-02-11');
  assert.equal(more.length, 0);
  assert.ok(w, 'raised in the pass after the sweep found the breach');
  assert.deepEqual([w.level, w.observed, w.scopeLabel, w.state], ['alarm', 1, '全机构', 'open']);
  assert.equal(w.ownerId, cp.id, 'owned by the consumer-protection officer');
  assert.equal(w.dueAt, new Date(raisedAt.getTime() + 24 * 3_600_000).toISOString(), 'due in 24 hours');
  assert.ok(w.checklist.length >= 3 && w.checklist.every((c) => !c.done), 'the compliance contingency checklist is attached');
  const audit = await k.deps.db.selectFrom('audit_entry').select('data').where('entity_id', '=', w.id).where('kind', '=', 'RISK_WARNING_RAISED').execute();
  assert.equal(audit.length, 1);
  const notice = await k.deps.db.selectFrom('outbox').select('payload').where('aggregate_id', '=', w.id).where('topic', '=', 'risk_warning.raised').execute();
  assert.equal(notice.length, 1);
  assert.deepEqual([notice[0]!.payload.indicator, notice[0]!.payload.ownerId, notice[0]!.payload.dueAt], ['STATUTORY_BREACH', cp.id, w.dueAt]);

  // A second sweep, more passes of both workers, and the breach event delivered again: nothing more.
  k.clock.set(new Date(due + 70_000));
  assert.equal((await sweepSla(k.deps, k.clock.now())).breached, 0);
  await bothTick(workers);
  k.clock.set(new Date(due + 140_000));
  await bothTick(workers);
  const event = await k.deps.db.selectFrom('outbox').select(['id', 'topic', 'aggregate_type', 'aggregate_id', 'payload', 'attempts'])
    .where('topic', '=', 'sla.breached').where('aggregate_id', '=', id).execute();
  const decideEvent = event.find((e) => e.payload.step === 'decide')!;
  await riskOnSlaBreach({ id: Number(decideEvent.id), topic: decideEvent.topic, aggregateType: decideEvent.aggregate_type, aggregateId: decideEvent.aggregate_id, payload: decideEvent.payload, attempts: 1 }, k.deps);
  assert.equal((await breachWarnings('2025-02-11')).length, 1);
  assert.equal(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entry WHERE kind = 'RISK_WARNING_RAISED' AND entity_id = ${w.id}`), 1);
  assert.equal(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic LIKE 'risk_warning.%' AND aggregate_id = ${w.id}`), 1);
});

test('when an earlier policy target binds, the statutory limit running out later is still raised within a minute, once', async () => {
  const id = await insertComplaint(k.deps.db, {
    received: '2025-03-03T10:00:00', unit: k.units.SH, state: 'accepted',
    deadlines: [{ step: 'decide', policy: '2025-03-12T23:59:59', statutory: '2025-03-18T23:59:59' }],
  });
  await sql`UPDATE complaint_deadline SET next_check_at = effective_due_at WHERE complaint_id = ${id}`.execute(k.deps.db);
  const workers = twoWorkers(['sla-sweep', 'analytics-risk-events']);

  // The policy target breaches on 12 March: the sweep reports it (binding policy); no statutory warning.
  k.clock.set('2025-03-13T00:00:30+08:00');
  await bothTick(workers);
  k.clock.set('2025-03-13T00:00:31+08:00');
  await bothTick(workers);
  const policyBreach = await k.deps.db.selectFrom('outbox').select(['payload', 'done_at']).where('topic', '=', 'sla.breached').where('aggregate_id', '=', id).execute();
  assert.deepEqual(policyBreach.map((e) => [e.payload.binding, e.done_at !== null]), [['policy', true]]);
  assert.equal((await breachWarnings('2025-03-12')).length + (await breachWarnings('2025-03-13')).length, 0);

  // The statutory limit runs out at the end of 18 March; the sweep has nothing more to say, the minute job raises it.
  k.clock.set('2025-03-19T00:00:20+08:00');
  await bothTick(workers);
  assert.equal((await breachWarnings('2025-03-18')).length, 1);
  k.clock.set('2025-03-19T00:01:30+08:00');
  await bothTick(workers);
  k.clock.set('2025-03-19T00:02:40+08:00');
  await bothTick(workers);
  const [w, ...more] = await breachWarnings('2025-03-18');
  assert.equal(more.length, 0);
  assert.equal(w!.ownerId, cp.id);
  assert.equal(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_entry WHERE kind = 'RISK_WARNING_RAISED' AND entity_id = ${w!.id}`), 1);
  assert.equal(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox WHERE topic = 'risk_warning.raised' AND aggregate_id = ${w!.id}`), 1);
});
