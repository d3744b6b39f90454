// Intake throughput: a Kesu server as a child process (PGlite in a temp data folder, then a fresh PostgreSQL
// database), an API key from the CLI, realistic Chinese complaint bodies over HTTP (keep-alive) at concurrency 1
// and 16 for a bounded time each; prints complaints/s and p50/p99 latency. On PostgreSQL, pgbench runs a
// transaction of the same shape (complaint-like row + audit row + outbox row) at the same concurrency, for the ratio.
// Every notice is really sent, to an SMS gateway and an SMTP server inside this process; after each run the bench
// waits until the last of its notices went out ("notices drained s") and also prints the rate including that time
// ("sustained/s"): a worker that falls behind cannot flatter the intake rate. On Linux it also prints the CPU each
// complaint cost (the server's event-loop thread, the whole server process, PostgreSQL's processes, the bench
// itself), from the start of a run until its notices went out: steadier than the rate on a noisy machine, and it says
// who paid. Each measured PostgreSQL run, Kesu's and pgbench's, starts after a CHECKPOINT: creating the database and
// the run before left dirty pages whose writing otherwise fell into whichever run came next (seen: PostgreSQL's CPU
// per complaint doubled in the first run after a database was created).
// Targets: Kesu on PostgreSQL ≥ 30 % of pgbench; PGlite ≥ 300 complaints/s.
//
// Run:  npm run bench:intake -- [--duration 15] [--concurrency 1,16] [--only pglite|postgres] [--profile]
//       [--log-level info] [--server-log FILE (the server's log, to FILE.<backend>)] [--no-worker] [--keep]
// PostgreSQL server: KESU_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); pgbench on PATH
// or at /usr/lib/postgresql/<v>/bin/pgbench.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createRng, intakeBody } from './lib/cn.ts';
import { runLoad, type LoadResult } from './lib/load.ts';
import { fmt, flags, percentile, table } from './lib/stats.ts';
import { BENCH_UNITS, checkpoint, createApiKey, createBenchDb, kesuEnv, prepareKesu, startServer, type BenchDb } from './lib/kesu.ts';
import { summariseProfile } from './lib/profile.ts';
import { cpuPer, readCpu, type CpuReading } from './lib/cpu.ts';
import { startNoticeSink } from './lib/notice-sink.ts';

const f = flags();
const durationS = f.num('duration', 15);
const concurrencies = (f.get('concurrency') ?? '1,16').split(',').map(Number);
const only = f.get('only');
const profile = f.has('profile');
const logLevel = f.get('log-level') ?? 'info';
const noWorker = f.has('no-worker');

interface Row {
  backend: string;
  c: number;
  r: LoadResult;
  /** Seconds after the load until every notice of the run's complaints had been sent (null: worker off / timed out). */
  drainS: number | null;
  /** 1-minute load average before → after the run (other work on the machine shows here). */
  load: string;
  /** CPU ms per created complaint from the start of the run until its notices were sent (worker included). */
  cpu: CpuReading;
}

function pgbenchPath(): string | null {
  const which = spawnSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  for (const v of readdirSync(base).sort().reverse()) if (existsSync(join(base, v, 'bin/pgbench'))) return join(base, v, 'bin/pgbench');
  return null;
}

async function benchBackend(backend: 'pglite' | 'postgres', db: BenchDb | null): Promise<Row[]> {
  const k = kesuEnv({ ...(db ? { databaseUrl: db.url } : {}), logLevel, worker: !f.has('no-worker') });
  const out: Row[] = [];
  const profDir = profile ? mkdtempSync(join(tmpdir(), `kesu-prof-${backend}-`)) : null;
  try {
    process.stdout.write(`\n[${backend}] preparing (migrate, org units, API key)…\n`);
    await prepareKesu(k.env);
    const token = await createApiKey(k.env);
    // Every notice is really sent (to sinks in this process), so the worker does a notice's whole work.
    const sink = noWorker ? null : await startNoticeSink();
    if (sink) Object.assign(k.env, sink.env);
    let expected = 0;
    const recipients = (body: string) => {
      const c = (JSON.parse(body) as { complainant?: { phone?: string; email?: string } }).complainant ?? {};
      return (c.phone ? 1 : 0) + (c.email ? 1 : 0);
    };
    const spawnAt = performance.now();
    const serverLog = f.get('server-log');
    const server = await startServer(k.env, { ...(profDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] } : {}), ...(serverLog ? { logFile: `${serverLog}.${backend}` } : {}) });
    let loadFrom = 0;
    let loadTo = 0;
    try {
      const rng = createRng(backend === 'pglite' ? 1 : 2);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      // Bodies are made ahead of time, so the load generator spends little CPU while measuring.
      const pool = Array.from({ length: 20_000 }, () => JSON.stringify(intakeBody(rng, new Date(), { orgUnitCodes: BENCH_UNITS })));
      const noticesOf = new Map(pool.map((b) => [b, recipients(b)]));
      const onAnswer = (spec: { body?: string }, a: { status: number }) => {
        if (a.status === 201) expected += noticesOf.get(spec.body!) ?? 0;
      };
      const next = (_w: number, i: number) => ({ method: 'POST', path: '/api/v1/complaints', headers, body: pool[i % pool.length]! });
      process.stdout.write(`[${backend}] warm-up 3 s…\n`);
      const warm = await runLoad(server.base, { concurrency: 4, durationMs: 3000, next, onAnswer });
      await sink?.waitFor(expected, 60_000);
      if (!warm.byStatus[201]) throw new Error(`warm-up: no complaint created: ${JSON.stringify(warm.byStatus)} errors=${warm.errors}`);
      let offset = warm.sent;
      loadFrom = performance.now() - spawnAt;
      for (const c of concurrencies) {
        process.stdout.write(`[${backend}] concurrency ${c}, ${durationS} s…\n`);
        const base = offset;
        if (db) await checkpoint();
        const load0 = loadavg()[0]!;
        const cpu0 = readCpu(server.proc.pid);
        const r = await runLoad(server.base, { concurrency: c, durationMs: durationS * 1000, next: (w, i) => next(w, base + i), onAnswer });
        offset += r.sent;
        const load1 = loadavg()[0]!;
        // The load stops; how long until the last of its notices went out (the worker's backlog)?
        const t = performance.now();
        const drained = sink ? await sink.waitFor(expected, 120_000) : false;
        const cpu = cpuPer(cpu0, readCpu(server.proc.pid), r.byStatus[201] ?? 0);
        out.push({ backend, c, r, drainS: drained ? (performance.now() - t) / 1000 : null, load: `${fmt(load0, 1)}→${fmt(load1, 1)}`, cpu });
        const other = Object.entries(r.byStatus).filter(([s]) => s !== '201');
        if (other.length || r.errors) process.stdout.write(`  non-201 answers: ${JSON.stringify(Object.fromEntries(other))}, socket errors: ${r.errors}\n${r.samples.map((x) => `    ${x}\n`).join('')}`);
      }
      loadTo = performance.now() - spawnAt;
    } finally {
      await server.stop('SIGTERM');
      await sink?.close();
    }
    if (profDir) {
      const file = readdirSync(profDir).find((n) => n.endsWith('.cpuprofile'));
      if (file) {
        const s = summariseProfile(join(profDir, file), 20, { fromMs: loadFrom, toMs: loadTo });
        console.log(`\n[${backend}] server CPU profile during the measured load (${fmt(s.totalMs / 1000)} s sampled) — self time by package:`);
        console.log(table(['package', 'ms', '%'], s.byPackage.map((x) => [x.name, fmt(x.ms, 0), fmt(x.pct)])));
        console.log(`[${backend}] top functions (self time):`);
        console.log(table(['function', 'ms', '%'], s.byFunction.map((x) => [x.name.slice(0, 110), fmt(x.ms, 0), fmt(x.pct)])));
        console.log(`profile: ${join(profDir, file)} (open in Chrome DevTools → Performance)`);
      }
    }
  } finally {
    k.cleanup();
  }
  return out;
}

/** pgbench with a transaction of intake's shape on a copy of Kesu's schema, using real rows as templates. */
function pgbenchScript(): string {
  const cid = `md5(:client_id || '-' || :r)::uuid`;
  return `\\set r random(1, 9000000000000000)
BEGIN;
INSERT INTO complaint (id, tracking_no, channel, received_at, registered_at, state, missing, name_enc, id_number_enc, phone_enc,
  id_number_bidx, phone_bidx, name_masked, phone_masked, content, demand, search_text, amount, product_name, org_unit_id,
  complexity, urgency, tier, suggestion, state_data, effective_due_at, created_at, updated_at)
SELECT ${cid}, 'PGB-' || :client_id || '-' || :r, channel, now(), now(), state, missing, name_enc, id_number_enc, phone_enc,
  id_number_bidx, phone_bidx, name_masked, phone_masked, content, demand, search_text, amount, product_name, org_unit_id,
  complexity, urgency, tier, suggestion, state_data, effective_due_at, now(), now() FROM pgb_tpl_complaint;
INSERT INTO audit_entry (stream, seq, occurred_at, actor_type, actor_id, auth_method, ip, request_id, entity_type, entity_id, kind, data, prev_hash, hash)
SELECT 'complaint:' || ${cid}, 1, now(), actor_type, actor_id, auth_method, ip, request_id, entity_type, ${cid}::text, kind, data, prev_hash, md5(:client_id || '-' || :r) FROM pgb_tpl_audit;
INSERT INTO outbox (topic, aggregate_type, aggregate_id, payload, created_at, available_at)
SELECT topic, aggregate_type, ${cid}::text, payload, now(), now() FROM pgb_tpl_outbox;
COMMIT;
`;
}

async function benchPgbench(db: BenchDb, bin: string): Promise<Map<number, { tps: number; latMs: number; pgCpuMs: number | null }>> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query(`DROP TABLE IF EXISTS pgb_tpl_complaint, pgb_tpl_audit, pgb_tpl_outbox`);
    await c.query(`CREATE TABLE pgb_tpl_complaint AS SELECT * FROM complaint WHERE tracking_no LIKE 'KS%' ORDER BY created_at DESC LIMIT 1`);
    await c.query(`CREATE TABLE pgb_tpl_audit AS SELECT * FROM audit_entry WHERE kind = 'COMPLAINT_REGISTERED' ORDER BY id DESC LIMIT 1`);
    await c.query(`CREATE TABLE pgb_tpl_outbox AS SELECT * FROM outbox WHERE topic = 'complaint.registered' ORDER BY id DESC LIMIT 1`);
    const n = await c.query(`SELECT (SELECT count(*) FROM pgb_tpl_complaint) + (SELECT count(*) FROM pgb_tpl_audit) + (SELECT count(*) FROM pgb_tpl_outbox) AS n`);
    if (Number(n.rows[0].n) !== 3) throw new Error('pgbench templates: Kesu wrote no complaint/audit/outbox row to copy');
  } finally {
    await c.end();
  }
  const dir = mkdtempSync(join(tmpdir(), 'kesu-pgbench-'));
  const script = join(dir, 'intake.sql');
  writeFileSync(script, pgbenchScript());
  const out = new Map<number, { tps: number; latMs: number; pgCpuMs: number | null }>();
  try {
    for (const cc of concurrencies) {
      process.stdout.write(`[pgbench] concurrency ${cc}, ${durationS} s…\n`);
      const u = new URL(db.url);
      await checkpoint();
      const cpu0 = readCpu(undefined);
      const r = spawnSync(bin, ['-n', '-c', String(cc), '-j', String(Math.min(cc, 2)), '-T', String(durationS), '-f', script,
        '-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), u.pathname.slice(1)], { encoding: 'utf8', env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) } });
      if (r.status !== 0) throw new Error(`pgbench failed: ${r.stderr}${r.stdout}`);
      const tps = Number(/tps = ([\d.]+)/.exec(r.stdout)?.[1]);
      const lat = Number(/latency average = ([\d.]+) ms/.exec(r.stdout)?.[1]);
      const n = Number(/transactions actually processed: (\d+)/.exec(r.stdout)?.[1]);
      out.set(cc, { tps, latMs: lat, pgCpuMs: cpuPer(cpu0, readCpu(undefined), n).postgres });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

const rows: Row[] = [];
let pgb = new Map<number, { tps: number; latMs: number; pgCpuMs: number | null }>();
if (only !== 'postgres') rows.push(...(await benchBackend('pglite', null)));
if (only !== 'pglite') {
  const db = await createBenchDb(`intake_${process.pid}`);
  try {
    rows.push(...(await benchBackend('postgres', db)));
    const bin = pgbenchPath();
    if (!bin) console.log('pgbench not found: skipping the pgbench comparison');
    else if (!f.has('no-pgbench')) pgb = await benchPgbench(db, bin);
  } finally {
    if (f.has('keep')) console.log(`kept database ${db.url}`);
    else await db.drop();
  }
}

const cps = (r: LoadResult) => ((r.byStatus[201] ?? 0) * 1000) / r.elapsedMs;
/** Complaints per second counting the time until the last notice went out: the rate the server sustains. */
const sustained = (x: Row) => (x.drainS === null ? null : (x.r.byStatus[201] ?? 0) / (x.r.elapsedMs / 1000 + x.drainS));
console.log(`\nIntake over HTTP, ${durationS} s per run, server log level ${logLevel}, worker ${f.has('no-worker') ? 'off' : 'on'} (2-core machine: server, database and load generator share the CPUs)\n`);
console.log(
  table(
    ['backend', 'conc.', 'complaints/s', 'p50 ms', 'p99 ms', 'created', 'other', 'notices drained s', 'sustained/s', 'pgbench tps', 'Kesu/pgbench', 'target', 'loadavg', 'CPU ms/compl.: main', 'worker', 'process', 'postgres', 'bench'],
    rows.map((row) => {
      const { backend, c, r, load } = row;
      const sus = sustained(row);
      const p = pgb.get(c);
      const ratio = p && backend === 'postgres' ? cps(r) / p.tps : null;
      const target = backend === 'pglite' ? (c === 16 || concurrencies.length === 1 ? `≥ 300/s: ${cps(r) >= 300 ? 'met' : 'MISSED'}` : '') : ratio === null ? '' : `≥ 30 %: ${ratio >= 0.3 ? 'met' : 'MISSED'}`;
      return [
        backend, String(c), fmt(cps(r)), fmt(percentile(r.latencies, 50)), fmt(percentile(r.latencies, 99)), String(r.byStatus[201] ?? 0),
        String(r.sent - (r.byStatus[201] ?? 0)), row.drainS === null ? (noWorker ? 'worker off' : 'TIMEOUT') : fmt(row.drainS, 1), sus === null ? '' : fmt(sus), p && backend === 'postgres' ? fmt(p.tps) : '', ratio === null ? '' : `${fmt(ratio * 100)} %`, target, load,
        ...[row.cpu.main, row.cpu.worker, row.cpu.process, row.cpu.postgres, row.cpu.self].map((v) => (v === null ? '' : fmt(v, 2))),
      ];
    }),
  ),
);
const pgbCpu = [...pgb].filter(([, v]) => v.pgCpuMs !== null).map(([c, v]) => `c${c} ${fmt(v.pgCpuMs!, 2)}`);
if (pgbCpu.length) console.log(`pgbench: postgres CPU ms per transaction ${pgbCpu.join(', ')} (Kesu's column "postgres" is per complaint, worker included)`);
console.log('CPU ms/compl.: from the start of each run until its last notice went out, divided by the complaints created; "main" is the server\'s event-loop thread, "worker" its worker thread (PostgreSQL; inline on PGlite), "process" all its threads (V8\'s GC helpers too), "bench" this process (load generator and notice sinks).');
