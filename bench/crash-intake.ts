// Crash safety of intake: a PostgreSQL-backed Kesu server as a child process takes intake load from a few
// concurrent clients, each request with its own Idempotency-Key and a unique marker in its content; the server
// is killed with SIGKILL mid-load, restarted, and every request that got no answer is retried with the same key
// and body. Then: every complaint answered 201/200 exists exactly once, no key or marker has two complaints, every
// idempotency key points at the complaint carrying its marker, and each complaint has exactly one registration
// audit entry and one `complaint.registered` outbox event. Prints PASS/FAIL with counts; exits 1 on FAIL.
//
// Run:  npm run bench:crash -- [--clients 4] [--rounds 3] [--before 3] [--keep] [--control]
// --control: no Idempotency-Key (expected to FAIL when a lost answer had committed — proves the checks bite).
// PostgreSQL server: KESU_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import pg from 'pg';
import { createRng, intakeBody } from './lib/cn.ts';
import { keepAliveAgent, send } from './lib/load.ts';
import { flags, table } from './lib/stats.ts';
import { BENCH_UNITS, createApiKey, createBenchDb, kesuEnv, prepareKesu, startServer, type ServerProc } from './lib/kesu.ts';

const f = flags();
const clients = f.num('clients', 4);
const rounds = f.num('rounds', 3);
const beforeS = f.num('before', 3);

interface Req {
  key: string;
  body: string;
  /** Final status once answered (after retries); null while unanswered. */
  status: number | null;
  id: string | null;
  retried: boolean;
}

const db = await createBenchDb(`crash_${process.pid}`);
const k = kesuEnv({ databaseUrl: db.url, logLevel: 'warn' });
const run = Date.now().toString(36);
const reqs: Req[] = [];
const problems: string[] = [];
let exitCode = 0;
try {
  await prepareKesu(k.env);
  const token = await createApiKey(k.env, 'crash-test');
  // --control sends no Idempotency-Key: retries of requests that had committed then make duplicates, which the
  // checks below must catch (shows the checker can fail).
  const headers = (key: string): Record<string, string> =>
    f.has('control') ? { authorization: `Bearer ${token}`, 'content-type': 'application/json' } : { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key };
  const rng = createRng(7);
  const answer = (r: Req, status: number, body: string) => {
    if (status === 201 || status === 200) {
      r.status = status;
      r.id = (JSON.parse(body) as { id: string }).id;
    } else if (status >= 500) {
      r.status = null; // treated as no answer: retried
    } else {
      r.status = status;
      problems.push(`request ${r.key} refused with ${status}: ${body.slice(0, 200)}`);
    }
  };
  let killedDuringRequests = 0;
  for (let round = 1; round <= rounds; round++) {
    const server: ServerProc = await startServer(k.env);
    const agent = keepAliveAgent(clients);
    // Retry what the previous crash left unanswered, with the same key and body.
    const pending = reqs.filter((r) => r.status === null);
    for (const r of pending) {
      r.retried = true;
      const a = await send(agent, server.base, { method: 'POST', path: '/api/v1/complaints', headers: headers(r.key), body: r.body });
      answer(r, a.status, a.body);
      if (r.status === null) problems.push(`retry of ${r.key} still failed with ${a.status}`);
    }
    if (pending.length) process.stdout.write(`round ${round}: retried ${pending.length} unanswered requests\n`);
    // Load, then kill -9 mid-flight.
    let dead = false;
    let inFlightAtKill = 0;
    let inFlight = 0;
    const worker = async () => {
      while (!dead) {
        const n = reqs.length;
        const key = `crash-${run}-${n}`;
        const r: Req = { key, body: JSON.stringify(intakeBody(rng, new Date(), { orgUnitCodes: BENCH_UNITS, marker: key })), status: null, id: null, retried: false };
        reqs.push(r);
        inFlight++;
        try {
          const a = await send(agent, server.base, { method: 'POST', path: '/api/v1/complaints', headers: headers(key), body: r.body }, 10_000);
          answer(r, a.status, a.body);
        } catch {
          r.status = null;
        } finally {
          inFlight--;
        }
      }
    };
    const workers = Array.from({ length: clients }, () => worker());
    const killAt = beforeS * 1000 * (0.7 + 0.6 * rng());
    await new Promise((r) => setTimeout(r, killAt));
    dead = true; // no new requests after this instant; those in flight lose their answer
    inFlightAtKill = inFlight;
    killedDuringRequests += inFlightAtKill;
    await server.stop('SIGKILL');
    await Promise.all(workers);
    agent.destroy();
    process.stdout.write(`round ${round}: killed the server (SIGKILL) after ${Math.round(killAt)} ms with ${inFlightAtKill} requests in flight; ${reqs.length} requests so far\n`);
  }
  // Final restart: retry the rest, then leave the server running while checking (reads only).
  const server = await startServer(k.env);
  const agent = keepAliveAgent(1);
  const pending = reqs.filter((r) => r.status === null);
  for (const r of pending) {
    r.retried = true;
    const a = await send(agent, server.base, { method: 'POST', path: '/api/v1/complaints', headers: headers(r.key), body: r.body });
    answer(r, a.status, a.body);
    if (r.status === null) problems.push(`final retry of ${r.key} failed with ${a.status}`);
  }
  agent.destroy();
  await server.stop('SIGTERM');

  // Checks, straight in the database.
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    const rows = (await c.query<{ id: string; marker: string | null }>(`SELECT id::text, substring(content from '【(crash-[^】]+)】') AS marker FROM complaint`)).rows;
    const byMarker = new Map<string, string[]>();
    for (const r of rows) if (r.marker) byMarker.set(r.marker, [...(byMarker.get(r.marker) ?? []), r.id]);
    const ids = new Set(rows.map((r) => r.id));
    const keys = new Map((await c.query<{ key: string; complaint_id: string }>(`SELECT key, complaint_id::text FROM idempotency_key`)).rows.map((r) => [r.key, r.complaint_id]));
    const audits = new Map((await c.query<{ id: string; n: number }>(`SELECT entity_id AS id, count(*)::int AS n FROM audit_entry WHERE kind = 'COMPLAINT_REGISTERED' GROUP BY 1`)).rows.map((r) => [r.id, r.n]));
    const events = new Map((await c.query<{ id: string; n: number }>(`SELECT aggregate_id AS id, count(*)::int AS n FROM outbox WHERE topic = 'complaint.registered' GROUP BY 1`)).rows.map((r) => [r.id, r.n]));
    let dupMarkers = 0;
    for (const [m, list] of byMarker) {
      if (list.length > 1) {
        dupMarkers++;
        problems.push(`marker ${m} has ${list.length} complaints`);
      }
    }
    for (const r of reqs) {
      if (r.status === null) continue;
      if (r.status !== 200 && r.status !== 201) continue;
      if (!r.id || !ids.has(r.id)) problems.push(`${r.key}: answered ${r.status} with id ${r.id} but no such complaint`);
      const mine = byMarker.get(r.key) ?? [];
      if (mine.length !== 1 || mine[0] !== r.id) problems.push(`${r.key}: answered id ${r.id}, complaints with its marker: ${mine.join(',') || 'none'}`);
      if (!f.has('control') && keys.get(r.key) !== r.id) problems.push(`${r.key}: idempotency key points at ${keys.get(r.key) ?? 'nothing'}, answer was ${r.id}`);
      if (r.id && audits.get(r.id) !== 1) problems.push(`${r.key}: ${audits.get(r.id) ?? 0} COMPLAINT_REGISTERED audit entries`);
      if (r.id && events.get(r.id) !== 1) problems.push(`${r.key}: ${events.get(r.id) ?? 0} complaint.registered outbox events`);
    }
    // Nothing committed for a request that no one knows about (every marker belongs to a request we sent).
    const sent = new Set(reqs.map((r) => r.key));
    for (const m of byMarker.keys()) if (!sent.has(m)) problems.push(`complaint with unknown marker ${m}`);
    const audit = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_stream s WHERE s.last_seq <> (SELECT count(*) FROM audit_entry e WHERE e.stream = s.stream)`);
    if (audit.rows[0]!.n) problems.push(`${audit.rows[0]!.n} audit streams whose head disagrees with their entries`);

    const answered = reqs.filter((r) => r.status === 200 || r.status === 201);
    const retried = reqs.filter((r) => r.retried);
    const retriedReplayed = retried.filter((r) => r.status === 200).length;
    const retriedCreated = retried.filter((r) => r.status === 201).length;
    console.log('\n' + table(['count', 'value'], [
      ['requests sent', String(reqs.length)],
      ['server kills (SIGKILL)', String(rounds)],
      ['requests in flight at the kills', String(killedDuringRequests)],
      ['answered first time', String(answered.length - retried.length)],
      ['retried (no answer)', String(retried.length)],
      ['  retry → 200 (had committed before the crash)', String(retriedReplayed)],
      ['  retry → 201 (had not committed)', String(retriedCreated)],
      ['complaints in the database', String(rows.length)],
      ['markers with more than one complaint', String(dupMarkers)],
      ['idempotency keys stored', String(keys.size)],
      ['problems', String(problems.length)],
    ]));
    if (answered.length !== reqs.length) problems.push(`${reqs.length - answered.length} requests never answered 200/201`);
    if (rows.length !== reqs.length) problems.push(`${rows.length} complaints for ${reqs.length} requests`);
  } finally {
    await c.end();
  }
  for (const p of problems.slice(0, 20)) console.log(`  - ${p}`);
  if (problems.length) {
    console.log(`\nFAIL: ${problems.length} problems`);
    exitCode = 1;
  } else console.log(`\nPASS: ${reqs.length} requests, each stored exactly once across ${rounds} crashes`);
} catch (e) {
  console.error(e);
  console.log('FAIL: the crash test could not run to the end');
  exitCode = 1;
} finally {
  k.cleanup();
  if (f.has('keep')) console.log(`kept database ${db.url}`);
  else await db.drop();
}
process.exit(exitCode);
