// Writes a report (regulatory.ts) as an .xlsx workbook with exceljs' streaming writer, or as one CSV per sheet.
// Numbers stay numbers (rates carry a percent format); text that a spreadsheet would run as a formula
// (= + - @, tab, CR) is prefixed with an apostrophe.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell, Report, Sheet } from './regulatory.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises a text cell for spreadsheets (CSV injection). */
export function safeText(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function value(c: Cell): string | number | null {
  if (c === null) return null;
  if (typeof c === 'object') return c.pct === null ? null : Math.round(c.pct * 10_000) / 10_000;
  return typeof c === 'string' ? safeText(c) : c;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique. */
function sheetName(name: string, used: Set<string>): string {
  let n = name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
  for (let k = 2; used.has(n); k++) n = `${name.slice(0, 28)}(${k})`;
  used.add(n);
  return n;
}

const thin = { style: 'thin' as const };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, s: Sheet, used: Set<string>): void {
  const ws = wb.addWorksheet(sheetName(s.name, used), { views: [{ state: 'frozen', xSplit: 1, ySplit: 3 + s.headerRows }] });
  ws.columns = Array.from({ length: s.columns }, (_, k) => ({ width: k === 0 ? 22 : 12 }));
  const hr = 4;
  // Merges first: the streaming writer cannot reach back into committed rows.
  ws.mergeCells(1, 1, 1, s.columns);
  ws.mergeCells(2, 1, 2, s.columns);
  for (const h of s.header) if (h.rowSpan > 1 || h.colSpan > 1) ws.mergeCells(hr + h.row, h.col + 1, hr + h.row + h.rowSpan - 1, h.col + h.colSpan);
  const title = ws.getRow(1);
  title.getCell(1).value = safeText(s.title);
  title.getCell(1).font = { bold: true, size: 14 };
  title.getCell(1).alignment = { horizontal: 'center' };
  title.commit();
  ws.getRow(2).getCell(1).value = safeText(s.subtitle);
  ws.getRow(2).commit();
  ws.getRow(3).commit();
  for (let r = 0; r < s.headerRows; r++) {
    const row = ws.getRow(hr + r);
    for (let c = 0; c < s.columns; c++) {
      const cell = row.getCell(c + 1);
      cell.border = BORDER;
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
    }
    for (const h of s.header.filter((x) => x.row === r)) row.getCell(h.col + 1).value = safeText(h.text);
    row.commit();
  }
  s.rows.forEach((cells, k) => {
    const row = ws.getRow(hr + s.headerRows + k);
    cells.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      cell.value = value(c);
      cell.border = BORDER;
      if (c !== null && typeof c === 'object') cell.numFmt = '0.0%';
    });
    if (cells[0] === '合计') row.font = { bold: true };
    row.commit();
  });
  ws.commit();
}

/** Streams the workbook to `out` (a file stream or an HTTP response). */
export async function writeWorkbook(report: Report, out: Writable): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = 'Kesu 客诉';
  wb.created = report.generatedAt;
  const used = new Set<string>();
  for (const s of report.sheets) writeSheet(wb, s, used);
  await wb.commit();
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV per sheet (UTF-8 with BOM so that spreadsheet programs read the Chinese text): title, subtitle,
 * header rows (a merged label written in its first cell), data rows. Rates as fractions (0.953). */
export function sheetCsv(s: Sheet): string {
  const lines: string[] = [csvField(safeText(s.title)), csvField(safeText(s.subtitle))];
  for (let r = 0; r < s.headerRows; r++) {
    const cells: Array<string | null> = new Array(s.columns).fill(null);
    for (const h of s.header.filter((x) => x.row === r)) cells[h.col] = safeText(h.text);
    lines.push(cells.map(csvField).join(','));
  }
  for (const row of s.rows) lines.push(row.map((c) => csvField(value(c))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function csvFileName(s: Sheet, index: number): string {
  return `${String(index + 1).padStart(2, '0')}-${s.name.replace(/[\\/:*?"<>|\s]/g, '_')}.csv`;
}
