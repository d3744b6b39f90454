// What one intake costs in database round trips: the app in-process (PGlite in memory, or a fresh PostgreSQL
// database), N intakes through app.inject with an API key, every SQL statement logged by Kysely with its time.
// Prints statements per request, ms per request by statement, and CPU ms per request of this process.
// Run: node --import tsx bench/lib/intake-queries.ts [pglite|postgres] [--n 200] [--direct] [--dir /tmp/x] [--conc 1]
//   --direct calls createComplaint instead of going through HTTP (no auth, no response read-back).
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../../src/db/schema.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { Keyring } from '../../src/security/keyring.ts';
import { createComplaint, type IntakeInput } from '../../src/app/complaints/intake.ts';
import { systemCtx } from '../../src/app/context.ts';
import { analyseComplaint } from '../../src/core/classify/analyse.ts';
import { seedDefaultCodeTable } from '../../src/app/config/code-tables.ts';
import { reloadConfig } from '../../src/app/config/calendar.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey } from '../../src/app/admin/api-keys.ts';
import { createOrgUnit } from '../../src/app/admin/org-units.ts';
import type { Deps } from '../../src/app/deps.ts';
import { intakeBatchesFor } from '../../src/app/complaints/intake-batch.ts';
import { createRng, intakeBody } from './cn.ts';
import { pgliteEngine, pglitePool } from '../../src/db/pglite-wire.ts';
import { createBenchDb } from './kesu.ts';
import { flags, fmt, table } from './stats.ts';

const f = flags();
const backend = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
const n = f.num('n', 200);
const direct = f.has('direct');
const conc = f.num('conc', 1);

const bdb = backend === 'postgres' ? await createBenchDb(`queries_${process.pid}`) : null;
let pool: pg.Pool;
let closeEngine = async () => {};
if (bdb) pool = new pg.Pool({ connectionString: bdb.url, max: 4 });
else {
  const { PGlite } = await import('@electric-sql/pglite');
  // --dir: a data folder on disk, as the server uses (memory:// otherwise).
  const pglite = await PGlite.create(f.get('dir') ?? 'memory://');
  pool = pglitePool(pgliteEngine(pglite));
  closeEngine = () => pglite.close();
}
const stats = new Map<string, { n: number; ms: number }>();
let logging = false;
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (e) => {
    if (!logging) return;
    const key = e.query.sql.replace(/\s+/g, ' ').trim().slice(0, 72);
    const s = stats.get(key) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += e.queryDurationMillis;
    stats.set(key, s);
  },
});
try {
  await migrateToLatest(db as never);
  // --drop-index a,b: what each index costs an intake (experiments only).
  for (const ix of (f.get('drop-index') ?? '').split(',').filter(Boolean)) await sql.raw(`DROP INDEX ${ix.replace(/[^a-z_]/g, '')}`).execute(db);
  const keyring = new Keyring(Buffer.alloc(32, 1), db);
  await keyring.load();
  await seedDefaultCodeTable(db);
  await reloadConfig(db);
  const deps: Deps = { db, keyring, clock: () => new Date(), analyse: analyseComplaint };
  const ctx = () => systemCtx(new Date());
  const hq = await createOrgUnit(deps, ctx(), { code: 'HQ', name: '总行', level: 'head_office' });
  await createOrgUnit(deps, ctx(), { code: 'BJ', name: '北京分行', level: 'branch', parentId: hq.id });
  const key = await createApiKey(deps, ctx(), { name: 'q', scopes: ['complaint:create', 'complaint:read'] });
  const app = await buildApp({ deps, logLevel: 'silent' });
  await app.ready();
  const rng = createRng(9);
  const one = async () => {
    const body = intakeBody(rng, new Date(), { orgUnitCodes: ['BJ'] });
    if (direct) return void (await createComplaint(deps, ctx(), body as unknown as IntakeInput));
    const r = await app.inject({ method: 'POST', url: '/api/v1/complaints', headers: { authorization: `Bearer ${key.token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    if (r.statusCode !== 201) throw new Error(`${r.statusCode} ${r.body}`);
  };
  for (let i = 0; i < 20; i++) await one();
  logging = true;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // --conc: that many intakes in flight at once (the intake writer then batches their writes).
  let left = n;
  await Promise.all(Array.from({ length: conc }, async () => {
    while (left-- > 0) await one();
  }));
  const wall = (performance.now() - t0) / n;
  const cpu = process.cpuUsage(cpu0);
  logging = false;
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const perReq = rows.reduce((a, [, s]) => a + s.n, 0) / n;
  const dbMs = rows.reduce((a, [, s]) => a + s.ms, 0) / n;
  console.log(`\n${backend}, ${direct ? 'createComplaint directly' : 'POST /api/v1/complaints via app.inject'}, ${n} intakes\n`);
  console.log(table(['statement', 'per intake', 'ms per intake'], rows.map(([k, s]) => [k, fmt(s.n / n, 2), fmt(s.ms / n, 2)])));
  console.log(`\nstatements per intake: ${fmt(perReq, 1)}; time in statements: ${fmt(dbMs, 1)} ms; wall time: ${fmt(wall, 1)} ms; CPU of this process: ${fmt((cpu.user + cpu.system) / 1000 / n, 1)} ms per intake`);
  const b = intakeBatchesFor(db);
  console.log(`intake lookups: ${b.lookup.stats.items} in ${b.lookup.stats.batches} statements; writes: ${b.write.stats.items} in ${b.write.stats.batches} statements (largest ${b.write.stats.largest}), ${b.fallbacks} batches written again one by one`);
  await app.close();
} finally {
  await db.destroy();
  await closeEngine();
  await bdb?.drop();
}
