// Test databases with the analytics schema (migration 0100; applied here too when a template predates it).
import { sql } from 'kysely';
import { freshDatabase } from '../support/db.ts';
import { up } from '../../src/db/migrations/0100-analytics.ts';

export async function analyticsDatabase(opts: { poolMax?: number } = {}): ReturnType<typeof freshDatabase> {
  const d = await freshDatabase(opts);
  const r = await sql<{ t: string | null }>`SELECT to_regclass('metric_fact')::text AS t`.execute(d.db);
  if (!r.rows[0]?.t) await up(d.db as never);
  return d;
}
