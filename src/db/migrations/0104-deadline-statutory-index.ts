// Only a step with a statutory limit (decide, notify, review) has a statutory due time; the other five of the six
// rows an intake writes had their NULL in this index, each one more index entry on the write for nothing any query
// reads (every reader asks for a range of statutory due times, which a NULL never falls in).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS complaint_deadline_statutory_idx;
    CREATE INDEX complaint_deadline_statutory_idx ON complaint_deadline(statutory_due_at) WHERE statutory_due_at IS NOT NULL;
  `.execute(db);
}
