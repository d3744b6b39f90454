import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { analyticsDatabase } from './support.ts';
import { at, insertComplaint, orgTree } from './fixtures.ts';
import { exportRegulatory, run } from '../../src/cli/commands/report.ts';
import { safeText } from '../../src/app/analytics/workbook.ts';
import type { Io } from '../../src/cli/args.ts';
import { axisLayout, BUSINESS_AXIS, REASON_AXIS } from '../../src/core/metrics/axes.ts';

let d: Awaited<ReturnType<typeof analyticsDatabase>>;
let dir: string;
let u: Record<string, string>;

before(async () => {
  d = await analyticsDatabase();
  dir = mkdtempSync(join(tmpdir(), 'kesu-report-'));
  u = await orgTree(d.db);
  await d.db.updateTable('org_unit').set({ name: '=HYPERLINK("http://x")' }).where('id', '=', u.SH!).execute();
  const q1 = (day: number) => `2025-0${1 + (day % 3)}-${String(1 + (day % 27)).padStart(2, '0')}T10:00:00`;
  // 12 complaints in Q1: 5 in BJ's subtree, 6 in SH, 1 without a unit; one in April outside the period.
  const rows = [
    { unit: u.BJ01, channel: 'app', business: 'B03', reason: 'C08', outcome: 'upheld', closed: '2025-03-30T10:00:00',
      deadlines: [{ step: 'decide', policy: '2025-03-20T23:59:59', statutory: '2025-03-25T23:59:59', met: '2025-03-15T10:00:00' }] },
    { unit: u.BJ01, channel: 'app', channelCode: 'A0102', business: 'B03', reason: 'C02' },
    { unit: u.BJ, channel: 'branch', business: 'B02', reason: 'C01', major: true, outcome: 'not_upheld', closed: '2025-03-30T10:00:00',
      deadlines: [{ step: 'decide', policy: '2025-03-10T23:59:59', statutory: '2025-03-15T23:59:59', met: '2025-03-28T10:00:00' }] },
    { unit: u.BJ, channel: 'web', business: 'B04', reason: 'C10' },
    { unit: u.BJ, channel: 'regulator', referral: '12378', business: 'B03', reason: 'C08', outcome: 'partly_upheld', notified: '2025-02-20T10:00:00', closed: '2025-03-01T10:00:00' },
    { unit: u.SH, channel: 'phone', business: 'B06', reason: 'C04', mass: true, complainants: 40 },
    { unit: u.SH, channel: 'phone', channelCode: 'A02', business: 'B06', reason: 'C04' },
    { unit: u.SH, channel: 'sms', business: 'B99', reason: 'C99' },
    { unit: u.SH, channel: 'regulator', referral: '12363', business: null, reason: null },
    { unit: u.SH, channel: 'email', business: 'B01', reason: 'C03', product: '-1+2' },
    { unit: u.SH, channel: 'app', channelCode: 'A0103', business: 'B03', reason: 'C02' },
    { unit: null, channel: 'web', business: 'B04', reason: 'C10' },
  ];
  for (const [k, r] of rows.entries()) await insertComplaint(d.db, { received: q1(k), ...r });
  await insertComplaint(d.db, { received: '2025-04-02T10:00:00', unit: u.BJ, channel: 'app' });
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await d?.drop();
});

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Rows of a sheet below its header, as arrays of cell values (index 0 = column A). */
function table(ws: ExcelJS.Worksheet, headerRows: number): Array<Array<unknown>> {
  const out: Array<Array<unknown>> = [];
  ws.eachRow((row, n) => {
    if (n > 3 + headerRows) out.push((row.values as unknown[]).slice(1));
  });
  return out;
}

test('the workbook has the expected sheets, Chinese titles with the period, and totals that add up', async () => {
  const file = join(dir, 'q1.xlsx');
  const r = await exportRegulatory(d.db, { from: '2025-01-01', to: '2025-03-31', out: file, now: at('2025-04-03T09:15:00') });
  assert.deepEqual(r.sheets, ['按业务办理渠道', '按业务类别', '按投诉原因', '按机构', '办理时效', '重大及群体性投诉', '监管转办']);
  const wb = await open(file);
  assert.deepEqual(wb.worksheets.map((w) => w.name), r.sheets);
  const ch = wb.getWorksheet('按业务办理渠道')!;
  assert.equal(ch.getCell('A1').value, '金融消费者投诉统计表（按业务办理渠道）');
  assert.match(String(ch.getCell('A2').value), /统计期间：2025-01-01 至 2025-03-31.*生成时间：2025-04-03 09:15:00/);
  assert.equal(ch.getCell('C4').value, '前台');
  assert.ok(ch.getCell('C4').isMerged && ch.getCell('N4').isMerged, 'front office spans its columns');
  assert.equal(ch.getCell('E5').value, '电子渠道');
  const rows = table(ch, 3);
  const total = rows.find((x) => x[0] === '合计')!;
  assert.equal(total[1], 12, 'the April complaint is outside the period');
  // front-office subtotal (col 13) + middle/back office (col 14) + unclassified (col 15) = total
  assert.equal(typeof total[1], 'number');
  assert.equal(Number(total[13]) + Number(total[14]) + Number(total[15]), 12);
  assert.equal(total[14], 1, 'one coded A02');
  assert.equal(total[15], 2, 'two referrals without a channel code');
  assert.deepEqual(rows.map((x) => x[0]), ['总行本部', '北京分行', "'=HYPERLINK(\"http://x\")", '未归属机构', '合计']);
  assert.equal(rows.find((x) => x[0] === '北京分行')![1], 5, 'sub-branch rolled up into its branch');

  const unit = table(wb.getWorksheet('按机构')!, 1);
  const unitTotal = unit.find((x) => x[0] === '合计')!;
  assert.deepEqual([unitTotal[1], unitTotal[3]], [12, 3]);
  assert.equal(unitTotal[5], 0.6667, 'rates are numbers with a percent format');
  assert.equal(wb.getWorksheet('按机构')!.getRow(5 + unit.indexOf(unitTotal)).getCell(6).numFmt, '0.0%');

  // Business category and reason: every complaint in exactly one leaf column or 未分类, group columns being subtotals.
  for (const [axis, codes] of [[BUSINESS_AXIS, { B03: 4, B06: 2, B99: 1 }], [REASON_AXIS, { C08: 2, C04: 2, C02: 2, C10: 2, C99: 1 }]] as const) {
    const cols = axisLayout(axis).columns;
    const ws = wb.getWorksheet(`按${axis.zh}`)!;
    const t = table(ws, axisLayout(axis).headerRows).find((x) => x[0] === '合计')!;
    assert.equal(t[1], 12, axis.zh);
    const leaves = cols.map((c, k) => (c.key.startsWith('group:') ? 0 : Number(t[2 + k] ?? 0))).reduce((a, b) => a + b, 0);
    assert.equal(leaves + Number(t[2 + cols.length]), 12, `${axis.zh}: leaves + 未分类 = 合计`);
    assert.equal(t[2 + cols.length], 1, `${axis.zh}: one complaint without a code`);
    for (const [code, n] of Object.entries(codes)) assert.equal(t[2 + cols.findIndex((c) => c.key === code)], n, `${axis.zh} ${code}`);
  }

  // Timeliness: decisions of the period, one in time and one late on both clocks.
  const timely = table(wb.getWorksheet('办理时效')!, 2);
  const tt = timely.find((x) => x[0] === '合计')!;
  assert.deepEqual([tt[5], tt[6], tt[11], tt[12]], [0.5, 0.5, 1, 1], 'decision rate within policy / statutory limit; breaches');
  assert.deepEqual(timely.find((x) => x[0] === '北京分行')!.slice(5, 7), [0.5, 0.5], 'BJ01 rolls up into 北京分行');

  const majors = table(wb.getWorksheet('重大及群体性投诉')!, 1);
  assert.equal(majors.length, 3);
  assert.deepEqual(majors.slice(0, 2).map((x) => x[3]).sort(), ['群体性', '重大']);
  const refs = table(wb.getWorksheet('监管转办')!, 2);
  assert.deepEqual(refs.map((x) => [x[0], x[1]]), [['12363（中国人民银行）', 1], ['12378（金融监管总局）', 1], ['合计', 2]]);
  assert.deepEqual(refs[2]!.slice(2), [1, 1, 0, 1, 0, 1]);
});

test('the CSV variant has one file per sheet, readable by spreadsheets and neutralised', async () => {
  const csvDir = join(dir, 'csv');
  await exportRegulatory(d.db, { from: '2025-01-01', to: '2025-03-31', out: join(dir, 'q1b.xlsx'), csvDir, now: at('2025-04-03T09:15:00') });
  const files = readdirSync(csvDir).sort();
  assert.equal(files.length, 7);
  assert.equal(files[0], '01-按业务办理渠道.csv');
  const text = readFileSync(join(csvDir, files[0]!), 'utf8');
  assert.ok(text.startsWith('\uFEFF金融消费者投诉统计表'));
  assert.match(text, /\r\n"'=HYPERLINK\(""http:\/\/x""\)",6,/);
  assert.match(text, /\r\n合计,12,/);
});

test('cells that a spreadsheet would run as formulas are neutralised', () => {
  assert.deepEqual(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'ok', '正常'].map(safeText), ["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", 'ok', '正常']);
});

test('kesu report refuses a missing or reversed period before touching the database', async () => {
  const err: string[] = [];
  const io: Io = { stdout: () => undefined, stderr: (s) => err.push(s), stdin: process.stdin };
  assert.equal(await run(['regulatory', '--from', '2025-03-31', '--to', '2025-01-01', '--out', 'x.xlsx'], io), 2);
  assert.equal(await run(['regulatory', '--from', '2025-01-01', '--to', '2025-03-31'], io), 2);
  assert.equal(await run(['nothing'], io), 2);
  assert.match(err.join(''), /usage: kesu report regulatory/);
});
