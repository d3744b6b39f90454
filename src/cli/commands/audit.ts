// kesu audit verify — walks every hash chain; exits 1 naming the first broken entry.
import { parseArgs, type Io } from '../args.ts';
import { openRuntime } from '../../runtime.ts';
import { verifyAudit } from '../../db/audit.ts';

export async function run(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args);
  if (p.positionals[0] !== 'verify') {
    io.stderr('usage: kesu audit verify\n');
    return 2;
  }
  const rt = await openRuntime();
  try {
    const r = await verifyAudit(rt.deps.db);
    if (r.ok) {
      io.stdout(`audit trail intact: ${r.entries} entries in ${r.streams} streams\n`);
      return 0;
    }
    const f = r.firstProblem!;
    io.stdout(
      `审计链已损坏 / audit trail BROKEN: first problem at entry id=${f.id ?? '?'} (stream ${f.stream}, seq ${f.seq ?? '?'}): ${f.problem}\n`,
    );
    return 1;
  } finally {
    await rt.database.close();
  }
}
