// Display names for dimension values (codes → zh/en, unit and handler ids → names).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { CATEGORIES, describeCode } from '../../core/classify/codes.ts';
import { CHANNEL_AXIS, type AxisNode } from '../../core/metrics/axes.ts';
import type { Dim } from './rollup-sql.ts';

export const CHANNEL_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  phone: { zh: '电话', en: 'Phone' }, sms: { zh: '短信', en: 'SMS' }, email: { zh: '电子邮件', en: 'E-mail' },
  web: { zh: '网站', en: 'Web' }, app: { zh: '手机APP', en: 'App' }, branch: { zh: '营业网点', en: 'Branch' },
  regulator: { zh: '监管转办', en: 'Regulator referral' },
};

const NONE = { zh: '未分类', en: 'Not classified' };
const flat = (ns: readonly AxisNode[]): AxisNode[] => ns.flatMap((n) => [n, ...flat(n.children ?? [])]);
const CHANNEL_CODE_LABELS = new Map(flat(CHANNEL_AXIS.nodes).map((n) => [n.code, n]));

/** zh / en label of each key of a breakdown. */
export async function labelsFor(db: Kysely<DB>, by: Dim | 'unit', keys: readonly string[]): Promise<Map<string, { zh: string; en: string }>> {
  const out = new Map<string, { zh: string; en: string }>();
  const ids = keys.filter((k) => /^[0-9a-f-]{36}$/.test(k));
  if (by === 'unit' || by === 'handling_unit') {
    const rows = ids.length ? await db.selectFrom('org_unit').select(['id', 'name', 'name_en']).where('id', 'in', ids).execute() : [];
    for (const r of rows) out.set(r.id, { zh: r.name, en: r.name_en ?? r.name });
    out.set('', by === 'unit' ? { zh: '本级', en: 'The unit itself' } : NONE);
    out.set('none', { zh: '未归属机构', en: 'No org unit' });
  } else if (by === 'handler') {
    const rows = ids.length ? await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute() : [];
    for (const r of rows) out.set(r.id, { zh: r.display_name, en: r.display_name });
    out.set('', { zh: '未指定处理人', en: 'No handler' });
  } else {
    for (const k of keys) {
      if (k === '') out.set(k, NONE);
      else if (by === 'channel') out.set(k, CHANNEL_LABELS[k] ?? { zh: k, en: k });
      else if (by === 'category') out.set(k, CATEGORIES.find((c) => c.code === k) ?? { zh: k, en: k });
      else if (by === 'channel_code') out.set(k, CHANNEL_CODE_LABELS.get(k) ?? { zh: k, en: k });
      else if (by === 'business_code' || by === 'reason_code') out.set(k, describeCode(k) ?? { zh: k, en: k });
      else out.set(k, { zh: k, en: k });
    }
  }
  for (const k of keys) if (!out.has(k)) out.set(k, { zh: k, en: k });
  return out;
}
