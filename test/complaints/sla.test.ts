import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '../../src/security/keyring.ts';
import { testKesu, standardTree, type TestKesu, type Staff, complaintInHandling } from '../support/app.ts';
import { onPostgres } from '../support/db.ts';
import { BODY } from '../support/fixtures.ts';
import { sweepSla } from '../../src/worker/jobs/sla-sweep.ts';
import { run as deadlinesCli } from '../../src/cli/commands/deadlines.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { Deps } from '../../src/app/deps.ts';

let k: TestKesu;
let agent: Staff, handler: Staff, sup: Staff;
before(async () => {
  k = await testKesu();
  await standardTree(k);
  agent = await k.staff('agent1', ['agent', 'supervisor'], 'BJ01');
  handler = await k.staff('handler1', ['handler'], 'BJ01');
  sup = await k.staff('sup1', ['supervisor'], 'BJ');
});
after(async () => k?.close());

const inProgress = async (receivedAt: string): Promise<string> => (await complaintInHandling(k, receivedAt, { agent, sup, handler })).id;

async function slaEntries(id: string, step: string) {
  const rows = await k.deps.db.selectFrom('audit_entry').select(['kind', 'data']).where('entity_id', '=', id).where('kind', 'like', 'SLA_%').execute();
  return rows.filter((r) => r.data.step === step && r.kind !== 'SLA_STATUTORY_NEAR').map((r) => r.kind);
}

test('the sweep warns at 80 % of the window, then breaches and escalates to tier 2 — each exactly once', async () => {
  const id = await inProgress('2025-01-27T10:00:00+08:00');
  const decide = await k.deps.db.selectFrom('complaint_deadline').selectAll().where('complaint_id', '=', id).where('step', '=', 'decide').executeTakeFirstOrThrow();
  assert.equal(decide.statutory_due_at!.toISOString(), '2025-02-11T15:59:59.000Z', 'law: 11 Feb 23:59:59 Shanghai');
  assert.equal(decide.policy_due_at!.toISOString(), '2025-02-12T15:59:59.000Z', 'guide: 12 Feb');
  assert.equal(decide.binding, 'statutory');

  const span = decide.effective_due_at.getTime() - decide.starts_at.getTime();
  k.clock.set(new Date(decide.starts_at.getTime() + span * 0.5));
  await sweepSla(k.deps, k.clock.now());
  assert.deepEqual(await slaEntries(id, 'decide'), []);

  k.clock.set(new Date(decide.starts_at.getTime() + span * 0.85));
  await sweepSla(k.deps, k.clock.now());
  await sweepSla(k.deps, k.clock.now());
  assert.deepEqual(await slaEntries(id, 'decide'), ['SLA_AT_RISK']);

  k.clock.set(new Date(decide.effective_due_at.getTime() + 1000));
  const r = await sweepSla(k.deps, k.clock.now());
  assert.ok(r.escalated >= 1);
  await sweepSla(k.deps, k.clock.now());
  assert.deepEqual(await slaEntries(id, 'decide'), ['SLA_AT_RISK', 'SLA_BREACHED']);
  const c = await k.deps.db.selectFrom('complaint').select(['tier']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(c.tier, 2, 'a tier-1 breach of "decide" escalates to tier 2');
  const events = await k.deps.db.selectFrom('outbox').select(['topic', 'payload']).where('aggregate_id', '=', id).where('topic', '=', 'sla.breached').execute();
  const decideBreach = events.find((e) => e.payload.step === 'decide');
  assert.deepEqual(decideBreach?.payload.notify, ['supervisor']);
  const near = await k.deps.db.selectFrom('outbox').select('payload').where('aggregate_id', '=', id).where('topic', '=', 'sla.statutory_near').execute();
  assert.equal(near.length, 1, 'consumer protection heard of the statutory limit two working days before, once');
});

test('a decided complaint is no longer swept for "decide"', async () => {
  const id = await inProgress('2025-04-30T10:00:00+08:00');
  const r = await k.as(handler, { method: 'POST', url: `/api/v1/complaints/${id}/decision`, payload: { outcome: 'not_upheld', remedy: '无', factsChecked: '核实', basisAndReasons: '合同约定', remediesOpen: ['review', 'mediation', 'arbitration', 'lawsuit'] } });
  assert.equal(r.statusCode, 200);
  k.clock.set('2025-06-30T10:00:00+08:00');
  await sweepSla(k.deps, k.clock.now());
  assert.deepEqual(await slaEntries(id, 'decide'), []);
});

test('kesu deadlines and the stored due times agree', async () => {
  const cases = ['2025-01-27T10:00:00+08:00', '2025-09-30T10:00:00+08:00', '2025-04-30T10:00:00+08:00', '2025-02-08T10:00:00+08:00', '2024-09-30T23:59:00+08:00', '2026-02-14T09:00:00+08:00'];
  for (const received of cases) {
    k.clock.set(received);
    const c = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, receivedAt: received } });
    const stored = await k.deps.db.selectFrom('complaint_deadline').selectAll().where('complaint_id', '=', c.json().id).execute();
    let out = '';
    const code = await deadlinesCli(['--received', received, '--complexity', 'general', '--channel', 'phone', '--json'], { stdout: (s) => (out += s), stderr: () => undefined });
    assert.equal(code, 0);
    const cli = JSON.parse(out) as { steps: Array<{ step: string; policyDue: string | null; statutoryDue: string | null; effectiveDue: string; binding: string }> };
    for (const step of ['acknowledge', 'classify', 'start', 'firstResponse', 'plan', 'decide']) {
      const s = stored.find((x) => x.step === step)!;
      const e = cli.steps.find((x) => x.step === step)!;
      const t = (v: string | Date | null) => (v ? new Date(v).getTime() : null);
      assert.equal(t(s.policy_due_at), t(e.policyDue), `${received} ${step} policy`);
      assert.equal(t(s.statutory_due_at), t(e.statutoryDue), `${received} ${step} statutory`);
      assert.equal(t(s.effective_due_at), t(e.effectiveDue), `${received} ${step} effective`);
      assert.equal(s.binding, e.binding, `${received} ${step} binding`);
    }
  }
});

test('the deadlines intake answers with are the ones read back later, explanations included', async () => {
  const received = '2025-09-30T10:00:00+08:00';
  k.clock.set(received);
  const created = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, receivedAt: received } });
  assert.equal(created.statusCode, 201);
  const answered = created.json().deadlines as Array<{ step: string; explanation: { explanation?: { zh?: string } } }>;
  assert.equal(answered.length, 6);
  assert.ok(answered.every((d) => d.explanation.explanation?.zh), 'every step explains itself');
  const read = await k.as(agent, { method: 'GET', url: `/api/v1/complaints/${created.json().id}/deadlines` });
  assert.deepEqual(read.json().items, answered);
});

test('three processes sweeping one PostgreSQL at once fire each breach exactly once', { skip: !onPostgres && 'needs real concurrent connections: runs in the PostgreSQL pass' }, async () => {
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) ids.push(await inProgress(`2025-03-0${(i % 5) + 3}T10:00:00+08:00`));
  const url = (k.deps.db as unknown as { getExecutor(): { adapter: unknown } }) && process.env.KESU_TEST_DATABASE_URL;
  assert.ok(url);
  // Each "process" gets its own pool on the same database.
  const current = await k.deps.db.selectFrom('complaint').select('id').limit(1).execute();
  assert.ok(current.length);
  const dbName = (await import('kysely')).sql<{ d: string }>`SELECT current_database() AS d`;
  const name = (await dbName.execute(k.deps.db)).rows[0]!.d;
  const u = new URL(process.env.KESU_TEST_DATABASE_URL!);
  u.pathname = `/${name}`;
  const others = await Promise.all([0, 1, 2].map(() => openDatabase({ databaseUrl: u.toString(), poolMax: 3 })));
  try {
    const now = new Date('2025-06-01T00:00:00+08:00');
    const depsList: Deps[] = others.map((o) => ({ db: o.db, keyring: new Keyring(k.masterKey, o.db), clock: () => now }));
    for (const d of depsList) await d.keyring.load();
    await Promise.all(depsList.map((d) => sweepSla(d, now, 5)));
    const rows = await k.deps.db.selectFrom('audit_entry').select(['entity_id', 'data']).where('kind', '=', 'SLA_BREACHED').where('entity_id', 'in', ids).execute();
    const keys = rows.map((r) => `${r.entity_id}:${String(r.data.step)}`);
    assert.equal(new Set(keys).size, keys.length, 'no (complaint, step) breach fired twice');
    assert.ok(keys.filter((x) => x.endsWith(':decide')).length === ids.length, 'every overdue decide step fired');
  } finally {
    await Promise.all(others.map((o) => o.close()));
  }
});
