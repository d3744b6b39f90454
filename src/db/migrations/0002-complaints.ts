// Complaints, their deadlines, links, notes, code tables, routing rules and idempotency keys.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE SEQUENCE complaint_tracking_seq;

    CREATE TABLE complaint (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tracking_no text NOT NULL UNIQUE,
      channel text NOT NULL,
      received_at timestamptz NOT NULL,
      registered_at timestamptz NOT NULL,
      state text NOT NULL,
      missing text[] NOT NULL DEFAULT '{}',
      -- complainant: C2 fields encrypted (AES-256-GCM, key id inside the value), blind indexes for exact look-up
      name_enc text,
      id_number_enc text,
      phone_enc text,
      email_enc text,
      customer_no_enc text,
      id_number_bidx text,
      phone_bidx text,
      name_masked text,
      phone_masked text,
      content text NOT NULL DEFAULT '',
      demand text NOT NULL DEFAULT '',
      search_text text NOT NULL DEFAULT '',
      amount numeric(18,2),
      product_name text,
      org_unit_id uuid REFERENCES org_unit(id),
      handling_unit_id uuid REFERENCES org_unit(id),
      handler_id uuid REFERENCES app_user(id),
      co_handling_unit_ids uuid[] NOT NULL DEFAULT '{}',
      category text,
      channel_code text,
      business_code text,
      reason_code text,
      code_table_version text,
      complexity text NOT NULL DEFAULT 'general',
      urgency text NOT NULL DEFAULT 'normal',
      major boolean NOT NULL DEFAULT false,
      mass boolean NOT NULL DEFAULT false,
      complainant_count int NOT NULL DEFAULT 1,
      tier smallint NOT NULL DEFAULT 1,
      referral_source text,
      referral_ref text,
      referral_due_at timestamptz,
      extension_level smallint NOT NULL DEFAULT 0,
      extension_pending boolean NOT NULL DEFAULT false,
      reassignment_count int NOT NULL DEFAULT 0,
      reopen_count int NOT NULL DEFAULT 0,
      repeat_of uuid REFERENCES complaint(id),
      merged_into uuid REFERENCES complaint(id),
      suggestion jsonb,
      classified_by uuid,
      classified_at timestamptz,
      plan_at timestamptz,
      accepted_at timestamptz,
      started_at timestamptz,
      first_response_at timestamptz,
      decision jsonb,
      decided_at timestamptz,
      decision_notified_at timestamptz,
      feedback_at timestamptz,
      satisfaction jsonb,
      review jsonb,
      review_requested_at timestamptz,
      review_decided_at timestamptz,
      followed_up_at timestamptz,
      closed_at timestamptz,
      archived_at timestamptz,
      paused_since timestamptz,
      pauses jsonb NOT NULL DEFAULT '[]',
      effective_due_at timestamptz,
      state_data jsonb NOT NULL DEFAULT '{}',
      version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX complaint_handler_due_idx ON complaint(handler_id, effective_due_at, id) WHERE closed_at IS NULL;
    CREATE INDEX complaint_unit_due_idx ON complaint(handling_unit_id, effective_due_at, id) WHERE closed_at IS NULL;
    CREATE INDEX complaint_state_idx ON complaint(state);
    CREATE INDEX complaint_received_idx ON complaint(received_at);
    CREATE INDEX complaint_id_bidx_idx ON complaint(id_number_bidx, received_at) WHERE id_number_bidx IS NOT NULL;
    CREATE INDEX complaint_phone_bidx_idx ON complaint(phone_bidx, received_at) WHERE phone_bidx IS NOT NULL;
    CREATE INDEX complaint_search_idx ON complaint USING gin (to_tsvector('simple', search_text));

    CREATE TABLE complaint_deadline (
      complaint_id uuid NOT NULL REFERENCES complaint(id),
      step text NOT NULL,
      starts_at timestamptz NOT NULL,
      policy_due_at timestamptz,
      statutory_due_at timestamptz,
      referral_due_at timestamptz,
      effective_due_at timestamptz NOT NULL,
      binding text NOT NULL,
      met_at timestamptz,
      next_check_at timestamptz,
      at_risk_fired_at timestamptz,
      breached_fired_at timestamptz,
      statutory_warn_at timestamptz,
      statutory_warned_at timestamptz,
      explanation jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (complaint_id, step)
    );
    CREATE INDEX complaint_deadline_check_idx ON complaint_deadline(next_check_at) WHERE next_check_at IS NOT NULL;
    CREATE INDEX complaint_deadline_warn_idx ON complaint_deadline(statutory_warn_at) WHERE statutory_warn_at IS NOT NULL AND statutory_warned_at IS NULL;

    CREATE TABLE complaint_note (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      complaint_id uuid NOT NULL REFERENCES complaint(id),
      author_id uuid REFERENCES app_user(id),
      body text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX complaint_note_complaint_idx ON complaint_note(complaint_id, created_at);

    CREATE TABLE idempotency_key (
      key text NOT NULL,
      principal text NOT NULL,
      request_hash text NOT NULL,
      complaint_id uuid NOT NULL REFERENCES complaint(id),
      created_at timestamptz NOT NULL,
      PRIMARY KEY (principal, key)
    );

    CREATE TABLE code_table (
      version text PRIMARY KEY,
      active boolean NOT NULL DEFAULT false,
      codes jsonb NOT NULL,
      loaded_by text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX code_table_one_active ON code_table(active) WHERE active;

    CREATE TABLE routing_rule (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      priority int NOT NULL DEFAULT 100,
      org_unit_id uuid REFERENCES org_unit(id),
      business_code text,
      category text,
      channel text,
      target_unit_id uuid NOT NULL REFERENCES org_unit(id),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
