// Console load time in a real browser: the production server (`kesu serve`, NODE_ENV=production, web/dist) on a
// PGlite data folder seeded with the demo dataset (`kesu seed-demo`), chromium through playwright-core. A consumer
// protection officer at the head office (sees every complaint; queue and dashboard) signs in once; then, for the
// queue (/app/queue until its first rows are shown) and the dashboard (/app/dashboard until its charts have drawn
// their canvases), the median of 5 cold loads (a new browser context: empty HTTP cache, the session cookie only) and
// 5 warm loads (the same page loaded again: cached assets revalidated). Prints the production bundle sizes (raw and
// gzip) of web/dist, and the load average before and after.
//
// Run:  node --import tsx bench/console-load.ts [--complaints 10000] [--runs 5] [--data DIR] [--keep]
// --data DIR reuses a seeded data folder (seeded there first when empty); --keep keeps a temporary one.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { systemCtx } from '../src/app/context.ts';
import { createUser } from '../src/app/admin/users.ts';
import { startTotpEnrolment } from '../src/app/auth/login.ts';
import { permissionsOf } from '../src/core/access/permissions.ts';
import { totpCodeAt } from '../src/security/totp.ts';
import { CHROMIUM_ARGS, ensureWebBuild, ROOT } from '../test/browser/support.ts';
import { flags, fmt, percentile, table } from './lib/stats.ts';

const f = flags();
const complaints = f.num('complaints', 10_000);
const runs = f.num('runs', 5);
const keep = f.has('keep');
const USER = 'bench-console';
const PASSWORD = 'bench console load password 2026';

const la = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const ms = (t0: number) => performance.now() - t0;
const log = (s: string) => console.log(s);

log(`load average at start: ${la()}`);

// 1. The production bundle.
const build = ensureWebBuild();
if (build.built) log(`web/dist built in ${build.ms} ms`);
const dist = join(ROOT, 'web', 'dist');

// 2. A data folder with the demo dataset and a user who sees the queue and the dashboard of the whole institution.
const dataDir = f.get('data') ?? mkdtempSync(join(tmpdir(), 'kesu-console-load-'));
const env: NodeJS.ProcessEnv = { ...process.env, KESU_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
delete env.KESU_TEST;
delete env.DATABASE_URL;
let secret: string;
{
  const seeded = existsSync(join(dataDir, 'db')) && readdirSync(join(dataDir, 'db')).length > 0;
  if (!seeded) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kesu.js'), 'seed-demo', '--complaints', String(complaints), '--seed', '42'], { env, cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`kesu seed-demo failed (${r.status}):\n${r.stdout}\n${r.stderr.slice(-2000)}`);
    log(`kesu seed-demo --complaints ${complaints}: ${fmt(ms(t0) / 1000)} s`);
  }
  const runtime = await openRuntime(loadConfig(env));
  try {
    const db = runtime.deps.db;
    const hq = await db.selectFrom('org_unit').select('id').where('level', '=', 'head_office').orderBy('code').executeTakeFirstOrThrow();
    const admin = systemCtx(new Date());
    admin.actor = { ...admin.actor, permissions: permissionsOf(['admin']) };
    let user = await db.selectFrom('app_user').select('id').where('username', '=', USER).executeTakeFirst();
    if (!user) user = { id: (await createUser(runtime.deps, admin, { username: USER, displayName: 'Bench', orgUnitId: hq.id, roles: ['consumer_protection'], password: PASSWORD })).id };
    // A fresh second factor each run (no enrolment screen; the code is computed here).
    secret = (await startTotpEnrolment(runtime.deps, { ...admin, actor: { ...admin.actor, id: user.id } })).secret;
    await db.updateTable('app_user').set({ totp_enabled: true }).where('id', '=', user.id).execute();
    // The dashboard reads the roll-ups the worker builds every few minutes: build them now.
    const { refreshMetrics } = await import('../src/app/analytics/rollup.ts');
    const t0 = performance.now();
    await refreshMetrics(db, new Date());
    log(`metrics rolled up in ${fmt(ms(t0) / 1000)} s`);
    const n = await db.selectFrom('complaint').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    log(`data folder ${dataDir}: ${Number(n.n).toLocaleString('en-US')} complaints`);
  } finally {
    await runtime.database.close();
  }
}

// 3. The production server.
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'kesu.js'), 'serve'], {
  env: { ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', KESU_PUBLIC_URL: base },
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverErr = '';
server.stderr!.on('data', (b: Buffer) => (serverErr = (serverErr + b.toString()).slice(-4000)));
await new Promise<void>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${serverErr}`)), 120_000);
  server.stdout!.on('data', (b: Buffer) => {
    if (b.toString().includes('listening on')) {
      clearTimeout(timer);
      resolve();
    }
  });
  server.once('exit', (code) => reject(new Error(`server exited (${code}):\n${serverErr}`)));
});

let browser: Browser | null = null;
let exitCode = 0;
try {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const newContext = (storageState?: Awaited<ReturnType<BrowserContext['storageState']>>) =>
    browser!.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...(storageState ? { storageState } : {}) });

  // Sign in once; every measured load reuses the session cookie.
  const signInCtx = await newContext();
  const page = await signInCtx.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${base}/app/queue`);
  await page.getByLabel('用户名').fill(USER);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('totp-code').fill(await totpCodeAt(secret, new Date()));
  await page.getByRole('button', { name: '验证' }).click();
  await page.getByTestId('current-user').waitFor();
  const state = await signInCtx.storageState();
  await signInCtx.close();

  const screens: Record<string, { path: string; ready: (p: Page) => Promise<unknown> }> = {
    queue: { path: '/app/queue', ready: (p) => p.getByTestId('queue-link').first().waitFor() },
    dashboard: {
      path: '/app/dashboard',
      ready: async (p) => {
        await p.getByTestId('chart-state').locator('canvas').waitFor();
        // Every chart on the page has drawn (each Chart is a div holding ECharts' canvas).
        await p.waitForFunction(`(() => { const cs = [...document.querySelectorAll('[data-testid^="chart-"]')]; return cs.length > 0 && cs.every((c) => c.querySelector('canvas')); })()`);
      },
    },
  };
  // Where the time goes, from the page's own timings (ms after navigation start): DOMContentLoaded (scripts parsed
  // and run), the last API response, and the slowest API request.
  interface Breakdown {
    total: number;
    dcl: number;
    lastApi: number;
    slowestApi: number;
    slowestPath: string;
  }
  const PAGE_TIMINGS = `(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const api = performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/v1/'));
    const slow = api.reduce((a, r) => (a && a.duration >= r.duration ? a : r), null);
    return { dcl: nav ? nav.domContentLoadedEventEnd : 0, lastApi: api.reduce((x, r) => Math.max(x, r.responseEnd), 0),
      slowestApi: slow ? slow.duration : 0, slowestPath: slow ? new URL(slow.name).pathname : '' };
  })()`;
  const load = async (p: Page, path: string, ready: (p: Page) => Promise<unknown>): Promise<Breakdown> => {
    const t0 = performance.now();
    await p.goto(`${base}${path}`, { waitUntil: 'commit' });
    await ready(p);
    const total = ms(t0);
    return { total, ...((await p.evaluate(PAGE_TIMINGS)) as Omit<Breakdown, 'total'>) };
  };

  const rows: string[][] = [];
  for (const [name, s] of Object.entries(screens)) {
    const cold: Breakdown[] = [];
    const warm: Breakdown[] = [];
    for (let i = 0; i < runs; i++) {
      const ctx = await newContext(state);
      const p = await ctx.newPage();
      p.setDefaultTimeout(60_000);
      cold.push(await load(p, s.path, s.ready));
      await ctx.close();
    }
    const ctx = await newContext(state);
    const p = await ctx.newPage();
    p.setDefaultTimeout(60_000);
    await load(p, s.path, s.ready); // fills the cache
    for (let i = 0; i < runs; i++) warm.push(await load(p, s.path, s.ready));
    await ctx.close();
    const med = (xs: Breakdown[], k: 'total' | 'dcl' | 'lastApi' | 'slowestApi') => fmt(percentile(xs.map((x) => x[k]), 50), 0);
    const slowest = (xs: Breakdown[]) => {
      const counts = new Map<string, number>();
      for (const x of xs) counts.set(x.slowestPath, (counts.get(x.slowestPath) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    };
    const r = (xs: Breakdown[]) => [med(xs, 'total'), fmt(Math.min(...xs.map((x) => x.total)), 0), fmt(Math.max(...xs.map((x) => x.total)), 0), med(xs, 'dcl'), med(xs, 'lastApi'), med(xs, 'slowestApi'), slowest(xs).replace('/api/v1', '')];
    rows.push([`${name} cold`, ...r(cold)], [`${name} warm`, ...r(warm)]);
  }
  log(`\nnavigation → ready (ms), ${runs} loads each; queue: first rows shown; dashboard: every chart drawn`);
  log('(medians; DOMContentLoaded, last API response end and the slowest API request from the page\'s own timings)');
  log(table(['load', 'median', 'min', 'max', 'DOMContentLoaded', 'last API', 'slowest API', 'slowest is'], rows));
} catch (e) {
  console.error(e);
  exitCode = 1;
} finally {
  await browser?.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  if (!keep && !f.get('data')) rmSync(dataDir, { recursive: true, force: true });
}

// 4. The production bundle sizes.
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}
const assets = files(dist)
  .filter((p) => /\.(js|css|html)$/.test(p))
  .map((p) => {
    const buf = readFileSync(p);
    return { name: relative(dist, p), raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  })
  .sort((a, b) => b.raw - a.raw);
const kb = (n: number) => fmt(n / 1024, 1);
const indexHtml = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = assets.filter((a) => indexHtml.includes(`/${a.name}`) || a.name === 'index.html');
const sum = (xs: typeof assets, k: 'raw' | 'gzip') => xs.reduce((n, a) => n + a[k], 0);
log('\nweb/dist (KiB)');
log(table(['file', 'raw', 'gzip'], [...assets.map((a) => [a.name, kb(a.raw), kb(a.gzip)]), ['total', kb(sum(assets, 'raw')), kb(sum(assets, 'gzip'))], ['console first load (index.html + what it links)', kb(sum(initial, 'raw')), kb(sum(initial, 'gzip'))]]));
log(`\nload average at end: ${la()}`);
process.exit(exitCode);
