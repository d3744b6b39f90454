// Queue and search latency on a large PostgreSQL database: N complaints over two years (generateComplaints,
// default 1,000,000; generation is timed), then p50/p95/p99 of listComplaints called directly — a handler's own
// queue (`mine`), a unit's queue (`unitId`), limit 50, sorted by effective due — target p95 < 20 ms; and a
// full-text search for two common words (`q=`) — target p95 < 100 ms. The same queries are then timed over HTTP
// (the Fastify app listening on a local port, keep-alive). A query that misses its target has its plan printed.
//
// Run:  npm run bench:queue -- [--n 1000000] [--runs 200] [--budget 15] [--keep] [--db kesu_bench_queue] [--no-http]
// --budget S: stop timing one query after S seconds (at least 10 runs).
// --db NAME reuses a kept database (generation is skipped when it already holds complaints); --keep keeps it.
// PostgreSQL server: KESU_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/db/schema.ts';
import type { Ctx } from '../src/app/context.ts';
import { listComplaints, type ListQuery } from '../src/app/complaints/queries.ts';
import { permissionsOf, type Role } from '../src/core/access/permissions.ts';
import { buildApp } from '../src/http/app.ts';
import { createSession } from '../src/app/auth/sessions.ts';
import { createApiKey } from '../src/app/admin/api-keys.ts';
import { systemCtx } from '../src/app/context.ts';
import { complaintCount, ensureSegmentedSearchText, generate, maint, openBigDb } from './lib/bigdb.ts';
import { keepAliveAgent, send } from './lib/load.ts';
import { flags, fmt, percentile, table, timeRuns } from './lib/stats.ts';

const f = flags();
const n = f.num('n', 1_000_000);
const runs = f.num('runs', 200);
const keep = f.has('keep');
/** Time spent on one query before it stops early (at least 10 runs). */
const budget = f.num('budget', 15) * 1000;
const NOW = new Date('2026-11-27T10:00:00+08:00');
const FROM = new Date(NOW.getTime() - 2 * 365 * 86_400_000);

const big = await openBigDb('queue', f.get('db'));
console.log(`database ${big.name}${big.created ? ' (new)' : ' (reused)'}`);
let exitCode = 0;
try {
  const have = await complaintCount(big.database.db);
  if (have === 0) {
    console.log(`generating ${n.toLocaleString()} complaints over two years…`);
    const g = await generate(big.database.db, { n, seed: 11, from: FROM, to: NOW, now: NOW });
    console.log(`generation: ${g.complaints.toLocaleString()} complaints, ${g.deadlines.toLocaleString()} deadline rows in ${fmt(g.ms / 1000)} s (${fmt(g.complaints / (g.ms / 1000), 0)} complaints/s)`);
  } else console.log(`reusing ${have.toLocaleString()} complaints`);
  const seg = await ensureSegmentedSearchText(big.database.db, big.url);
  if (seg) console.log(`re-segmenting search_text (generator gap, see docs/benchmarks.md): ${fmt(seg / 1000)} s`);
  await maint(big.url, 'VACUUM (ANALYZE) complaint');

  // A capturing Kysely on the same database, so a slow query's SQL can be EXPLAINed afterwards.
  const pool = new pg.Pool({ connectionString: big.url, max: 2 });
  let last: CompiledQuery | null = null;
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => void (last = e.query) });
  const deps = { ...big.deps, db };

  // The busiest handler and unit among open complaints; a staff context in their org scope.
  const h = (await sql<{ handler_id: string; unit: string; path: string; n: number }>`
    SELECT c.handler_id, u.id AS unit, u.path, count(*)::int AS n FROM complaint c JOIN app_user a ON a.id = c.handler_id JOIN org_unit u ON u.id = a.org_unit_id
    WHERE c.closed_at IS NULL GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 1`.execute(db)).rows[0];
  const unit = (await sql<{ id: string; path: string; n: number; all: number }>`
    SELECT u.id, u.path, count(*) FILTER (WHERE c.closed_at IS NULL)::int AS n, count(*)::int AS all FROM complaint c JOIN org_unit u ON u.id = c.handling_unit_id
    GROUP BY 1, 2 ORDER BY n DESC LIMIT 1`.execute(db)).rows[0];
  if (!h || !unit) throw new Error('no handler or unit with open complaints: is the database empty?');
  const ctxFor = (id: string | null, path: string, roles: Role[]): Ctx => ({
    actor: { type: 'user', id, roles, permissions: permissionsOf(roles), orgUnitId: null, orgPath: path, authMethod: 'password+totp', mfaVerified: true },
    ip: '127.0.0.1', requestId: null, now: NOW,
  });
  const handlerCtx = ctxFor(h.handler_id, h.path, ['handler']);
  const unitCtx = ctxFor(randomUUID(), unit.path, ['supervisor']);
  const hqCtx = ctxFor(randomUUID(), '/', ['consumer_protection']);
  console.log(`handler with most open complaints: ${h.n.toLocaleString()} open; unit with most: ${unit.n.toLocaleString()} open of ${unit.all.toLocaleString()}`);

  const words = f.get('q') ?? '信用卡 年费';
  const cases: Array<{ name: string; ctx: Ctx; q: ListQuery; target: number }> = [
    { name: 'mine, open (console default)', ctx: handlerCtx, q: { mine: true, open: true, limit: 50 }, target: 20 },
    { name: 'mine, all states', ctx: handlerCtx, q: { mine: true, limit: 50 }, target: 20 },
    { name: 'unitId, open', ctx: unitCtx, q: { unitId: unit.id, open: true, limit: 50 }, target: 20 },
    { name: 'unitId, all states', ctx: unitCtx, q: { unitId: unit.id, limit: 50 }, target: 20 },
    { name: `q="${words}", head office, all`, ctx: hqCtx, q: { q: words, limit: 50 }, target: 100 },
    { name: `q="${words}", head office, open`, ctx: hqCtx, q: { q: words, open: true, limit: 50 }, target: 100 },
    { name: `q="${words}", unit scope`, ctx: unitCtx, q: { q: words, limit: 50 }, target: 100 },
  ];
  // Second pages (keyset cursor) of the queues.
  for (const c of cases.slice(0, 3)) {
    const first = await listComplaints(deps, c.ctx, c.q);
    if (first.nextCursor) cases.push({ ...c, name: `${c.name}, page 2`, q: { ...c.q, cursor: first.nextCursor } });
  }

  const rows: string[][] = [];
  const slow: Array<{ name: string; query: CompiledQuery }> = [];
  for (const c of cases) {
    const r = await listComplaints(deps, c.ctx, c.q);
    const captured = last as CompiledQuery | null;
    const ms = await timeRuns(() => listComplaints(deps, c.ctx, c.q), runs, 3, budget);
    const p95 = percentile(ms, 95);
    rows.push([c.name, String(r.items.length), String(ms.length), fmt(percentile(ms, 50), 2), fmt(p95, 2), fmt(percentile(ms, 99), 2), `< ${c.target}`, p95 < c.target ? 'met' : 'MISSED']);
    if (p95 >= c.target && captured) slow.push({ name: c.name, query: captured });
  }
  console.log(`\nlistComplaints called directly, up to ${runs} runs each (${budget / 1000} s budget per query), ${big.name} (${(await complaintCount(db)).toLocaleString()} complaints), now = ${NOW.toISOString()}\n`);
  console.log(table(['query (limit 50, by effective due)', 'items', 'runs', 'p50 ms', 'p95 ms', 'p99 ms', 'target', ''], rows));
  for (const s of slow) {
    const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.query.sql}`, s.query.parameters as unknown[]);
    console.log(`\nplan of "${s.name}":\n${plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')}`);
    exitCode = 2;
  }

  if (!f.has('no-http')) {
    // Over HTTP: the app listening on a local port; the handler signs in with a session, the others use API keys.
    await sql`UPDATE app_user SET status = 'active' WHERE id = ${h.handler_id}`.execute(db);
    await sql`INSERT INTO user_role (user_id, role) VALUES (${h.handler_id}, 'handler') ON CONFLICT DO NOTHING`.execute(db);
    const session = await createSession(db, h.handler_id, true, new Date());
    const unitKey = await createApiKey(deps, systemCtx(new Date()), { name: `queue-${Date.now()}`, scopes: ['complaint:read'], orgUnitId: unit.id });
    const hqKey = await createApiKey(deps, systemCtx(new Date()), { name: `queue-hq-${Date.now()}`, scopes: ['complaint:read'], orgUnitId: null });
    const app = await buildApp({ deps: { ...deps, clock: () => NOW }, logLevel: 'warn' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    const base = new URL(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
    const agent = keepAliveAgent(1);
    const httpCases: Array<[string, string, Record<string, string>, number]> = [
      ['GET ?mine=true&open=true', '/api/v1/complaints?mine=true&open=true&limit=50', { cookie: `kesu_sid=${session.token}` }, 20],
      ['GET ?unitId=…&open=true', `/api/v1/complaints?unitId=${unit.id}&open=true&limit=50`, { authorization: `Bearer ${unitKey.token}` }, 20],
      ['GET ?unitId=…', `/api/v1/complaints?unitId=${unit.id}&limit=50`, { authorization: `Bearer ${unitKey.token}` }, 20],
      [`GET ?q=${words}`, `/api/v1/complaints?q=${encodeURIComponent(words)}&limit=50`, { authorization: `Bearer ${hqKey.token}` }, 100],
    ];
    const hrows: string[][] = [];
    for (const [name, path, headers, target] of httpCases) {
      const check = await send(agent, base, { method: 'GET', path, headers });
      if (check.status !== 200) {
        hrows.push([name, `HTTP ${check.status}`, '', '', '', '', '', check.body.slice(0, 60)]);
        continue;
      }
      const ms: number[] = [];
      const start = performance.now();
      for (let i = 0; i < runs + 3; i++) {
        const a = await send(agent, base, { method: 'GET', path, headers });
        if (i >= 3) ms.push(a.ms);
        if (ms.length >= 10 && performance.now() - start > budget) break;
      }
      const p95 = percentile(ms, 95);
      hrows.push([name, String((JSON.parse(check.body) as { items: unknown[] }).items.length), String(ms.length), fmt(percentile(ms, 50), 2), fmt(p95, 2), fmt(percentile(ms, 99), 2), `< ${target}`, p95 < target ? 'met' : 'MISSED']);
    }
    agent.destroy();
    await app.close();
    console.log(`\nover HTTP (auth, validation, serialisation included), up to ${runs} runs each\n`);
    console.log(table(['request', 'items', 'runs', 'p50 ms', 'p95 ms', 'p99 ms', 'target', ''], hrows));
  }
  await db.destroy();
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await big.close(keep);
  if (keep) console.log(`kept database ${big.url}`);
}
process.exit(exitCode);
