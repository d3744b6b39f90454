// Versioned JR/T 0169 code tables: the default is seeded at start; an administrator loads and activates new ones.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { DEFAULT_CODE_TABLE, validateCodeTable, type CodeTable } from '../../core/codes/code-table.ts';

export async function activeCodeTable(db: Kysely<DB>): Promise<CodeTable> {
  const r = await db.selectFrom('code_table').select('codes').where('active', '=', true).executeTakeFirst();
  return r ? (r.codes as unknown as CodeTable) : DEFAULT_CODE_TABLE;
}

export async function seedDefaultCodeTable(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto('code_table')
    .values({ version: DEFAULT_CODE_TABLE.version, active: true, codes: JSON.stringify(DEFAULT_CODE_TABLE), loaded_by: 'system' })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function loadCodeTable(deps: Deps, ctx: Ctx, table: unknown, activate: boolean): Promise<{ version: string }> {
  const problems = validateCodeTable(table);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { problems: problems.slice(0, 20) });
  const t = table as CodeTable;
  await deps.db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('code_table').select('version').where('version', '=', t.version).executeTakeFirst();
    if (exists) throw new AppError('VALIDATION_FAILED', { field: 'version', reason: 'exists' });
    if (activate) await trx.updateTable('code_table').set({ active: false }).where('active', '=', true).execute();
    await trx.insertInto('code_table').values({ version: t.version, active: activate, codes: JSON.stringify(t), loaded_by: ctx.actor.id, created_at: ctx.now }).execute();
    await appendAudit(trx, ctx, { stream: 'config', entityType: 'code_table', entityId: t.version, kind: 'CODE_TABLE_LOADED', data: { version: t.version, activate, sizes: { channel: t.channel.length, business: t.business.length, reason: t.reason.length } } });
  });
  return { version: t.version };
}

export async function listCodeTables(db: Kysely<DB>) {
  const rows = await db.selectFrom('code_table').select(['version', 'active', 'created_at', 'loaded_by']).orderBy('created_at').execute();
  return rows.map((r) => ({ version: r.version, active: r.active, createdAt: r.created_at.toISOString(), loadedBy: r.loaded_by }));
}
