// SQL text written by hand where building it with Kysely costs more than the statement (intake's write), and the one
// identifier quoting every such text uses.

/** `INSERT INTO t (columns) VALUES (…), (…)`, parameters appended to `values`. As Kysely does, a column is one that
 * some row gives a value (not undefined), and a row without it gets the column's DEFAULT. */
export function valuesInsert(table: string, rows: ReadonlyArray<Record<string, unknown>>, values: unknown[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const k in row) {
      if (row[k] !== undefined && !seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  const tuples = rows.map((row) => {
    let t = '(';
    for (let i = 0; i < columns.length; i++) {
      const v = row[columns[i]!];
      if (i) t += ', ';
      if (v === undefined) t += 'DEFAULT';
      else t += `$${values.push(v)}`;
    }
    return `${t})`;
  });
  return `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) VALUES ${tuples.join(', ')}`;
}

/** A quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
