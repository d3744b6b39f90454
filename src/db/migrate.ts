// Runs pending migrations. Kysely's Migrator takes a lock row and, on PostgreSQL (and PGlite), runs all
// pending migrations in one transaction, so a failed migration leaves the schema as it was.
import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from './migrations/index.ts';

export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'kesu_migration',
    migrationLockTableName: 'kesu_migration_lock',
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(result.error as Error).message ?? result.error}`);
    (err as Error & { cause?: unknown }).cause = result.error;
    throw err;
  }
  return result;
}
