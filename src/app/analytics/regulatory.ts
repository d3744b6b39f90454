// The regulatory statistics report (reference/regulations.md §3): one sheet per JR/T 0169 axis (a row per org
// unit, a total column, the axis hierarchy as grouped columns with subtotals), then by org unit, timeliness,
// major and mass complaints, and regulator referrals. Counts cover complaints received in the period (Asia/Shanghai
// dates, merged duplicates excluded). Counts come from the metric rollups, so they follow the dashboards'
// definitions exactly: refresh them first (exportRegulatory and the API route do). This module builds the sheets
// as data; workbook.ts writes them.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AXES, axisLayout, leafFor, type Axis } from '../../core/metrics/axes.ts';
import { computeMetrics } from '../../core/metrics/definitions.ts';
import { emptySums, MEASURES, TIMELINESS_STEPS, type Sums } from '../../core/metrics/measures.ts';
import { addDays, type CivilDate } from '../../core/metrics/periods.ts';
import { formatShanghai, startOfDayShanghai } from '../../core/sla/time.ts';
import { describeCode } from '../../core/classify/codes.ts';
import { denominatorsFor, metricUnitByValue, singleRootPath, type QueryFilter } from './query.ts';

export type Cell = string | number | null | { pct: number | null };
export interface HeaderSpan { row: number; col: number; rowSpan: number; colSpan: number; text: string }
export interface Sheet {
  name: string;
  title: string;
  subtitle: string;
  columns: number;
  headerRows: number;
  header: HeaderSpan[];
  rows: Cell[][];
}
export interface Report { from: CivilDate; to: CivilDate; generatedAt: Date; sheets: Sheet[] }

interface ReportUnit { key: string; name: string }

const STATE_ZH: Record<string, string> = {
  registered: '已登记', accepted: '已受理', classified: '已分类', assigned: '已分派', in_progress: '处理中', awaiting_info: '补充材料',
  decided: '已决定', feedback_sent: '已反馈', review_requested: '复核中', review_decided: '已复核', followed_up: '已回访', closed: '已办结', archived: '已归档',
};
const OUTCOME_ZH: Record<string, string> = { upheld: '支持', partly_upheld: '部分支持', not_upheld: '不支持' };
const STEP_ZH: Record<string, string> = { acknowledge: '受理登记', classify: '初步分类', start: '开始处理', firstResponse: '首次回应', decide: '处理决定', notify: '结果告知', reviewDecide: '复核决定' };

/** Report rows: the head office itself, then each unit directly below it (its subtree), then unattributed. */
async function reportUnits(db: Kysely<DB>): Promise<{ parentPath: string; units: ReportUnit[] }> {
  const parentPath = (await singleRootPath(db)) ?? '/';
  const parentId = parentPath.split('/').filter(Boolean)[0] ?? null;
  const all = await db.selectFrom('org_unit').select(['id', 'name', 'path', 'parent_id', 'code']).orderBy('code').execute();
  const units: ReportUnit[] = [];
  const root = all.find((u) => u.id === parentId);
  if (root) units.push({ key: '', name: `${root.name}本部` });
  for (const u of all) if ((parentId ? u.parent_id === parentId : u.parent_id === null)) units.push({ key: u.id, name: u.name });
  return { parentPath, units };
}

function span(row: number, col: number, text: string, rowSpan = 1, colSpan = 1): HeaderSpan {
  return { row, col, rowSpan, colSpan, text };
}

function axisSheet(axis: Axis, units: ReportUnit[], counts: Map<string, Map<string | null, number>>, titles: { title: string; subtitle: string }): Sheet {
  const layout = axisLayout(axis);
  const h = layout.headerRows;
  const header = [span(0, 0, '机构', h), span(0, 1, '合计', h), ...layout.header.map((c) => span(c.row, c.col + 2, c.zh, c.rowSpan, c.colSpan))];
  header.push(span(0, layout.columns.length + 2, '未分类', h));
  const rowFor = (m: Map<string | null, number>): number[] => {
    const byLeaf = (code: string) => m.get(code) ?? 0;
    const cols = layout.columns.map((c) => c.leafCodes.reduce((a, code) => a + byLeaf(code), 0));
    const unclassified = m.get(null) ?? 0;
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    return [total, ...cols, unclassified];
  };
  const rows: Cell[][] = units.map((u) => [u.name, ...rowFor(counts.get(u.key) ?? new Map())]);
  const sum = new Map<string | null, number>();
  for (const m of counts.values()) for (const [k, v] of m) sum.set(k, (sum.get(k) ?? 0) + v);
  rows.push(['合计', ...rowFor(sum)]);
  return { name: `按${axis.zh}`, ...titles, columns: layout.columns.length + 3, headerRows: h, header, rows };
}

const pct = (v: number | null): Cell => ({ pct: v });

/** Builds every sheet of the report for complaints received from `from` to `to` (inclusive dates), from one
 * consistent snapshot (a read-only transaction; a long period may outlast the pool's statement timeout). */
export async function buildRegulatoryReport(db: Kysely<DB>, from: CivilDate, to: CivilDate, now: Date): Promise<Report> {
  return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
    await sql`SET LOCAL statement_timeout = '10min'`.execute(trx);
    return build(trx, from, to, now);
  });
}

async function build(db: Kysely<DB>, from: CivilDate, to: CivilDate, now: Date): Promise<Report> {
  const start = new Date(startOfDayShanghai(from));
  const end = new Date(startOfDayShanghai(addDays(to, 1)));
  const subtitle = `统计期间：${from} 至 ${to}\u3000\u3000生成时间：${formatShanghai(now.getTime()).slice(0, 19).replace('T', ' ')}（北京时间）\u3000\u3000单位：件`;
  const { parentPath, units } = await reportUnits(db);
  const range = sql`c.received_at >= ${start} AND c.received_at < ${end} AND c.merged_into IS NULL AND c.state <> 'merged'`;

  // Axis counts per report unit, from the rollups (the intake channel already stands in for a missing A code).
  const f: QueryFilter = { from, to, scope: { unitId: null, path: null } };
  const axisCounts: Array<{ axis: Axis; counts: Map<string, Map<string | null, number>> }> = [];
  for (const axis of AXES) {
    const dim = axis.id === 'channel' ? 'channel_code' : axis.id === 'business' ? 'business_code' : 'reason_code';
    const counts = new Map<string, Map<string | null, number>>();
    for (const r of await metricUnitByValue(db, f, dim, parentPath)) {
      const leaf = leafFor(axis, r.val || null);
      const m = counts.get(r.key) ?? new Map<string | null, number>();
      m.set(leaf, (m.get(leaf) ?? 0) + r.sums.n!);
      counts.set(r.key, m);
    }
    axisCounts.push({ axis, counts });
  }
  if (axisCounts[0]!.counts.has('none')) units.push({ key: 'none', name: '未归属机构' });
  const sheets: Sheet[] = axisCounts.map(({ axis, counts }) => axisSheet(axis, units, counts, { title: `金融消费者投诉统计表（按${axis.zh}）`, subtitle }));

  // Measures per report unit (same definitions and rollups as the dashboards).
  const facts = await metricUnitByValue(db, f, null, parentPath);
  const sumsOf = new Map<string, Sums>();
  for (const r of facts) sumsOf.set(r.key, r.sums);
  const total = emptySums();
  for (const s of sumsOf.values()) for (const m of MEASURES) total[m] = total[m]! + s[m]!;
  const den = await denominatorsFor(db, units.map((u) => (u.key === '' || u.key === 'none' ? null : u.key)), to);
  const unitRows = [...units.map((u) => ({ name: u.name, sums: sumsOf.get(u.key) ?? emptySums(), den: u.key && u.key !== 'none' ? den.get(u.key) : undefined })),
    { name: '合计', sums: total, den: (await denominatorsFor(db, [null], to)).get(null) }];

  const unitCols = ['投诉量', '受理量', '办结量', '未办结量', '化解率', '满意率', '复核申请量', '复核改变量', '重复投诉量', '重大投诉', '群体性投诉', '监管转办', '超法定时限件数', '万名客户投诉量'];
  sheets.push({
    name: '按机构', title: '金融消费者投诉统计表（按机构）', subtitle, columns: unitCols.length + 1, headerRows: 1,
    header: [span(0, 0, '机构'), ...unitCols.map((t, k) => span(0, k + 1, t))],
    rows: unitRows.map(({ name, sums, den: d }) => {
      const v = computeMetrics(sums, ['resolution_rate', 'satisfaction_rate', 'per_10k_customers'], d ?? {});
      return [name, sums.n!, sums.accepted!, sums.closed!, sums.open_n!, pct(v.resolution_rate!), pct(v.satisfaction_rate!), sums.review_n!, sums.overturned!,
        sums.repeat_n!, sums.major_n!, sums.mass_n!, sums.referral_n!, sums.stat_breach!, v.per_10k_customers === null ? null : Math.round(v.per_10k_customers! * 100) / 100];
    }),
  });

  const steps = TIMELINESS_STEPS.filter((s) => ['acknowledge', 'classify', 'decide', 'notify', 'reviewDecide'].includes(s.step));
  const tHeader = [span(0, 0, '机构', 2), ...steps.flatMap((s, k) => [span(0, 1 + k * 2, STEP_ZH[s.step]!, 1, 2), span(1, 1 + k * 2, '内部时限达标率'), span(1, 2 + k * 2, '法定时限达标率')])];
  const bCol = 1 + steps.length * 2;
  tHeader.push(span(0, bCol, '超时件数', 1, 2), span(1, bCol, '超内部时限'), span(1, bCol + 1, '超法定时限'));
  sheets.push({
    name: '办理时效', title: '投诉办理时效统计表', subtitle, columns: bCol + 2, headerRows: 2, header: tHeader,
    rows: unitRows.map(({ name, sums }) => {
      const v = computeMetrics(sums, steps.flatMap((s) => [`${s.prefix}_policy_rate`, `${s.prefix}_statutory_rate`]));
      return [name, ...steps.flatMap((s) => [pct(v[`${s.prefix}_policy_rate`]!), pct(v[`${s.prefix}_statutory_rate`]!)]), sums.pol_breach!, sums.stat_breach!];
    }),
  });

  const list = await sql<{ tracking_no: string; received_at: Date; unit: string | null; major: boolean; mass: boolean; complainant_count: number; business_code: string | null; reason_code: string | null; state: string; outcome: string | null; closed_at: Date | null; referral_source: string | null; referral_ref: string | null; channel: string; decision_notified_at: Date | null; referral_due_at: Date | null }>`
    SELECT c.tracking_no, c.received_at, u.name AS unit, c.major, c.mass, c.complainant_count, c.business_code, c.reason_code, c.state,
      c.decision->>'outcome' AS outcome, c.closed_at, c.referral_source, c.referral_ref, c.channel, c.decision_notified_at, c.referral_due_at
    FROM complaint c LEFT JOIN org_unit u ON u.id = COALESCE(c.org_unit_id, c.handling_unit_id)
    WHERE ${range} AND (c.major OR c.mass OR c.channel = 'regulator' OR c.referral_source IS NOT NULL) ORDER BY c.received_at, c.tracking_no`.execute(db);
  const day = (d: Date | null) => (d ? formatShanghai(d.getTime()).slice(0, 10) : null);
  const codeName = (c: string | null) => (c ? `${c} ${describeCode(c)?.zh ?? ''}`.trim() : null);
  const majors = list.rows.filter((r) => r.major || r.mass);
  const mCols = ['投诉编号', '受理日期', '机构', '类型', '投诉人数', '业务类别', '投诉原因', '当前状态', '处理结果', '办结日期'];
  sheets.push({
    name: '重大及群体性投诉', title: '重大及群体性投诉明细表', subtitle, columns: mCols.length, headerRows: 1, header: mCols.map((t, k) => span(0, k, t)),
    rows: [...majors.map((r) => [r.tracking_no, day(r.received_at), r.unit, r.mass ? (r.major ? '重大、群体性' : '群体性') : '重大', r.complainant_count,
      codeName(r.business_code), codeName(r.reason_code), STATE_ZH[r.state] ?? r.state, r.outcome ? (OUTCOME_ZH[r.outcome] ?? r.outcome) : null, day(r.closed_at)]),
      ['合计', `${majors.length} 件`, null, null, majors.reduce((a, r) => a + r.complainant_count, 0), null, null, null, null, null]],
  });

  const refs = list.rows.filter((r) => r.channel === 'regulator' || r.referral_source);
  const sources = [...new Set(refs.map((r) => r.referral_source ?? '其他'))].sort();
  const rCols = ['转办量', '已办结', '按期告知', '支持', '部分支持', '不支持', '尚未决定'];
  const onTime = (r: (typeof refs)[number]) => !!r.decision_notified_at && (!r.referral_due_at || r.decision_notified_at <= r.referral_due_at);
  const refRow = (name: string, rs: typeof refs): Cell[] => [name, rs.length, rs.filter((r) => r.closed_at).length, rs.filter(onTime).length,
    ...['upheld', 'partly_upheld', 'not_upheld'].map((o) => rs.filter((r) => r.outcome === o).length), rs.filter((r) => !r.outcome).length];
  sheets.push({
    name: '监管转办', title: '监管转办投诉处理情况表', subtitle, columns: rCols.length + 1, headerRows: 2,
    header: [span(0, 0, '转办来源', 2), span(0, 1, '转办量', 2), span(0, 2, '已办结', 2), span(0, 3, '按期告知', 2), span(0, 4, '处理结果', 1, 4),
      ...rCols.slice(3).map((t, k) => span(1, 4 + k, t))],
    rows: [...sources.map((s) => refRow(s === '12378' ? '12378（金融监管总局）' : s === '12363' ? '12363（中国人民银行）' : s, refs.filter((r) => (r.referral_source ?? '其他') === s))), refRow('合计', refs)],
  });
  return { from, to, generatedAt: now, sheets };
}
