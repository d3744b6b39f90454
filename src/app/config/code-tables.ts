// Versioned JR/T 0169 code tables: the default is seeded at start; an administrator loads and activates new ones.
import { sql, type Kysely } from 'kysely';
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
    if (activate) {
      // Serialised with activations (see activateCodeTable).
      await trx.selectFrom('code_table').select('version').orderBy('version').forUpdate().execute();
      await trx.updateTable('code_table').set({ active: false }).where('active', '=', true).execute();
    }
    await trx.insertInto('code_table').values({ version: t.version, active: activate, codes: JSON.stringify(t), loaded_by: ctx.actor.id, created_at: ctx.now }).execute();
    await appendAudit(trx, ctx, { stream: 'config', entityType: 'code_table', entityId: t.version, kind: 'CODE_TABLE_LOADED', data: { version: t.version, activate, sizes: { channel: t.channel.length, business: t.business.length, reason: t.reason.length } } });
  });
  return { version: t.version };
}

/**
 * Put a loaded version in force (one staged with activate=false, or an earlier one to roll back to); the version in
 * force until now stops. Complaints classified before keep the version they were classified under. Activating the
 * version already in force changes nothing and writes no audit entry.
 */
export async function activateCodeTable(deps: Deps, ctx: Ctx, version: string): Promise<{ version: string; active: true; replaced: string | null }> {
  return deps.db.transaction().execute(async (trx) => {
    // Lock every version first, in one order (two scans in heap order can meet the rows in different orders once
    // updates have moved them, and deadlock): an activation and a load that activates run one after the other, and the
    // statements below, started after the lock, see what the other committed — so the one-active index never trips.
    const rows = await trx.selectFrom('code_table').select('version').orderBy('version').forUpdate().execute();
    if (!rows.some((r) => r.version === version)) throw new AppError('CODE_TABLE_NOT_FOUND', { version });
    const stopped = await trx.updateTable('code_table').set({ active: false }).where('active', '=', true).where('version', '<>', version).returning('version').execute();
    const started = await trx.updateTable('code_table').set({ active: true }).where('version', '=', version).where('active', '=', false).returning('version').execute();
    const replaced = stopped[0]?.version ?? null;
    if (!stopped.length && !started.length) return { version, active: true as const, replaced: null };
    await appendAudit(trx, ctx, { stream: 'config', entityType: 'code_table', entityId: version, kind: 'CODE_TABLE_ACTIVATED', data: { version, replaced } });
    return { version, active: true as const, replaced };
  });
}

export async function listCodeTables(db: Kysely<DB>) {
  // loaded_by holds a staff id, or 'system' for the shipped table: the name is what an administrator recognises.
  const rows = await db
    .selectFrom('code_table')
    .leftJoin('app_user', (j) => j.on(sql`app_user.id::text`, '=', sql.ref('code_table.loaded_by')))
    .select(['code_table.version', 'code_table.active', 'code_table.created_at', 'code_table.loaded_by', 'app_user.display_name'])
    .orderBy('code_table.created_at')
    .execute();
  return rows.map((r) => ({ version: r.version, active: r.active, createdAt: r.created_at.toISOString(), loadedBy: r.loaded_by, loadedByName: r.display_name ?? null }));
}
