// kesu keys rotate — new active data key; every encrypted value is re-encrypted under it, then old keys retire.
import { parseArgs, type Io } from '../args.ts';
import { openRuntime } from '../../runtime.ts';
import { reencryptAll } from '../../app/admin/rotate-keys.ts';
import { appendAudit } from '../../db/audit.ts';
import { systemCtx } from '../../app/context.ts';

export async function run(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args);
  if (p.positionals[0] !== 'rotate') {
    io.stderr('usage: kesu keys rotate\n');
    return 2;
  }
  const rt = await openRuntime();
  try {
    const { newKeyId, previous } = await rt.deps.keyring.rotate();
    const n = await reencryptAll(rt.deps, (done) => io.stderr(`\rre-encrypted ${done} values`));
    io.stderr('\n');
    await appendAudit(rt.deps.db, systemCtx(rt.deps.clock(), 'cli'), { stream: 'security', entityType: 'encryption_key', entityId: newKeyId, kind: 'KEYS_ROTATED', data: { previous, values: n } });
    io.stdout(`data key rotated: ${previous} → ${newKeyId}; ${n} values re-encrypted\n`);
    return 0;
  } finally {
    await rt.database.close();
  }
}
