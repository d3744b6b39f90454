// Notices to staff (src/app/notifications/staff-notices.ts): the in-app inbox behind the console's bell. One row per
// outbox event × recipient — the unique key makes a redelivered event a no-op. Titles and bodies are stored in both
// languages as plain text (no complainant's personal data: tracking number, step, due time, clock). The e-mail copy
// of a notice is an ordinary `notification` row (kind 'staff_notice'), sent and retried like customer notices.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE staff_notice (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_event_id bigint NOT NULL,
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('sla_at_risk','sla_breached','sla_statutory_near','risk_warning_raised','risk_warning_escalated')),
      complaint_id uuid REFERENCES complaint(id),
      warning_id uuid REFERENCES risk_warning(id),
      title_zh text NOT NULL,
      title_en text NOT NULL,
      body_zh text NOT NULL,
      body_en text NOT NULL,
      created_at timestamptz NOT NULL,
      read_at timestamptz,
      UNIQUE (source_event_id, user_id)
    );
    CREATE INDEX staff_notice_user_idx ON staff_notice(user_id, created_at DESC, id DESC);
    CREATE INDEX staff_notice_unread_idx ON staff_notice(user_id) WHERE read_at IS NULL;
  `.execute(db);
}
