// kesu report regulatory --from DATE --to DATE --out FILE.xlsx [--csv DIR]  — the regulatory statistics workbook
// kesu report refresh [--full]                                             — bring the metric rollups up to date
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { parseArgs, str, type Io } from '../args.ts';
import { openRuntime } from '../../runtime.ts';
import type { DB } from '../../db/schema.ts';
import { isCivilDate } from '../../core/sla/time.ts';
import { buildRegulatoryReport } from '../../app/analytics/regulatory.ts';
import { csvFileName, sheetCsv, writeWorkbook } from '../../app/analytics/workbook.ts';
import { refreshMetrics } from '../../app/analytics/rollup.ts';
import { appendAudit } from '../../db/audit.ts';
import { systemCtx } from '../../app/context.ts';

const USAGE = 'usage: kesu report regulatory --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.xlsx [--csv DIR]\n       kesu report refresh [--full]\n';

export interface RegulatoryExport {
  from: string;
  to: string;
  out: string;
  csvDir?: string | null;
  now: Date;
}

/** Writes the workbook (and CSVs) and records an EXPORT_CREATED audit entry; returns the sheet names. */
export async function exportRegulatory(db: Kysely<DB>, o: RegulatoryExport): Promise<{ sheets: string[]; csv: string[] }> {
  await refreshMetrics(db, o.now);
  const report = await buildRegulatoryReport(db, o.from, o.to, o.now);
  const file = createWriteStream(o.out);
  await writeWorkbook(report, file);
  await finished(file);
  const csv: string[] = [];
  if (o.csvDir) {
    mkdirSync(o.csvDir, { recursive: true });
    report.sheets.forEach((s, k) => {
      const p = join(o.csvDir!, csvFileName(s, k));
      writeFileSync(p, sheetCsv(s), 'utf8');
      csv.push(p);
    });
  }
  await appendAudit(db, systemCtx(o.now, 'cli'), { entityType: 'report', entityId: 'regulatory', kind: 'EXPORT_CREATED', data: { report: 'regulatory', from: o.from, to: o.to, format: o.csvDir ? 'xlsx+csv' : 'xlsx' } });
  return { sheets: report.sheets.map((s) => s.name), csv };
}

export async function run(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args);
  const sub = p.positionals[0];
  if (sub === 'regulatory') {
    const from = str(p, 'from');
    const to = str(p, 'to');
    const out = str(p, 'out');
    if (!isCivilDate(from) || !isCivilDate(to) || from > to || !out) {
      io.stderr(`请提供统计期间和输出文件 / give the period and the output file\n${USAGE}`);
      return 2;
    }
    const rt = await openRuntime();
    try {
      const r = await exportRegulatory(rt.deps.db, { from, to, out, csvDir: str(p, 'csv') ?? null, now: new Date() });
      io.stdout(`已生成监管统计报表 / regulatory workbook written: ${out} (${r.sheets.length} sheets: ${r.sheets.join('、')})\n`);
      for (const f of r.csv) io.stdout(`  ${f}\n`);
      return 0;
    } finally {
      await rt.database.close();
    }
  }
  if (sub === 'refresh') {
    const rt = await openRuntime();
    try {
      const r = await refreshMetrics(rt.deps.db, new Date(), { full: p.flags.full === true });
      io.stdout(`指标已刷新 / metrics refreshed: ${r.mode}, ${r.complaints} complaints, ${Math.round(r.ms)} ms\n`);
      return 0;
    } finally {
      await rt.database.close();
    }
  }
  io.stderr(USAGE);
  return 2;
}
