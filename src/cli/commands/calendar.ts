// kesu calendar import FILE — loads years of holidays and adjusted working days (audited). The file is checked
// before the database is opened, by the same core parser as POST /api/v1/calendar/import.
import { readFileSync } from 'node:fs';
import { parseArgs, type Io } from '../args.ts';
import { openRuntime } from '../../runtime.ts';
import { systemCtx } from '../../app/context.ts';
import { importCalendar } from '../../app/config/calendar.ts';
import { AppError } from '../../app/errors.ts';
import { formatCalendarImportErrors, parseCalendarFile } from './calendar-parse.ts';

const USAGE =
  'usage: kesu calendar import FILE.json\n' +
  '  {"year": 2027, "notice": "…", "holidays": ["2027-01-01", …], "workdays": [...]}\n' +
  '  or {"source": "…", "years": {"2027": {"notice": "…", "holidays": [...], "workdays": [...]}}}\n';

export async function run(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args);
  const file = p.positionals[1];
  if (p.positionals[0] !== 'import' || !file) {
    io.stderr(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.stderr(`cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const parsed = parseCalendarFile(text);
  if (!parsed.ok) {
    io.stderr(`${file}: CALENDAR_INVALID\n${formatCalendarImportErrors(parsed.errors)}\n`);
    return 2;
  }
  const rt = await openRuntime();
  try {
    const r = await importCalendar(rt.deps, systemCtx(rt.deps.clock(), 'cli'), text);
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
