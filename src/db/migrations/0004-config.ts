// Calendar years loaded by administrators (beyond the shipped 2024–2026 data).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE calendar_year (
      year int PRIMARY KEY,
      holidays text[] NOT NULL,
      workdays text[] NOT NULL,
      source text,
      imported_by text,
      imported_at timestamptz NOT NULL
    );
  `.execute(db);
}
