// kesu apikey create --name NAME --scopes complaint:create,… [--org-code CODE] — the token is the last line of stdout.
import { parseArgs, str, type Io } from '../args.ts';
import { openRuntime } from '../../runtime.ts';
import { systemCtx } from '../../app/context.ts';
import { createApiKey } from '../../app/admin/api-keys.ts';
import { AppError } from '../../app/errors.ts';

export async function run(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args);
  const name = str(p, 'name');
  const scopes = str(p, 'scopes');
  if (p.positionals[0] !== 'create' || !name || !scopes) {
    io.stderr('usage: kesu apikey create --name NAME --scopes complaint:create,complaint:read [--org-code CODE]\n');
    return 2;
  }
  const rt = await openRuntime();
  try {
    let orgUnitId: string | null = null;
    const code = str(p, 'org-code');
    if (code) {
      const u = await rt.deps.db.selectFrom('org_unit').select('id').where('code', '=', code).executeTakeFirst();
      if (!u) {
        io.stderr(`org unit ${code} not found\n`);
        return 2;
      }
      orgUnitId = u.id;
    }
    const k = await createApiKey(rt.deps, systemCtx(rt.deps.clock(), 'cli'), { name, scopes: scopes.split(',').map((s) => s.trim()), orgUnitId });
    io.stdout(`API key "${k.name}" created (scopes: ${k.scopes.join(', ')}). Store it now; it is not shown again:\n${k.token}\n`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      io.stderr(`${e.code}: ${e.message}${e.details ? ' ' + JSON.stringify(e.details) : ''}\n`);
      return 2;
    }
    throw e;
  } finally {
    await rt.database.close();
  }
}
