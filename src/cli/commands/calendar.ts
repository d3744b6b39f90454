// kesu calendar import FILE — loads another year of holidays and adjusted working days (audited).
import { readFileSync } from 'node:fs';
import { parseArgs, type Io } from '../args.ts';
import { openRuntime } from '../../server.ts';
import { systemCtx } from '../../app/context.ts';
import { importCalendar } from '../../app/config/calendar.ts';
import { AppError } from '../../app/errors.ts';

export async function run(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args);
  const file = p.positionals[1];
  if (p.positionals[0] !== 'import' || !file) {
    io.stderr('usage: kesu calendar import FILE.json   (format: {"years": {"2027": {"holidays": [...], "workdays": [...]}}})\n');
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    io.stderr(`cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const rt = await openRuntime();
  try {
    const r = await importCalendar(rt.deps, systemCtx(rt.deps.clock(), 'cli'), json);
    io.stdout(`imported calendar years: ${r.years.join(', ')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      io.stderr(`${e.code}: ${JSON.stringify(e.details ?? {})}\n`);
      return 2;
    }
    throw e;
  } finally {
    await rt.database.close();
  }
}
