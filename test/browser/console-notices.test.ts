// Notices and work e-mail in the console, in a real browser (Debian's chromium through playwright-core) against a
// real Kesu server: a handler whose "decide" deadline is breached sees the unread count on the header bell, the
// notice in zh-CN with the tracking number, a risk notice whose indicator name looks like markup shown as text;
// opening the notice marks it read and leads to the complaint. An administrator sets, refuses, masks and clears a
// user's work e-mail, which the database holds encrypted.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ConsoleHarness, demoComplaint, type ConsoleServer } from './support.ts';
import type { Deps } from '../../src/app/deps.ts';
import { Worker } from '../../src/worker/worker.ts';
import { outboxHandlers } from '../../src/worker/registry.ts';
import { sweepSla } from '../../src/worker/jobs/sla-sweep.ts';
import { saveIndicator } from '../../src/app/analytics/warnings.ts';
import { evaluateRisk } from '../../src/app/analytics/risk.ts';

const h = new ConsoleHarness('console-notices');
const test = h.test.bind(h);
const signIn = (username: string) => h.signedIn(username);
const shot = (page: Page, name: string) => h.shot(page, name);
let s: ConsoleServer;

before(async () => {
  s = await h.start();
  await s.unit('HQ', '总行', 'head_office');
  await s.unit('BJ', '北京分行', 'branch', 'HQ');
  await s.unit('BJ01', '北京海淀支行', 'sub_branch', 'BJ');
  await s.user('agent1', '坐席甲', ['agent'], 'BJ01');
  await s.user('sup1', '主管乙', ['supervisor'], 'BJ01');
  await s.user('handler1', '处理人甲', ['handler'], 'BJ01', { totp: true });
  await s.user('admin1', '管理员', ['admin'], 'HQ', { totp: true });
});

after(() => h.close());

/** The number on the bell's badge as the user sees it (antd shows no badge at 0). */
async function badgeCount(page: Page): Promise<number> {
  const badge = page.locator('.ant-badge', { has: page.getByTestId('notice-bell') }).locator('sup.ant-badge-count');
  if ((await badge.count()) === 0) return 0;
  return Number(await badge.getAttribute('title'));
}

async function waitForBadge(page: Page, n: number): Promise<void> {
  const until = Date.now() + 10_000;
  while ((await badgeCount(page)) !== n) {
    if (Date.now() > until) assert.equal(await badgeCount(page), n, 'unread count on the bell');
    await page.waitForTimeout(100);
  }
}

const unreadInDb = async (userId: string) =>
  Number((await s.deps.db.selectFrom('staff_notice').select((e) => e.fn.countAll().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow()).n);

// Looks like markup; must stay characters on the screen.
const MARKUP_NAME = '<img src=x onerror="window.__kesuXss=1"><b>当日新增投诉</b>';

test('the bell counts a breached "decide" deadline; the notice reads in zh-CN, opening it marks it read and leads to the complaint', async () => {
  const handler = s.users.handler1!;
  const now = new Date();
  const received = new Date(now.getTime() - 60_000);
  const id = await s.complaint('agent1', { ...demoComplaint(3, 'BJ01', now), receivedAt: received.toISOString() });
  await s.command('agent1', id, { type: 'acceptComplaint' });
  await s.command('agent1', id, { type: 'classifyComplaint', category: 'product', complexity: 'general' });
  await s.command('sup1', id, { type: 'assignComplaint', handlingUnitId: s.units.BJ01!, handlerId: handler.id });
  await s.command('handler1', id, { type: 'startHandling' });
  const trackingNo = (await s.deps.db.selectFrom('complaint').select('tracking_no').where('id', '=', id).executeTakeFirstOrThrow()).tracking_no;

  // A risk indicator owned by the handler whose name looks like markup: its warning notice carries that name.
  await saveIndicator(s.server.runtime.deps, await s.ctxOf('admin1'), {
    code: 'TODAY_RECEIVED', zh: MARKUP_NAME, en: '<i>Received today</i>', metric: 'received', scopeType: 'institution', scopeValue: null,
    window: 'day', mode: 'absolute', direction: 'above', warning: null, alarm: 1, minVolume: 0, riskType: 'complaint', dueHours: 24,
    ownerRole: 'consumer_protection', ownerUserId: handler.id,
  });
  // Evaluated a second after the receipt, so both fall on the same day (Asia/Shanghai) whenever the test runs.
  assert.ok((await evaluateRisk(s.server.runtime.deps, new Date(received.getTime() + 1_000))).raised >= 1, 'the indicator raised a warning');

  // The test clock moves past the decision's due time; the sweep and the outbox handlers run on that clock.
  const decide = await s.deps.db.selectFrom('complaint_deadline').select('effective_due_at').where('complaint_id', '=', id).where('step', '=', 'decide').executeTakeFirstOrThrow();
  const later = new Date(decide.effective_due_at.getTime() + 1_000);
  const deps: Deps = { ...s.server.runtime.deps, clock: () => later };
  assert.ok((await sweepSla(deps, later)).breached >= 1);
  const worker = new Worker({ deps, handlers: outboxHandlers, jobs: [], pollMs: 1000 });
  while ((await worker.relayOutbox()) > 0);

  const title = `投诉 ${trackingNo}「处理决定」已超时`;
  const mine = await s.deps.db.selectFrom('staff_notice').select(['id', 'title_zh', 'read_at']).where('user_id', '=', handler.id).execute();
  assert.equal(mine.filter((n) => n.title_zh === title).length, 1, 'one breach notice for the handler');
  assert.ok(mine.some((n) => n.title_zh.includes(MARKUP_NAME)), 'the risk notice for the handler');
  const unread = await unreadInDb(handler.id);
  assert.equal(unread, mine.length);

  const page = await signIn('handler1');
  await waitForBadge(page, unread);
  assert.equal(await page.getByTestId('notice-bell').getAttribute('aria-label'), `通知 (${unread})`);
  await page.getByTestId('notice-bell').click();
  const list = page.getByTestId('notice-list');
  const item = list.getByTestId('notice-item').filter({ hasText: title });
  await item.waitFor();
  const text = await item.innerText();
  assert.match(text, /已超时/);
  assert.match(text, /该投诉环节已超过截止时间，请立即处理。/);
  assert.match(text, new RegExp(`投诉编号：${trackingNo}`));
  assert.match(text, /未读/);
  assert.equal(await list.getByTestId('notice-item').count(), unread);

  // Markup in a notice is text: the characters are on the screen, no element is made from them.
  const risky = list.getByTestId('notice-item').filter({ hasText: '<img src=x' });
  await risky.waitFor();
  assert.ok((await risky.innerText()).includes(`风险警报：${MARKUP_NAME}`), await risky.innerText());
  assert.equal(await list.locator('img, b, i').count(), 0, 'nothing in the list is rendered markup');
  assert.equal(await page.evaluate(() => (globalThis as unknown as { __kesuXss?: number }).__kesuXss), undefined);
  await shot(page, 'bell-open');

  await item.click();
  await page.waitForURL(`**/app/complaints/${id}`);
  await page.getByTestId('tracking-no').filter({ hasText: trackingNo }).waitFor();
  await waitForBadge(page, unread - 1);
  const row = await s.deps.db.selectFrom('staff_notice').select('read_at').where('user_id', '=', handler.id).where('title_zh', '=', title).executeTakeFirstOrThrow();
  assert.ok(row.read_at, 'marked read in the database');
  assert.equal(await unreadInDb(handler.id), unread - 1);

  // Opened again: the notice is shown as read.
  await page.getByTestId('notice-bell').click();
  const again = page.getByTestId('notice-list').getByTestId('notice-item').filter({ hasText: title });
  await again.waitFor();
  assert.doesNotMatch(await again.innerText(), /未读/);
  await shot(page, 'bell-after-read');
  await page.keyboard.press('Escape');
});

test('an administrator sets a work e-mail (a wrong one refused by the server), sees it masked, stored encrypted, and clears it', async () => {
  const page = await signIn('admin1');
  await page.getByRole('menuitem', { name: '系统管理' }).click();
  await page.getByRole('tab', { name: '用户', exact: true }).click();
  const row = page.locator('tbody tr.ant-table-row').filter({ has: page.getByRole('cell', { name: 'agent1', exact: true }) });
  await row.waitFor();
  await row.getByText('未设置', { exact: true }).waitFor();

  const dialog = page.getByRole('dialog');
  await row.getByRole('button', { name: '编辑' }).click();
  await page.getByTestId('user-email-input').fill('zhang.wei@');
  await dialog.getByRole('button', { name: '保存' }).click();
  await page.getByTestId('user-form-error').getByText('电子邮箱地址不正确').waitFor();
  const stored = async () => (await s.deps.db.selectFrom('app_user').select('email_enc').where('username', '=', 'agent1').executeTakeFirstOrThrow()).email_enc;
  assert.equal(await stored(), null, 'nothing saved');

  await page.getByTestId('user-email-input').fill('zhang.wei@bank.example');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const shown = row.getByTestId('user-email');
  await shown.filter({ hasText: 'z********@bank.example' }).waitFor();
  assert.equal(await page.getByText('zhang.wei@bank.example').count(), 0, 'the address is not shown in clear');
  await shot(page, 'user-email-masked');

  const enc = await stored();
  assert.ok(enc, 'an address is stored');
  const raw = Buffer.isBuffer(enc) ? enc.toString('latin1') : String(enc);
  assert.ok(!raw.includes('zhang.wei'), 'stored encrypted, not in clear');
  assert.equal(await s.deps.keyring.decrypt('email', enc), 'zhang.wei@bank.example');

  // The edit form only says which address is set (masked) and offers to remove it.
  await row.getByRole('button', { name: '编辑' }).click();
  assert.equal(await page.getByTestId('user-email-current').innerText(), '当前为 z********@bank.example，留空则不变');
  assert.equal(await page.getByTestId('user-email-input').inputValue(), '');
  // The box is ticked (clicked again if a click landed while the dialog was still settling, as once under CI load),
  // and the address field is disabled once the form has taken it.
  const box = page.getByTestId('user-email-clear');
  for (let i = 0; i < 3 && !(await box.isChecked()); i++) await box.click();
  assert.equal(await box.isChecked(), true, 'removal ticked');
  for (let i = 0; !(await page.getByTestId('user-email-input').isDisabled()); i++) {
    assert.ok(i < 50, 'the address field is disabled once removal is ticked');
    await page.waitForTimeout(100);
  }
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await row.getByText('未设置', { exact: true }).waitFor();
  assert.equal(await row.getByTestId('user-email').count(), 0);
  assert.equal(await stored(), null, 'removed from the database');
});
