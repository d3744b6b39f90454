// The console's administration of policy data in a real browser (Debian's chromium through playwright-core)
// against a real Kesu server: an administrator imports a calendar year (the server's refusal listed line by
// line first), the make-up-day switch round-trips and changes computed due dates, a routing rule is added, edited
// and deleted, a code table version is staged, put in force and rolled back, the handling rules are changed, the SLA
// policy and a template preview read as text; a handler sees no administration at all.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ConsoleHarness, artifactsDir, chooseOption, type ConsoleServer } from './support.ts';
import { currentCalendar, currentSlaPolicy } from '../../src/app/config/calendar.ts';
import { computeDeadlines } from '../../src/core/sla/deadlines.ts';

const h = new ConsoleHarness('console-admin');
const test = h.test.bind(h);
const signIn = (username: string) => h.signedIn(username);
const shot = (page: Page, name: string) => h.shot(page, name);
let s: ConsoleServer;

before(async () => {
  s = await h.start();
  await s.unit('HQ', '总行', 'head_office');
  await s.unit('BJ', '北京分行', 'branch', 'HQ');
  await s.unit('BJ01', '北京海淀支行', 'sub_branch', 'BJ');
  await s.user('admin1', '管理员', ['admin'], 'HQ', { totp: true });
  await s.user('handler1', '处理人甲', ['handler'], 'BJ01', { totp: true });
});

after(() => h.close());

async function adminTab(page: Page, tab: string): Promise<void> {
  if (!page.url().endsWith('/app/admin')) await page.getByRole('menuitem', { name: '系统管理' }).click();
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const r = await page.request.get(`${s.url}/api/v1${path}`);
  assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
  return (await r.json()) as T;
}

/** The policy due date of the decision for a general complaint received on 30 Sep 2027, by the calendar in force. */
function decisionDueDate(): string {
  const r = computeDeadlines({ receivedAt: '2027-09-30T10:00:00+08:00', complexity: 'general' }, currentSlaPolicy(), currentCalendar());
  return r.steps.find((x) => x.step === 'decide')!.policyDue!.slice(0, 10);
}

// National Day week off, one Saturday worked in exchange (invented data for the test).
const YEAR_2027 = {
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试数据）',
  years: { '2027': { holidays: ['2027-01-01', '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'], workdays: ['2027-10-09'] } },
};

interface CalendarDoc {
  coverage: number[];
  adjustedWorkdaysAreWorkingDays: boolean;
  imported: Array<{ year: number; source: string | null; holidays: number; workdays: number }>;
}

test('an administrator imports a calendar year: refusals are listed line by line, then the year is listed and in force', async () => {
  const page = await signIn('admin1');
  await adminTab(page, '日历');
  const coverage = page.getByTestId('calendar-coverage');
  await coverage.getByText('2026').waitFor();
  assert.doesNotMatch(await coverage.innerText(), /2027/);
  assert.equal(await page.getByRole('switch', { name: '调休上班日按工作日计' }).getAttribute('aria-checked'), 'true');
  const before = decisionDueDate();

  await page.getByTestId('calendar-import').click();
  const dialog = page.getByRole('dialog');
  // A file whose dates contradict each other: the server's own checks, one line per problem.
  await page.getByTestId('calendar-json-file').setInputFiles({
    name: 'holidays-2027.json',
    mimeType: 'application/json',
    // The single-year form `kesu calendar import` also reads (docs/deadlines.md).
    buffer: Buffer.from(JSON.stringify({ year: 2027, holidays: ['2027-10-01', '2027-10-02'], workdays: ['2027-10-02', '2027-10-08'], $comment: 'draft' })),
  });
  await dialog.getByText('holidays-2027.json').waitFor();
  await page.getByTestId('calendar-dialog-ok').click();
  const errors = page.getByTestId('calendar-dialog-error');
  await errors.getByText('节假日日历文件不合法').waitFor();
  const lines = await errors.locator('li').allInnerTexts();
  assert.ok(lines.includes('years.2027.workdays: 同一日期既是节假日又是调休上班日: 2027-10-02'), lines.join('\n'));
  assert.ok(lines.includes('years.2027.workdays: 调休上班日必须是周六或周日: 2027-10-08'), lines.join('\n'));
  await shot(page, 'calendar-refused');

  // Not a date at all: refused by the calendar parser (the same as `kesu calendar import`'s), named by where it is.
  await page.getByTestId('calendar-json').fill(JSON.stringify({ years: { '2027': { holidays: ['2027-02-30'], workdays: [] } } }));
  await page.getByTestId('calendar-dialog-ok').click();
  await errors.getByText('years.2027.holidays[0]: 日期无效（应为 YYYY-MM-DD）: "2027-02-30"').waitFor();
  // Not JSON: said before anything is sent.
  await page.getByTestId('calendar-json').fill('{"years": {');
  await page.getByTestId('calendar-dialog-ok').click();
  await errors.getByText(/^不是有效的 JSON/).waitFor();

  await page.getByTestId('calendar-json').fill(JSON.stringify(YEAR_2027, null, 2));
  await page.getByTestId('calendar-dialog-ok').click();
  await page.getByText('已导入 2027 年度日历').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  const row = page.getByTestId('calendar-years').locator('tbody tr').filter({ hasText: '2027' });
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[0], '2027');
  assert.equal(cells[1], YEAR_2027.source);
  assert.equal(cells[2], '8', 'holidays');
  assert.equal(cells[3], '1', 'adjusted working days');
  // Imported "now", shown in Beijing time although the browser runs in New York.
  const beijingToday = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  assert.ok(cells[4]!.startsWith(beijingToday), `imported at ${cells[4]} (Beijing date ${beijingToday})`);
  await coverage.getByText('2027').waitFor();
  await shot(page, 'calendar');

  const cal = await getJson<CalendarDoc>(page, '/calendar');
  assert.ok(cal.coverage.includes(2027));
  assert.deepEqual(cal.imported.map((y) => [y.year, y.source, y.holidays, y.workdays]), [[2027, YEAR_2027.source, 8, 1]]);
  // Due dates now skip the National Day week and count the Saturday worked: 8, 9 (Sat), 11–15 Oct.
  assert.notEqual(before, '2027-10-15');
  assert.equal(decisionDueDate(), '2027-10-15');
});

test('the make-up working day switch round-trips through the server and changes computed due dates', async () => {
  const page = await signIn('admin1');
  await adminTab(page, '日历');
  const sw = page.getByRole('switch', { name: '调休上班日按工作日计' });
  assert.equal(await sw.getAttribute('aria-checked'), 'true');
  await sw.click();
  await page.getByText('关：调休上班日视为休息日').waitFor();
  assert.equal((await getJson<CalendarDoc>(page, '/calendar')).adjustedWorkdaysAreWorkingDays, false);
  // Saturday 9 Oct no longer counts: 8, 11–15, 18 Oct.
  assert.equal(decisionDueDate(), '2027-10-18');
  await page.reload();
  await adminTab(page, '日历');
  await page.getByText('关：调休上班日视为休息日').waitFor();
  assert.equal(await sw.getAttribute('aria-checked'), 'false', 'still off after a reload');
  await sw.click();
  await page.getByText('开：调休上班日按工作日计算时限').waitFor();
  assert.equal(await sw.getAttribute('aria-checked'), 'true');
  assert.equal((await getJson<CalendarDoc>(page, '/calendar')).adjustedWorkdaysAreWorkingDays, true);
  assert.equal(decisionDueDate(), '2027-10-15');
});

test('a routing rule is added, edited in place and deleted', async () => {
  const page = await signIn('admin1');
  await adminTab(page, '分派规则');
  const table = page.getByTestId('routing-table');
  await table.getByText('暂无分派规则：投诉由受理机构处理').waitFor();

  await page.getByTestId('routing-add').click();
  const dialog = page.getByRole('dialog');
  const pick = (label: string, option: string) => chooseOption(page, dialog.getByLabel(label, { exact: true }), option);
  // Required handling unit: the form says so before anything is sent.
  await page.getByTestId('routing-dialog-ok').click();
  await dialog.getByText('此项为必填项').waitFor();
  await pick('受理机构范围', '北京海淀支行 (BJ01)');
  await pick('投诉分类', '产品类');
  await pick('处理机构', '北京分行 (BJ)');
  await dialog.getByLabel('优先级').fill('10');
  await page.getByTestId('routing-dialog-ok').click();
  await page.getByText('已新建分派规则').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  const row = table.locator('tbody tr.ant-table-row');
  await row.first().waitFor();
  const cells = await row.first().locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(0, 6), ['10', '北京海淀支行 (BJ01)', '不限', '产品类', '不限', '北京分行 (BJ)']);
  await shot(page, 'routing');
  const rules = await getJson<{ items: Array<Record<string, unknown>> }>(page, '/routing-rules');
  assert.equal(rules.items.length, 1);
  assert.deepEqual(
    { ...rules.items[0], id: undefined },
    { id: undefined, priority: 10, orgUnitId: s.units.BJ01, businessCode: null, category: 'product', channel: null, targetUnitId: s.units.BJ },
  );

  // Edit: the dialog opens filled with the rule; a new target and priority replace it, still one rule.
  await row.first().getByTestId('routing-edit').click();
  await dialog.getByText('修改分派规则').waitFor();
  assert.equal(await dialog.getByLabel('优先级').inputValue(), '10');
  await dialog.getByText('北京海淀支行 (BJ01)').waitFor();
  await pick('处理机构', '总行 (HQ)');
  await dialog.getByLabel('优先级').fill('20');
  await page.getByTestId('routing-dialog-ok').click();
  await page.getByText('已修改分派规则；已分派的投诉不受影响').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await table.getByText('总行 (HQ)').waitFor();
  assert.deepEqual((await row.first().locator('td').allInnerTexts()).slice(0, 6), ['20', '北京海淀支行 (BJ01)', '不限', '产品类', '不限', '总行 (HQ)']);
  const edited = await getJson<{ items: Array<Record<string, unknown>> }>(page, '/routing-rules');
  assert.deepEqual(edited.items.map((r) => [r.id, r.priority, r.targetUnitId, r.category]), [[rules.items[0]!.id, 20, s.units.HQ, 'product']]);

  await row.first().getByTestId('routing-delete').click();
  await page.getByRole('tooltip').getByRole('button', { name: '确定' }).click();
  await page.getByText('已删除分派规则').waitFor();
  await table.getByText('暂无分派规则：投诉由受理机构处理').waitFor();
  assert.equal((await getJson<{ items: unknown[] }>(page, '/routing-rules')).items.length, 0);
});

test('a user who asked the system for less motion gets dialogs without their zoom; others see it', async () => {
  const page = await signIn('admin1');
  await adminTab(page, '分派规则');
  // Records whether the zoom animation ran while the dialog opened: Ant Design marks its running step "-active".
  const zoomedWhileOpening = async (): Promise<boolean> => {
    // Page-side script as text: the server's TypeScript settings have no DOM types.
    await page.evaluate(`(() => {
      const active = (cls) => typeof cls === 'string' && /\\bant-zoom-(appear|enter)-active\\b/.test(cls);
      window.zoomSeen = false;
      window.zoomObserver?.disconnect();
      window.zoomObserver = new MutationObserver((records) => {
        for (const r of records) {
          // The class before this change and now: a step can come and go before the callback runs.
          if (r.type === 'attributes' && (active(r.oldValue) || active(r.target.className))) window.zoomSeen = true;
          for (const n of r.addedNodes) if (n instanceof Element && (active(n.className) || n.querySelector('[class*="ant-zoom"][class*="-active"]'))) window.zoomSeen = true;
        }
      });
      window.zoomObserver.observe(document.body, { subtree: true, childList: true, attributes: true, attributeOldValue: true, attributeFilter: ['class'] });
    })()`);
    await page.getByTestId('routing-add').click();
    await page.getByRole('dialog').getByText('新建分派规则').waitFor();
    // Cancel only once any animation is over (a click during the zoom can miss the moving button).
    await page.locator('.ant-modal:not([class*="ant-zoom"])').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    return (await page.evaluate('window.zoomSeen')) === true;
  };
  assert.equal(await zoomedWhileOpening(), false, 'reduced motion: the dialog appears at once');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  // The console hears the change as a media-query event and re-renders; two frames later that has been committed.
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  try {
    assert.equal(await zoomedWhileOpening(), true, 'full motion: the dialog zooms in');
  } finally {
    await page.emulateMedia({ reducedMotion: 'reduce' });
  }
});

test('a code table version is loaded without putting it in force, put in force later, and the shipped one put back', async () => {
  const page = await signIn('admin1');
  await adminTab(page, '代码表');
  const versions = page.getByTestId('codes-versions');
  const rowOf = (version: string) => versions.locator('tbody tr.ant-table-row').filter({ hasText: version });
  const shipped = (await getJson<{ active: { version: string } }>(page, '/code-tables')).active.version;
  await rowOf(shipped).getByText('现行').waitFor();
  assert.deepEqual((await rowOf(shipped).locator('td').allInnerTexts()).filter((c) => c.includes('系统')), ['系统（内置）'], 'the shipped table was loaded by the system, not by an id');

  await page.getByTestId('codes-load').click();
  const table = { version: 'bank-2027.9', channel: [{ code: 'A01', zh: '柜面', en: 'Counter' }], business: [{ code: 'B01', zh: '储蓄', en: 'Savings' }], reason: [{ code: 'C66', zh: '暂存原因', en: 'Staged reason' }] };
  await page.getByTestId('codes-json').fill(JSON.stringify(table));
  await page.getByRole('dialog').getByRole('switch').click(); // off: stage it only
  await page.getByTestId('codes-dialog-ok').click();
  await page.getByText('已载入代码表 bank-2027.9').waitFor();
  await rowOf('bank-2027.9').getByText('未启用').waitFor();
  assert.ok((await rowOf('bank-2027.9').innerText()).includes('管理员'), 'the loader is named');
  await page.getByText(`现行代码表 ${shipped}`).waitFor();

  await page.getByTestId('codes-activate-bank-2027.9').click();
  await page.getByRole('tooltip').getByText('启用代码表 bank-2027.9？').waitFor();
  await page.getByRole('tooltip').getByRole('button', { name: '确定' }).click();
  await page.getByText('代码表 bank-2027.9 已启用').waitFor();
  await page.getByText('现行代码表 bank-2027.9').waitFor();
  await rowOf('bank-2027.9').getByText('现行').waitFor();
  assert.equal(await page.getByTestId('codes-activate-bank-2027.9').count(), 0, 'the version in force offers no switch to itself');
  assert.equal((await getJson<{ active: { version: string } }>(page, '/code-tables')).active.version, 'bank-2027.9');
  await shot(page, 'code-tables');

  await page.getByTestId(`codes-activate-${shipped}`).click();
  await page.getByRole('tooltip').getByRole('button', { name: '确定' }).click();
  await page.getByText(`代码表 ${shipped} 已启用`).waitFor();
  await page.getByText(`现行代码表 ${shipped}`).waitFor();
  assert.equal((await getJson<{ active: { version: string } }>(page, '/code-tables')).active.version, shipped);
});

test('the handling rules start from the rules in force; an out-of-range window is refused by the form, a valid change is saved', async () => {
  const page = await signIn('admin1');
  await adminTab(page, '时限策略');
  const card = page.getByTestId('handling-rules');
  const days = card.getByLabel('重复投诉识别期');
  await card.getByText('投诉处理规则').waitFor();
  for (let i = 0; (await days.inputValue()) !== '90'; i++) {
    assert.ok(i < 100, 'the form shows the window in force');
    await page.waitForTimeout(50);
  }
  const inPerson = card.getByRole('switch', { name: '重大投诉须当面反馈处理结果' });
  assert.equal(await inPerson.getAttribute('aria-checked'), 'true');

  await days.fill('');
  await page.getByTestId('handling-rules-save').click();
  await card.getByText('请输入 1 至 365 之间的整数天数').waitFor();
  assert.equal((await getJson<{ repeatWindowDays: number }>(page, '/complaint-policy')).repeatWindowDays, 90, 'nothing was sent');

  await days.fill('45');
  await inPerson.click();
  await page.getByTestId('handling-rules-save').click();
  await page.getByText('已保存').waitFor();
  assert.deepEqual(await getJson(page, '/complaint-policy'), { repeatWindowDays: 45, majorRequiresInPersonFeedback: false, notifyCustomerOnFirstExtension: false });
  await shot(page, 'handling-rules');

  // Back to the defaults through the API, so the other tests see the rules they expect.
  const reset = await page.request.put(`${s.url}/api/v1/complaint-policy`, {
    data: { repeatWindowDays: 90, majorRequiresInPersonFeedback: true, notifyCustomerOnFirstExtension: false },
    headers: { 'x-csrf-token': (await getJson<{ csrfToken: string }>(page, '/auth/me')).csrfToken },
  });
  assert.equal(reset.status(), 200, await reset.text());
});

test('the SLA policy reads as steps with both clocks, and a template preview shows the rendered HTML as text', async () => {
  const page = await signIn('admin1');
  await adminTab(page, '时限策略');
  const decide = page.getByTestId('sla-table').locator('tbody tr').filter({ has: page.getByRole('cell', { name: '处理决定', exact: true }) });
  const text = await decide.innerText();
  assert.match(text, /一般：7 个工作日/);
  assert.match(text, /15 日；延期 30 日；经批准 60 日/);
  assert.match(text, /12363 转办：15 \/ 60 \/ 60 日/);
  await shot(page, 'sla');
  // A policy the server refuses: its problems listed.
  await page.getByTestId('sla-edit').click();
  const policy = JSON.parse(await page.getByTestId('sla-json').inputValue()) as { steps: { decide: { statutory: { days: number[] } } } };
  policy.steps.decide.statutory.days = [15, 0, 60];
  await page.getByTestId('sla-json').fill(JSON.stringify(policy));
  await page.getByTestId('sla-dialog-ok').click();
  await page.getByTestId('sla-dialog-error').getByText('decide.statutory: invalid days 15/0/60').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: '取消' }).click();

  await adminTab(page, '通知模板');
  const ack = page.getByTestId('templates-table').locator('tbody tr.ant-table-row').filter({ hasText: '受理回执' });
  await ack.getByRole('button', { name: '编辑' }).click();
  const dialog = page.getByRole('dialog');
  const subject = dialog.getByLabel('邮件主题', { exact: true });
  const original = await subject.inputValue();
  // Markup in a plain-text field: the server's template check names the field.
  await subject.fill('<b>投诉受理回执</b> {{tracking_no}}');
  await page.getByTestId('template-preview').click();
  await dialog.getByText('zh-CN · subject: zh-CN.subject 不能包含 HTML / must not contain HTML').waitFor();
  await subject.fill(original);
  await page.getByTestId('template-preview').click();
  const preview = page.getByTestId('template-preview-result');
  await preview.waitFor();
  const shown = await preview.innerText();
  assert.match(shown, /投诉受理回执（编号：/);
  // The HTML body is shown as its source: the tags are characters on the screen, no element is made from them.
  assert.match(shown, /<p>尊敬的/);
  assert.match(shown, /<strong>/);
  assert.equal(await preview.locator('strong, a[href]').count(), 0, 'nothing in the preview is rendered markup');
  assert.match(shown, /条短信计费/);
  await preview.screenshot({ path: join(artifactsDir(), 'console-admin-template-preview.png') });
  await dialog.getByRole('button', { name: '取消' }).click();
});

test('a handler sees no administration: no menu entry, no tabs, and the server refuses the data', async () => {
  const page = await signIn('handler1');
  assert.equal(await page.getByRole('menuitem', { name: '系统管理' }).count(), 0);
  await page.goto(`${s.url}/app/admin`);
  await page.getByText('您没有查看此页面的权限').waitFor();
  assert.equal(await page.getByRole('tab').count(), 0);
  await shot(page, 'handler');
  for (const path of ['/routing-rules', '/notification-templates', '/notifications/dead-letters']) {
    assert.equal((await page.request.get(`${s.url}/api/v1${path}`)).status(), 403, path);
  }
  const { csrfToken } = await getJson<{ csrfToken: string }>(page, '/auth/me');
  const r = await page.request.put(`${s.url}/api/v1/calendar/settings`, { data: { adjustedWorkdaysAreWorkingDays: false }, headers: { 'x-csrf-token': csrfToken } });
  assert.equal(r.status(), 403);
  assert.equal(((await r.json()) as { error: { code: string } }).error.code, 'FORBIDDEN');
  assert.equal((await getJson<CalendarDoc>(page, '/calendar')).adjustedWorkdaysAreWorkingDays, true);
});
