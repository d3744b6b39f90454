// The three JR/T 0169-2018 axes as trees, and the column layout banks use for their statistics reports: a row per
// org unit, a total column, then the axis hierarchy as grouped columns with a subtotal per group
// (reference/regulations.md §3). Trees are data: an institution's own code table can replace them.
import { BUSINESS_CODES, REASON_CODES } from '../classify/codes.ts';

export interface AxisNode {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly children?: readonly AxisNode[];
}

export interface Axis {
  readonly id: 'channel' | 'business' | 'reason';
  /** Complaint column holding the code. */
  readonly column: 'channel_code' | 'business_code' | 'reason_code';
  readonly zh: string;
  readonly en: string;
  readonly nodes: readonly AxisNode[];
}

/** A axis, business-handling channel. Codes are Kesu's (the official table was not obtained); "other" ends in 99. */
export const CHANNEL_AXIS: Axis = {
  id: 'channel',
  column: 'channel_code',
  zh: '业务办理渠道',
  en: 'Business-handling channel',
  nodes: [
    {
      code: 'A01', zh: '前台', en: 'Front office', children: [
        { code: 'A0101', zh: '营业网点柜面', en: 'Branch counter' },
        { code: 'A0102', zh: '自助机具', en: 'Self-service machines' },
        {
          code: 'A0103', zh: '电子渠道', en: 'Electronic', children: [
            { code: 'A010301', zh: '网上银行', en: 'Online banking' },
            { code: 'A010302', zh: '电话银行', en: 'Phone banking' },
            { code: 'A010303', zh: '手机银行', en: 'Mobile app' },
            { code: 'A010304', zh: '公共网络平台', en: 'Public online platforms' },
            { code: 'A010305', zh: '短信', en: 'SMS' },
            { code: 'A010399', zh: '其他', en: 'Other electronic' },
          ],
        },
        { code: 'A0104', zh: '第三方', en: 'Third party' },
        { code: 'A0199', zh: '其他', en: 'Other front office' },
      ],
    },
    { code: 'A02', zh: '中后台', en: 'Middle and back office' },
  ],
};

export const BUSINESS_AXIS: Axis = {
  id: 'business', column: 'business_code', zh: '业务类别', en: 'Business category',
  nodes: BUSINESS_CODES.map((c) => ({ code: c.code, zh: c.zh, en: c.en })),
};

export const REASON_AXIS: Axis = {
  id: 'reason', column: 'reason_code', zh: '投诉原因', en: 'Complaint reason',
  nodes: REASON_CODES.map((c) => ({ code: c.code, zh: c.zh, en: c.en })),
};

export const AXES: readonly Axis[] = [CHANNEL_AXIS, BUSINESS_AXIS, REASON_AXIS];

/** The A code of an intake channel, used when a complaint carries no channel code. Regulator referrals say how
 * the complaint arrived, not where the business was done: they stay unclassified until coded. */
export const CHANNEL_CODE_FALLBACK: Readonly<Record<string, string>> = {
  branch: 'A0101',
  web: 'A010301',
  phone: 'A010302',
  app: 'A010303',
  sms: 'A010305',
  email: 'A010399',
};

export function effectiveChannelCode(channelCode: string | null, channel: string): string | null {
  return channelCode ?? CHANNEL_CODE_FALLBACK[channel] ?? null;
}

export function leaves(nodes: readonly AxisNode[]): AxisNode[] {
  return nodes.flatMap((n) => (n.children?.length ? leaves(n.children) : [n]));
}

function depthOf(nodes: readonly AxisNode[]): number {
  return Math.max(1, ...nodes.map((n) => (n.children?.length ? 1 + depthOf(n.children) : 1)));
}

/**
 * The leaf column a code is counted in: the leaf itself; for a group code (or an unknown code below a group) the
 * "other" (…99) leaf of the deepest such group that has one; else null (counted as unclassified).
 */
export function leafFor(axis: Axis, code: string | null): string | null {
  if (!code) return null;
  const groups: AxisNode[] = [];
  let nodes: readonly AxisNode[] | undefined = axis.nodes;
  while (nodes) {
    const exact = nodes.find((n) => !n.children?.length && n.code === code);
    if (exact) return exact.code;
    const group: AxisNode | undefined = nodes.find((n) => n.children?.length && code.startsWith(n.code));
    if (group) groups.push(group);
    nodes = group?.children;
  }
  for (const g of groups.reverse()) {
    const other = g.children!.find((c) => !c.children?.length && c.code.endsWith('99'));
    if (other) return other.code;
  }
  return null;
}

export interface AxisColumn {
  /** Leaf code, or `group:<code>` for a subtotal. */
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  /** Leaf codes summed in this column. */
  readonly leafCodes: readonly string[];
  readonly subtotal: boolean;
}

export interface HeaderCell {
  readonly row: number;
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
  readonly zh: string;
  readonly en: string;
}

/** Columns in report order (each group: its children, then its subtotal) and the merged header cells above them. */
export function axisLayout(axis: Axis): { columns: AxisColumn[]; header: HeaderCell[]; headerRows: number } {
  const headerRows = depthOf(axis.nodes);
  const columns: AxisColumn[] = [];
  const header: HeaderCell[] = [];
  const place = (nodes: readonly AxisNode[], row: number): void => {
    for (const n of nodes) {
      const start = columns.length;
      if (!n.children?.length) {
        columns.push({ key: n.code, zh: n.zh, en: n.en, leafCodes: [n.code], subtotal: false });
        header.push({ row, col: start, rowSpan: headerRows - row, colSpan: 1, zh: n.zh, en: n.en });
        continue;
      }
      place(n.children, row + 1);
      columns.push({ key: `group:${n.code}`, zh: `${n.zh}小计`, en: `${n.en} subtotal`, leafCodes: leaves(n.children).map((l) => l.code), subtotal: true });
      header.push({ row: row + 1, col: columns.length - 1, rowSpan: headerRows - row - 1, colSpan: 1, zh: '小计', en: 'Subtotal' });
      header.push({ row, col: start, rowSpan: 1, colSpan: columns.length - start, zh: n.zh, en: n.en });
    }
  };
  place(axis.nodes, 0);
  return { columns, header: header.sort((a, b) => a.row - b.row || a.col - b.col), headerRows };
}
