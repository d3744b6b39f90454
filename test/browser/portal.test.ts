// The customer portal in a real browser against a real server: submit, acknowledgement by e-mail, track with a
// one-time code, supply information, read the decision, rate, request a review; and the closed review window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startMailbox, type Mail, type Mailbox } from '../support/smtp.ts';
import { serverUnderTest } from '../support/db.ts';
import { waitFor } from '../support/wait.ts';
import { TEST_PASSWORD } from '../support/app.ts';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { systemCtx } from '../../src/app/context.ts';
import { createOrgUnit } from '../../src/app/admin/org-units.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { createSession } from '../../src/app/auth/sessions.ts';
import { permissionsOf, type Role } from '../../src/core/access/permissions.ts';
import { reviewWindow } from '../../src/core/complaints/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB = join(ROOT, 'web');
const DIST = join(WEB, 'dist');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CUSTOMER_EMAIL = 'li.si@example.com';

let mb: Mailbox;
let server: RunningServer;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dataDir: string;
let dropDatabase: (() => Promise<void>) | null = null;
const pageErrors: string[] = [];
let agent: Staff, handler: Staff, sup: Staff;
let hqId: string;

interface Staff {
  id: string;
  cookie: string;
  csrf: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than the sources (KESU_SKIP_WEB_BUILD=1: use it as it is). */
function ensureWebBuilt(): void {
  const built = join(DIST, 'portal.html');
  if (process.env.KESU_SKIP_WEB_BUILD === '1' && existsSync(built)) return;
  if (existsSync(built) && existsSync(join(DIST, 'index.html')) && statSync(built).mtimeMs >= newestMtime(WEB)) return;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const [cmd, args] = pkg.scripts?.['build:web'] ? ['npm', ['run', 'build:web']] : ['npx', ['vite', 'build', '--config', 'web/vite.config.ts']];
  const r = spawnSync(cmd, args as string[], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `web build failed:\n${r.stdout}\n${r.stderr}`);
}

/** The files the portal page loads (entry script, its static imports, CSS), from the built HTML. */
function portalAssets(): string[] {
  const html = readFileSync(join(DIST, 'portal.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)) refs.add(m[1]!);
  const queue = [...refs].filter((f) => f.endsWith('.js'));
  while (queue.length) {
    const js = readFileSync(join(DIST, queue.pop()!), 'utf8');
    for (const m of js.matchAll(/(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) {
      const f = `assets/${m[1]}`;
      if (!refs.has(f)) {
        refs.add(f);
        queue.push(f);
      }
    }
  }
  return [...refs];
}

/** Waits for a mail; when none comes, the failure says where the notice got to (outbox event, notification row, the
 * worker's jobs), which CI's log shows where the mailbox alone would only say "timed out". */
async function mailAfter(from: number, what: string, pred: (m: Mail) => boolean): Promise<Mail> {
  try {
    return await waitFor(what, () => mb.mails.slice(from).find(pred));
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${await noticeState().catch((err: unknown) => `(state unreadable: ${(err as Error).message})`)}`);
  }
}

async function noticeState(): Promise<string> {
  const db = server.runtime.deps.db;
  const now = new Date().toISOString();
  const events = await db.selectFrom('outbox').select(['id', 'topic', 'attempts', 'available_at', 'claimed_by', 'claimed_until', 'done_at', 'dead_at', 'last_error'])
    .orderBy('id', 'desc').limit(5).execute();
  const notices = await db.selectFrom('notification').select(['id', 'kind', 'channel', 'status', 'attempts', 'last_error', 'created_at', 'sent_at'])
    .orderBy('id', 'desc').limit(5).execute();
  const jobs = await db.selectFrom('job').select(['name', 'next_run_at', 'claimed_until', 'last_run_at', 'last_error']).execute();
  return [`at ${now}, mails received ${mb.mails.length}`, 'newest outbox events:', ...events.map((r) => JSON.stringify(r)),
    'newest notifications:', ...notices.map((r) => JSON.stringify(r)), 'jobs:', ...jobs.map((r) => JSON.stringify(r))].join('\n');
}
const OTP = /(?:验证码为[：:]?\s*|one-time code is:\s*)(\d{6})/;

async function staffPost(who: Staff, path: string, body: unknown = {}): Promise<void> {
  const r = await fetch(`${base}/api/v1${path}`, { method: 'POST', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(r.status, 200, `${path}: ${await r.text()}`);
}

async function complaintId(trackingNo: string): Promise<string> {
  const row = await server.runtime.deps.db.selectFrom('complaint').select('id').where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();
  return row.id;
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `portal-${name}.png`), fullPage: true });
}

/** Track page → request a code by e-mail → read it from the mailbox → open the complaint. */
async function signInWithCode(trackingNo: string): Promise<void> {
  await page.getByLabel('投诉编号').fill(trackingNo);
  await page.getByLabel('验证码接收方式').selectOption('email');
  const from = mb.mails.length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('如果该编号存在，验证码已发送到登记的联系方式').waitFor();
  const mail = await mailAfter(from, 'the one-time code e-mail', (m) => OTP.test(m.text));
  assert.deepEqual(mail.to, [CUSTOMER_EMAIL]);
  await page.getByLabel('验证码').fill(OTP.exec(mail.text)![1]!);
  await page.getByRole('button', { name: '查看我的投诉' }).click();
  await page.getByRole('heading', { name: '我的投诉' }).waitFor();
}

before(async () => {
  ensureWebBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  mb = await startMailbox();
  // The server reads its transports from process.env.
  Object.assign(process.env, { KESU_SMTP_HOST: '127.0.0.1', KESU_SMTP_PORT: String(mb.port), KESU_SMTP_FROM: 'kesu@bank.example', KESU_SMTP_SECURE: 'false' });
  dataDir = mkdtempSync(join(tmpdir(), 'kesu-portal-'));
  const sut = await serverUnderTest(dataDir);
  dropDatabase = sut.drop;
  const config = loadConfig({
    ...sut.env,
    KESU_WORKER: 'true',
    KESU_WORKER_POLL_MS: '200',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  server = await startServer(config);
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;

  const deps = server.runtime.deps;
  const adminCtx = () => {
    const c = systemCtx(new Date());
    c.actor = { ...c.actor, permissions: permissionsOf(['admin']) };
    return c;
  };
  hqId = (await createOrgUnit(deps, adminCtx(), { code: 'HQ', name: '总行', level: 'head_office', parentId: null })).id;
  const staff = async (username: string, roles: Role[]): Promise<Staff> => {
    const u = await createUser(deps, adminCtx(), { username, displayName: username, orgUnitId: hqId, roles, password: TEST_PASSWORD });
    const s = await createSession(deps.db, u.id, true, new Date());
    return { id: u.id, cookie: `kesu_sid=${s.token}`, csrf: s.csrfToken };
  };
  agent = await staff('agent1', ['agent']);
  handler = await staff('handler1', ['handler']);
  sup = await staff('sup1', ['supervisor']);

  browser = await chromium.launch({
    executablePath: process.env.KESU_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 40[19]/.test(m.text())) pageErrors.push(`${m.text()} ${m.location().url}`);
  });
});

after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.close();
  await dropDatabase?.();
  await mb?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('the portal bundle is small and carries no staff screens', () => {
  const assets = portalAssets();
  assert.ok(assets.some((f) => f.endsWith('.js')) && assets.some((f) => f.endsWith('.css')), `assets: ${assets.join(', ')}`);
  const consoleEntry = readFileSync(join(DIST, 'index.html'), 'utf8').match(/src="\/?(assets\/[^"]+\.js)"/)?.[1];
  let gzip = 0;
  for (const f of assets) {
    assert.ok(!/(^|\/)(antd|echarts|console)[-.]/.test(f), `the portal loads ${f}`);
    assert.notEqual(f, consoleEntry, 'the portal does not load the console entry');
    gzip += gzipSync(readFileSync(join(DIST, f))).length;
  }
  console.log(`portal bundle: ${assets.length} files, ${(gzip / 1024).toFixed(1)} KiB gzip`);
  assert.ok(gzip < 150 * 1024, `portal bundle ${gzip} bytes gzip`);
});

test('a customer submits, tracks with a one-time code, supplies information, reads the decision, rates and asks for a review', async () => {
  await page.goto(`${base}/portal`);
  await page.getByRole('heading', { name: '提交投诉' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');

  // The honeypot is there for bots but out of sight and out of reach for people.
  const hp = page.locator('#submit-website');
  const box = await hp.boundingBox();
  assert.ok(box && box.x + box.width <= 0, 'honeypot is off-screen');
  assert.equal(await hp.getAttribute('tabindex'), '-1');

  // Nothing goes out until the form is right, and consent is required.
  await page.getByRole('button', { name: '提交投诉' }).click();
  await page.getByText('请填写“姓名”。').waitFor();
  await page.getByText('手机号码和电子邮箱至少填写一项。').first().waitFor();
  await page.getByText('请阅读并勾选同意个人信息收集说明。').waitFor();
  await page.getByText('投诉办结后至少保存 3 年').waitFor();

  const content = '11月20日手机银行转账失败但已扣款 <img src=x onerror="window.__pwned=1"> <b>三天</b>未退回';
  await page.getByLabel('姓名').fill('李四');
  await page.getByLabel('电子邮箱').fill(CUSTOMER_EMAIL);
  await page.getByLabel('涉及的产品或业务').fill('手机银行');
  await page.getByLabel('涉及金额（元）').fill('5000');
  await page.getByLabel('投诉内容').fill(content);
  await page.getByLabel('您的诉求').fill('尽快退回扣款');
  await page.getByLabel('我已阅读并同意上述个人信息收集说明').check();
  await shot('1-submit-form');
  const ackFrom = mb.mails.length;
  await page.getByRole('button', { name: '提交投诉' }).click();
  await page.getByRole('heading', { name: '投诉已提交' }).waitFor();
  const trackingNo = (await page.getByTestId('tracking-no').textContent())!.trim();
  assert.match(trackingNo, /^KS\d{8}-[A-Z0-9]{6}$/);
  await page.getByText('受理回执（含此编号）也已通过电子邮件或短信发送').waitFor();
  await shot('2-submitted');

  const ack = await mailAfter(ackFrom, 'the acknowledgement e-mail', (m) => m.text.includes(trackingNo));
  assert.deepEqual(ack.to, [CUSTOMER_EMAIL]);

  // Tracking: an unknown number gets exactly the same answer as a real one.
  await page.getByRole('button', { name: '查询处理进度' }).click();
  assert.equal(new URL(page.url()).pathname, '/portal/track');
  assert.equal(await page.getByLabel('投诉编号').inputValue(), trackingNo, 'the number is carried over');
  await page.getByLabel('投诉编号').fill('KS20991231-ZZZZZZ');
  await page.getByRole('button', { name: '获取验证码' }).click();
  const unknownAnswer = await page.locator('.alert').first().textContent();
  await page.getByRole('button', { name: '换一个编号' }).click();
  await page.getByLabel('投诉编号').fill(trackingNo.toLowerCase()); // typed in lower case: still found
  await page.getByLabel('验证码接收方式').selectOption('email');
  const otpFrom = mb.mails.length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText('如果该编号存在').waitFor();
  assert.equal(await page.locator('.alert').first().textContent(), unknownAnswer);
  const otpMail = await mailAfter(otpFrom, 'the one-time code e-mail', (m) => OTP.test(m.text));
  assert.deepEqual(otpMail.to, [CUSTOMER_EMAIL]);
  const code = OTP.exec(otpMail.text)![1]!;
  await page.getByLabel('验证码').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: '查看我的投诉' }).click();
  await page.getByText('验证码不正确或已失效').waitFor();
  await shot('3-track-code');
  await page.getByLabel('验证码').fill(code);
  await page.getByRole('button', { name: '查看我的投诉' }).click();
  await page.getByRole('heading', { name: '我的投诉' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/portal/complaint');
  assert.equal(await page.getByTestId('status').textContent(), '已收到');

  // What the customer typed comes back as text, never as markup.
  assert.equal((await page.getByTestId('my-content').textContent())?.trim(), content);
  assert.equal(await page.getByTestId('my-content').locator('img, b').count(), 0);
  assert.equal(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned), undefined, 'no markup from the complaint ran');

  // Staff ask for information; the customer answers in the portal.
  const id = await complaintId(trackingNo);
  await staffPost(agent, `/complaints/${id}/accept`);
  await staffPost(agent, `/complaints/${id}/classify`, { category: 'technical', complexity: 'general' });
  await staffPost(sup, `/complaints/${id}/assign`, { handlingUnitId: hqId, handlerId: handler.id });
  await staffPost(handler, `/complaints/${id}/start`);
  const infoFrom = mb.mails.length;
  await staffPost(handler, `/complaints/${id}/information-requests`, { note: '请说明扣款短信的时间' });
  await mailAfter(infoFrom, 'the information request e-mail', (m) => m.text.includes('扣款短信的时间'));
  await page.reload();
  await page.getByRole('heading', { name: '补充材料' }).waitFor();
  assert.equal(await page.getByTestId('status').textContent(), '待您补充材料');
  await page.getByText('请补充材料').first().waitFor(); // the timeline
  await page.getByLabel('补充说明').fill('扣款短信于11月20日14:05收到，已保存截图');
  await shot('4-information');
  await page.getByRole('button', { name: '提交补充材料' }).click();
  await page.getByText('已收到您补充的材料，我们会继续处理。').waitFor();
  assert.equal(await page.getByTestId('status').textContent(), '处理中');

  // The decision, once it was communicated.
  await staffPost(handler, `/complaints/${id}/decision`, {
    outcome: 'upheld', remedy: '已退回扣款 5000 元', factsChecked: '系统故障导致重复扣款', basisAndReasons: '交易日志显示转账未成功', remediesOpen: ['review', 'mediation', 'arbitration', 'lawsuit'],
  });
  await page.reload();
  await page.getByRole('heading', { name: '我的投诉' }).waitFor();
  assert.equal(await page.getByRole('heading', { name: '处理结果' }).count(), 0, 'no decision before it was communicated');
  const noticeFrom = mb.mails.length;
  await staffPost(handler, `/complaints/${id}/feedback`, { channel: 'email' });
  await mailAfter(noticeFrom, 'the decision notice', (m) => m.text.includes('系统故障导致重复扣款'));
  await page.reload();
  const decision = page.locator('#decision');
  await decision.getByText('投诉成立').waitFor();
  for (const text of ['系统故障导致重复扣款', '交易日志显示转账未成功', '已退回扣款 5000 元', '申请调解', '申请仲裁', '向人民法院提起诉讼']) await decision.getByText(text).waitFor();
  assert.equal(await page.getByTestId('status').textContent(), '已答复');
  await shot('5-decision');

  // English switch: the whole page, the server's error messages and the timeline follow.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'My complaint' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.locator('#decision').getByText('Complaint upheld').waitFor();
  await page.locator('#timeline').getByText('Decision sent to you').waitFor();

  // Rating on the four dimensions: incomplete ratings are refused on the page.
  const rating = page.locator('#rating');
  await rating.getByRole('button', { name: 'Send rating' }).click();
  await rating.getByText('Please score every item and choose an overall rating.').waitFor();
  const scores = { handlingTime: '3', resolution: '5', communication: '4', followUpService: '4' };
  for (const [dimension, score] of Object.entries(scores)) await rating.locator(`fieldset[data-dimension=${dimension}]`).getByText(score, { exact: true }).click();
  await rating.getByText('Mostly satisfied', { exact: true }).click();
  await rating.getByLabel('Comments').fill('<script>window.__pwned=2</script> 处理及时');
  await shot('6-rating-en');
  await rating.getByRole('button', { name: 'Send rating' }).click();
  await page.getByText('Thank you for your rating.').waitFor();
  const stored = await server.runtime.deps.db.selectFrom('complaint').select('satisfaction').where('id', '=', id).executeTakeFirstOrThrow();
  const sat = stored.satisfaction as Record<string, unknown>;
  assert.equal(sat.level, 'basically_satisfied');
  assert.deepEqual(Object.values(sat).filter((v) => typeof v === 'number').sort(), [3, 4, 4, 5]);

  // Review within the window.
  const review = page.locator('#review');
  await review.getByText('you may request a review until').waitFor();
  await review.getByRole('button', { name: 'Request review' }).click();
  await review.getByText('Please fill in “Why you ask for a review”.').waitFor();
  await review.getByLabel('Why you ask for a review').fill('希望赔偿利息损失');
  await review.getByRole('button', { name: 'Request review' }).click();
  await review.getByText('We received your review request').waitFor();
  assert.equal(await page.getByTestId('status').textContent(), 'Under review');
  await shot('7-review-en');

  // Signing out ends the session: the complaint page sends the customer back to tracking.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Track your complaint' }).waitFor();
  await page.goto(`${base}/portal/complaint`);
  await page.getByText('Your session ended. Please request a new code.').waitFor();
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('heading', { name: '查询投诉进度' }).waitFor();
  assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
});

test('after the review window a review request shows the date the window closed', async () => {
  const sub = await fetch(`${base}/api/v1/portal/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ complainant: { name: '李四', email: CUSTOMER_EMAIL }, content: '理财经理承诺保本，结果亏损', demand: '赔偿损失', consent: true }),
  });
  assert.equal(sub.status, 201);
  const trackingNo = ((await sub.json()) as { trackingNo: string }).trackingNo;
  const id = await complaintId(trackingNo);
  await staffPost(agent, `/complaints/${id}/accept`);
  await staffPost(agent, `/complaints/${id}/classify`, { category: 'product', complexity: 'general' });
  await staffPost(sup, `/complaints/${id}/assign`, { handlingUnitId: hqId, handlerId: handler.id });
  await staffPost(handler, `/complaints/${id}/start`);
  await staffPost(handler, `/complaints/${id}/decision`, { outcome: 'not_upheld', remedy: '无', factsChecked: '风险揭示书已签署', basisAndReasons: '产品为非保本型', remediesOpen: ['review', 'mediation', 'arbitration', 'lawsuit'] });
  await staffPost(handler, `/complaints/${id}/feedback`, { channel: 'email' });

  await page.goto(`${base}/portal/track?lang=zh-CN`);
  await signInWithCode(trackingNo);
  const review = page.locator('#review');
  await review.getByLabel('申请核查的理由').waitFor();

  // The window runs out while the page is open (the decision notice is moved 40 days back).
  const notifiedAt = new Date(Date.now() - 40 * 86_400_000);
  const db = server.runtime.deps.db;
  const row = await db.selectFrom('complaint').select('state_data').where('id', '=', id).executeTakeFirstOrThrow();
  const stateData = typeof row.state_data === 'string' ? (JSON.parse(row.state_data) as Record<string, unknown>) : row.state_data;
  await db.updateTable('complaint').set({ decision_notified_at: notifiedAt, state_data: JSON.stringify({ ...stateData, decisionNotifiedAt: notifiedAt.toISOString() }) }).where('id', '=', id).execute();
  const [y, m, d] = reviewWindow(notifiedAt, 30).closesOn.split('-').map(Number);
  const closedText = `申请核查的期限已于 ${y}年${m}月${d}日 届满`;
  await review.getByLabel('申请核查的理由').fill('不服');
  await review.getByRole('button', { name: '提交核查申请' }).click();
  await review.getByText(closedText).waitFor().catch(async (e: Error) => {
    throw new Error(`${e.message}\nshown: ${await review.textContent()}`);
  });
  await shot('8-review-closed');

  // Coming back later, the form is gone and the same message is shown.
  await page.reload();
  await page.locator('#review').getByText(closedText).waitFor();
  assert.equal(await page.getByLabel('申请核查的理由').count(), 0);
  assert.equal(await page.getByTestId('status').textContent(), '已答复');
  assert.deepEqual(pageErrors, [], 'no script errors or CSP violations');
});
