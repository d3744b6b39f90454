// Fixed-window counters in the database, so limits hold across several server processes.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

export async function hitRateLimit(db: Kysely<DB>, key: string, windowSeconds: number, now: Date): Promise<number> {
  const start = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  const r = await sql<{ count: number }>`
    INSERT INTO rate_limit (key, window_start, count) VALUES (${key}, ${start}, 1)
    ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit.count + 1
    RETURNING count`.execute(db);
  return Number(r.rows[0]!.count);
}

export async function pruneRateLimits(db: Kysely<DB>, before: Date): Promise<void> {
  await db.deleteFrom('rate_limit').where('window_start', '<', before).execute();
}
