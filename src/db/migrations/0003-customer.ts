// The complainant's side: notifications (one row per event × channel × recipient), portal one-time codes and
// sessions, attachments, and versioned notification templates.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification (
      id bigserial PRIMARY KEY,
      dedupe_key text NOT NULL UNIQUE,
      complaint_id uuid REFERENCES complaint(id),
      kind text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email','sms')),
      locale text NOT NULL DEFAULT 'zh-CN',
      recipient_enc text NOT NULL,
      vars_enc text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','dead')),
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      provider_id text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz
    );
    CREATE INDEX notification_complaint_idx ON notification(complaint_id);
    CREATE INDEX notification_dead_idx ON notification(created_at) WHERE status = 'dead';

    CREATE TABLE notification_template (
      kind text NOT NULL,
      version int NOT NULL,
      content jsonb NOT NULL,
      active boolean NOT NULL DEFAULT false,
      created_by text,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (kind, version)
    );
    CREATE UNIQUE INDEX notification_template_active ON notification_template(kind) WHERE active;

    CREATE TABLE portal_otp (
      id bigserial PRIMARY KEY,
      complaint_id uuid NOT NULL REFERENCES complaint(id),
      code_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      used_at timestamptz,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX portal_otp_complaint_idx ON portal_otp(complaint_id, created_at);

    CREATE TABLE portal_session (
      id text PRIMARY KEY,
      complaint_id uuid NOT NULL REFERENCES complaint(id),
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );

    CREATE TABLE attachment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      complaint_id uuid NOT NULL REFERENCES complaint(id),
      filename text NOT NULL,
      mime text NOT NULL,
      size int NOT NULL,
      sha256 text NOT NULL,
      content_enc bytea NOT NULL,
      uploaded_by text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX attachment_complaint_idx ON attachment(complaint_id);
  `.execute(db);
}
