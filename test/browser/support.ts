// Browser-test support: a real Kesu server on a free port with a temp data dir, seeded with an org tree, staff
// (TOTP pre-enrolled where asked) and complaints through the app's own use cases; TOTP codes that respect replay
// protection; the web build check.
import { mkdtempSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { test as nodeTest } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { systemCtx, type Ctx } from '../../src/app/context.ts';
import { createOrgUnit, type Level } from '../../src/app/admin/org-units.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { startTotpEnrolment } from '../../src/app/auth/login.ts';
import { loadUserActor } from '../../src/app/auth/sessions.ts';
import { createComplaint, type IntakeInput } from '../../src/app/complaints/intake.ts';
import { runCommand } from '../../src/app/complaints/commands.ts';
import type { ComplaintCommand } from '../../src/core/complaints/index.ts';
import { permissionsOf, type Role } from '../../src/core/access/permissions.ts';
import { totpCodeAt } from '../../src/security/totp.ts';
import type { NoticeDeps } from '../../src/app/notifications/notices.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts');
export const PASSWORD = 'correct horse battery staple';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

import { ensureWebBuild } from '../../scripts/web-build.ts';
export { ensureWebBuild };

export interface SeededUser {
  id: string;
  username: string;
  displayName: string;
  unit: string;
  totpSecret: string | null;
}

export interface ConsoleServer {
  url: string;
  server: RunningServer;
  deps: NoticeDeps;
  units: Record<string, string>;
  users: Record<string, SeededUser>;
  unit(code: string, name: string, level: Level, parent?: string): Promise<string>;
  user(username: string, displayName: string, roles: Role[], unit: string, opts?: { totp?: boolean }): Promise<SeededUser>;
  ctxOf(username: string): Promise<Ctx>;
  complaint(as: string, input: IntakeInput): Promise<string>;
  command(as: string, id: string, command: ComplaintCommand, payload?: Record<string, unknown>): Promise<void>;
  /** A TOTP code for the user that has not been used yet (waits for the next 30 s step when it must). */
  totp(username: string): Promise<string>;
  close(): Promise<void>;
}

export async function startConsoleServer(opts: { port?: number } = {}): Promise<ConsoleServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kesu-browser-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(opts.port ?? 0), HOST: '127.0.0.1', KESU_DATA_DIR: dataDir, KESU_WORKER: '0', LOG_LEVEL: process.env.KESU_TEST_LOG ?? 'silent' };
  let dropDb: (() => Promise<void>) | null = null;
  if (process.env.KESU_TEST_DATABASE_URL) {
    const { freshDatabase } = await import('../support/db.ts');
    const fresh = await freshDatabase();
    await fresh.close();
    env.DATABASE_URL = fresh.url!;
    dropDb = fresh.drop;
  } else {
    delete env.DATABASE_URL;
    // Start from the migrated template of this test run: a fresh on-disk PGlite would spend ~10 s in initdb.
    const { templatePaths } = await import('../support/template.ts');
    const tarball = templatePaths().pgliteTarball;
    if (!existsSync(tarball)) await (await import('../support/db.ts')).buildTemplate();
    mkdirSync(join(dataDir, 'db'), { recursive: true });
    const x = spawnSync('tar', ['-xzf', tarball, '-C', join(dataDir, 'db')], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (x.status !== 0) throw new Error(`cannot unpack the template database: ${x.stderr}`);
  }
  const server = await startServer(loadConfig(env));
  const port = (server.app.server.address() as AddressInfo).port;
  const deps = server.runtime.deps;
  const units: Record<string, string> = {};
  const users: Record<string, SeededUser> = {};
  const lastStep = new Map<string, number>();
  const adminCtx = () => {
    const c = systemCtx(new Date());
    c.actor = { ...c.actor, permissions: permissionsOf(['admin']) };
    return c;
  };
  const ctxOf = async (username: string): Promise<Ctx> => {
    const u = users[username];
    if (!u) throw new Error(`unknown user ${username}`);
    const loaded = (await loadUserActor(deps.db, u.id))!;
    return { actor: { ...loaded.actor, authMethod: 'password+totp', mfaVerified: true }, ip: '127.0.0.1', requestId: null, now: new Date() };
  };
  const s: ConsoleServer = {
    url: `http://127.0.0.1:${port}`,
    server,
    deps,
    units,
    users,
    async unit(code, name, level, parent) {
      const u = await createOrgUnit(deps, adminCtx(), { code, name, level, parentId: parent ? units[parent]! : null });
      units[code] = u.id;
      return u.id;
    },
    async user(username, displayName, roles, unit, opts = {}) {
      const u = await createUser(deps, adminCtx(), { username, displayName, orgUnitId: units[unit]!, roles, password: PASSWORD });
      let totpSecret: string | null = null;
      if (opts.totp) {
        const ctx = { ...adminCtx(), actor: { ...adminCtx().actor, id: u.id } };
        totpSecret = (await startTotpEnrolment(deps, ctx)).secret;
        await deps.db.updateTable('app_user').set({ totp_enabled: true }).where('id', '=', u.id).execute();
      }
      users[username] = { id: u.id, username, displayName, unit, totpSecret };
      return users[username];
    },
    ctxOf,
    async complaint(as, input) {
      return (await createComplaint(deps, await ctxOf(as), input)).id;
    },
    async command(as, id, command, payload) {
      await runCommand(deps, await ctxOf(as), id, command, payload ? { payload } : {});
    },
    async totp(username) {
      const secret = users[username]?.totpSecret;
      if (!secret) throw new Error(`${username} has no TOTP secret`);
      // The server accepts the current step and one step either side, each step once per user.
      let step = Math.max(Math.floor(Date.now() / 30_000), (lastStep.get(username) ?? -1) + 1);
      while (step > Math.floor(Date.now() / 30_000) + 1) await new Promise((r) => setTimeout(r, 500));
      step = Math.max(step, Math.floor(Date.now() / 30_000));
      lastStep.set(username, step);
      return totpCodeAt(secret, new Date(step * 30_000 + 1_000));
    },
    async close() {
      await server.close();
      if (dropDb) await dropDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return s;
}

/** Marks a user's TOTP secret (learnt from the enrolment screen) and the step the browser used. */
export function rememberTotp(s: ConsoleServer, username: string, secret: string): void {
  s.users[username]!.totpSecret = secret;
}

export function artifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/**
 * Multiplies the complaints registered so far by SQL copies (new ids and tracking numbers, receipt times spread
 * out, deadlines copied along): a large queue in a second instead of minutes of intake.
 */
export async function cloneComplaints(s: ConsoleServer, copies: number): Promise<number> {
  const db = s.deps.db;
  const colsOf = async (table: string) =>
    (await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(db)).rows.map((r) => r.column_name);
  const cCols = await colsOf('complaint');
  const dCols = await colsOf('complaint_deadline');
  const shift = (col: string) => sql.raw(`${col} - make_interval(mins => k * 37)`);
  const pick = (col: string) => {
    if (col === 'id') return sql.raw(`md5(c.id::text || '-' || k)::uuid`);
    if (col === 'tracking_no') return sql.raw(`c.tracking_no || '-' || k`);
    if (['received_at', 'registered_at', 'effective_due_at'].includes(col)) return shift(`c.${col}`);
    return sql.raw(`c.${col}`);
  };
  const dpick = (col: string) => {
    if (col === 'complaint_id') return sql.raw(`md5(d.complaint_id::text || '-' || k)::uuid`);
    if (['starts_at', 'policy_due_at', 'statutory_due_at', 'effective_due_at', 'next_check_at'].includes(col)) return shift(`d.${col}`);
    return sql.raw(`d.${col}`);
  };
  const dIdCol = dCols.includes('id') ? ['id'] : [];
  const dInsert = dCols.filter((c) => !dIdCol.includes(c));
  const originals = sql.raw(`SELECT id FROM complaint WHERE tracking_no NOT LIKE '%-%-%'`);
  await sql`INSERT INTO complaint (${sql.join(cCols.map((c) => sql.ref(c)))})
    SELECT ${sql.join(cCols.map(pick))} FROM complaint c CROSS JOIN generate_series(1, ${copies}) AS k WHERE c.id IN (${originals})`.execute(db);
  await sql`INSERT INTO complaint_deadline (${sql.join(dInsert.map((c) => sql.ref(c)))})
    SELECT ${sql.join(dInsert.map(dpick))} FROM complaint_deadline d CROSS JOIN generate_series(1, ${copies}) AS k
    WHERE d.complaint_id IN (${originals})`.execute(db);
  const n = await sql<{ n: string }>`SELECT count(*) AS n FROM complaint`.execute(db);
  return Number(n.rows[0]!.n);
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰'];
const PRODUCTS = ['借记卡', '白金信用卡', '个人住房贷款', '手机银行', '结构性存款', '个人消费贷款', '理财产品'];
const TEXTS = [
  { category: 'product', text: (p: string, a: number) => `${p}本月被扣了${a}元费用，事先没有任何说明，要求解释收费依据。`, demand: '退还费用' },
  { category: 'service', text: (p: string) => `在网点办理${p}业务排队两个小时，柜员态度冷淡，问问题不回答。`, demand: '工作人员道歉' },
  { category: 'technical', text: (p: string) => `${p}登录后转账一直失败，提示系统繁忙，耽误了还款。`, demand: '修复问题并消除影响' },
  { category: 'business', text: (p: string, a: number) => `${p}的${a}元款项已结清多日，至今没有开具结清证明。`, demand: '尽快出具证明' },
];

/** Invented complaints for the queue (no real person's data), spread over channels and receipt times. */
export function demoComplaint(i: number, orgUnitCode: string, now: Date): IntakeInput {
  const t = TEXTS[i % TEXTS.length]!;
  const p = PRODUCTS[i % PRODUCTS.length]!;
  const amount = 100 + ((i * 137) % 9000);
  const phone = `139${String(10_000_000 + ((i * 7919) % 89_999_999)).padStart(8, '0')}`;
  return {
    channel: (['phone', 'branch', 'app', 'web', 'email'] as const)[i % 5]!,
    receivedAt: new Date(now.getTime() - (i % 48) * 5 * 3600_000 - 60_000).toISOString(),
    complainant: { name: `${SURNAMES[i % 10]}${GIVEN[(i * 3) % 10]}`, phone },
    content: t.text(p, amount),
    demand: t.demand,
    amount,
    orgUnitCode,
    productName: p,
  };
}

/**
 * Chooses `option` in the Ant Design select opened by clicking `field` (its label or input), then makes sure the
 * dropdown is gone — on a loaded machine a dropdown can stay open over the dialog's buttons and swallow the next
 * click (seen once in CI), so a lingering one is closed with Escape.
 */
export async function chooseOption(page: Page, field: Locator, option: string): Promise<void> {
  const open = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await field.click();
  await open.locator('.ant-select-item-option').filter({ hasText: option }).first().click();
  try {
    await open.waitFor({ state: 'hidden', timeout: 3_000 });
  } catch {
    await page.keyboard.press('Escape');
    await open.waitFor({ state: 'hidden' });
  }
}

/**
 * A browser test file's harness: the server and Chromium (started in `start`, from the file's `before`), one browser
 * context per user, sign-in with password and TOTP, screenshots named after the file, and a `test` that saves a
 * screenshot of every open page when it fails.
 */
export class ConsoleHarness {
  server!: ConsoleServer;
  browser!: Browser;
  readonly sessions = new Map<string, { context: BrowserContext; page: Page }>();

  /** `prefix` names the screenshots: `test-artifacts/<prefix>-<name>.png`. */
  constructor(private readonly prefix: string) {}

  async start(): Promise<ConsoleServer> {
    ensureWebBuild();
    [this.server, this.browser] = await Promise.all([startConsoleServer(), chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })]);
    return this.server;
  }

  async close(): Promise<void> {
    for (const { context } of this.sessions.values()) await context.close().catch(() => undefined);
    await this.browser?.close();
    await this.server?.close();
  }

  /** The user's page (a browser context of its own), opened on first use. */
  async page(username: string): Promise<Page> {
    const have = this.sessions.get(username);
    if (have) return have.page;
    // Reduced motion, as a user who asked the system for it: dialogs open without their zoom, so a click right after
    // one opens lands where the button is (during the animation a click was lost now and then on a loaded machine).
    const context = await this.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'America/New_York', reducedMotion: 'reduce' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[${username}] page error: ${e.message}`));
    if (process.env.KESU_TEST_TRACE) page.on('console', (m) => ['error', 'warning'].includes(m.type()) && console.log(`[${username}] console ${m.type()}: ${m.text().slice(0, 200)}`));
    this.sessions.set(username, { context, page });
    return page;
  }

  /** Opens the console and submits the user's password (the TOTP step, or enrolment, follows). */
  async passwordStep(page: Page, username: string): Promise<void> {
    await page.goto(`${this.server.url}/app/queue`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
  }

  /** Signs in a user whose TOTP is enrolled; returns the page showing the console. */
  async signIn(username: string): Promise<Page> {
    const page = await this.page(username);
    await this.passwordStep(page, username);
    await page.getByTestId('totp-code').fill(await this.server.totp(username));
    await page.getByRole('button', { name: '验证' }).click();
    await page.getByTestId('current-user').filter({ hasText: this.server.users[username]!.displayName }).waitFor();
    return page;
  }

  /** The user's signed-in page: signed in on first use, the same page afterwards. */
  async signedIn(username: string): Promise<Page> {
    return this.sessions.get(username)?.page ?? this.signIn(username);
  }

  shot(page: Page, name: string): Promise<Buffer> {
    return page.screenshot({ path: join(artifactsDir(), `${this.prefix}-${name}.png`), fullPage: true });
  }

  /** A test that, when it fails, saves a screenshot of every open page to test-artifacts/. */
  test(name: string, fn: () => Promise<void>): void {
    nodeTest(name, async () => {
      try {
        await fn();
      } catch (e) {
        const slug = name.slice(0, 24).replace(/[^A-Za-z0-9]+/g, '-');
        const seen: string[] = [];
        for (const [user, { page, context }] of this.sessions) {
          await this.shot(page, `FAILED-${slug}-${user}`).catch(() => undefined);
          seen.push(`[${user}] ${page.url()}\n${await visibleOverlays(page)}`);
          // The next test signs this user in on a fresh page: a dialog or dropdown left open by this failure would
          // otherwise cover the next test's clicks and fail it too.
          await context.close().catch(() => undefined);
        }
        this.sessions.clear();
        // CI shows the failure text, not the screenshots: what was open on each page goes into it.
        if (e instanceof Error) e.message += `\n--- open on the pages when it failed ---\n${seen.join('\n')}`;
        throw e;
      }
    });
  }
}

/** The text of whatever overlays the page when a test fails: open dialogs, dropdowns, pop-confirms, toasts, alerts. */
async function visibleOverlays(page: Page): Promise<string> {
  const parts: string[] = [];
  const kinds: Array<[string, string]> = [
    ['dialog', '.ant-modal-wrap:visible .ant-modal'],
    ['dropdown', '.ant-select-dropdown:not(.ant-select-dropdown-hidden)'],
    ['popover', '.ant-popover:not(.ant-popover-hidden)'],
    ['toast', '.ant-message-notice'],
    ['alert', '.ant-alert'],
  ];
  for (const [kind, selector] of kinds) {
    const texts = await page.locator(selector).allInnerTexts().catch(() => [] as string[]);
    for (const t of texts) parts.push(`${kind}: ${t.replace(/\s+/g, ' ').trim().slice(0, 400)}`);
  }
  return parts.length > 0 ? parts.join('\n') : '(no dialog, dropdown, pop-confirm, toast or alert)';
}
