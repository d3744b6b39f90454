// Classifier models that administrators upload and activate (src/app/classifier/models.ts). A row is either a
// whole bootstrap-format model ('bundle') or one generic linear model replacing one head of it. The body is the
// model's JSON, gzip-compressed. At most one active row per head; none active = the shipped bootstrap model.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE classifier_model (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      head text NOT NULL CHECK (head IN ('bundle', 'category', 'reason', 'business')),
      version text NOT NULL UNIQUE,
      sha256 text NOT NULL,
      labels jsonb NOT NULL,
      size_bytes integer NOT NULL,
      held_out jsonb,
      body bytea NOT NULL,
      uploaded_by text,
      uploaded_at timestamptz NOT NULL,
      active boolean NOT NULL DEFAULT false,
      activated_by text,
      activated_at timestamptz
    );
    CREATE UNIQUE INDEX classifier_model_one_active ON classifier_model(head) WHERE active;
  `.execute(db);
}
