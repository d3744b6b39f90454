// kesu admin create --username U --display-name N [--org-code HQ --org-name 总行] — password read from stdin.
import { parseArgs, readAll, str, type Io } from '../args.ts';
import { openRuntime } from '../../runtime.ts';
import { systemCtx } from '../../app/context.ts';
import { createOrgUnit } from '../../app/admin/org-units.ts';
import { createUser } from '../../app/admin/users.ts';
import { permissionsOf } from '../../core/access/permissions.ts';
import { AppError } from '../../app/errors.ts';

export async function run(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args);
  if (p.positionals[0] !== 'create' || !str(p, 'username')) {
    io.stderr('usage: kesu admin create --username NAME [--display-name NAME] [--org-code HQ] [--org-name 总行] < password\n');
    return 2;
  }
  const password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
  const rt = await openRuntime();
  try {
    const { db } = rt.deps;
    const ctx = systemCtx(rt.deps.clock(), 'cli');
    ctx.actor = { ...ctx.actor, permissions: permissionsOf(['admin']) };
    const code = str(p, 'org-code') ?? 'HQ';
    let unit = await db.selectFrom('org_unit').select(['id', 'path']).where('code', '=', code).executeTakeFirst();
    if (!unit) {
      const head = await db.selectFrom('org_unit').select('id').where('parent_id', 'is', null).executeTakeFirst();
      if (head) {
        io.stderr(`org unit ${code} not found\n`);
        return 2;
      }
      const created = await createOrgUnit(rt.deps, ctx, { code, name: str(p, 'org-name') ?? '总行', nameEn: 'Head office', level: 'head_office' });
      unit = { id: created.id, path: '' };
    }
    const u = await createUser(rt.deps, ctx, {
      username: str(p, 'username')!,
      displayName: str(p, 'display-name') ?? str(p, 'username')!,
      orgUnitId: unit.id,
      roles: (str(p, 'roles') ?? 'admin').split(',').map((s) => s.trim()).filter(Boolean),
      password,
    });
    io.stdout(`created user ${u.username} (${u.roles.join(', ')}) in org unit ${code}; TOTP enrolment is required at first sign-in\n`);
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
