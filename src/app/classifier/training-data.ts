// Labelled texts for `kesu model train --from-db`: the labels people confirmed on complaints that are finished.
// A complaint counts when it is closed or archived, was not merged into another, and has the label set; its text is
// content + '\n' + demand, as the intake classifies it.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { HeadName } from '../../core/classify/bootstrap.ts';
import type { Example } from '../../core/classify/linear.ts';

export const LABEL_COLUMNS = { category: 'category', reason: 'reason_code', business: 'business_code' } as const satisfies Record<HeadName, string>;

export function isHeadName(x: string): x is HeadName {
  return Object.hasOwn(LABEL_COLUMNS, x);
}

export interface LabelledOptions {
  /** Only complaints closed at or after this time. */
  since?: Date;
  /** Called after each page with the number of examples read so far. */
  onProgress?: (n: number) => void;
  /** Rows per query (default 2,000). */
  pageSize?: number;
}

export async function labelledFromDb(db: Kysely<DB>, head: HeadName, opts: LabelledOptions = {}): Promise<Example[]> {
  const column = LABEL_COLUMNS[head];
  const pageSize = opts.pageSize ?? 2000;
  const out: Example[] = [];
  let after: string | null = null;
  for (;;) {
    let q = db
      .selectFrom('complaint')
      .select(['id', 'content', 'demand', `${column} as label`])
      .where('state', 'in', ['closed', 'archived'])
      .where('merged_into', 'is', null)
      .where(column, 'is not', null)
      .orderBy('id')
      .limit(pageSize);
    if (opts.since) q = q.where('closed_at', '>=', opts.since);
    if (after) q = q.where('id', '>', after);
    const rows = await q.execute();
    for (const r of rows) {
      const text = `${r.content}\n${r.demand}`;
      if (r.label && text.trim()) out.push({ text, label: r.label });
    }
    opts.onProgress?.(out.length);
    if (rows.length < pageSize) return out;
    after = (rows[rows.length - 1] as { id: string }).id;
  }
}
