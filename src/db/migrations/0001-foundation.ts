// Foundation: org units, staff, sessions, API keys, rate limits, audit trail, encryption keys, outbox, jobs.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE org_unit (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      name_en text,
      level text NOT NULL CHECK (level IN ('head_office','branch','sub_branch','outlet','department')),
      parent_id uuid REFERENCES org_unit(id),
      path text NOT NULL UNIQUE,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX org_unit_parent_idx ON org_unit(parent_id);
    CREATE INDEX org_unit_path_idx ON org_unit(path text_pattern_ops);

    CREATE TABLE app_user (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL,
      display_name text NOT NULL,
      email_enc text,
      org_unit_id uuid NOT NULL REFERENCES org_unit(id),
      password_hash text NOT NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
      totp_secret_enc text,
      totp_enabled boolean NOT NULL DEFAULT false,
      totp_last_step bigint,
      failed_logins int NOT NULL DEFAULT 0,
      locked_until timestamptz,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX app_user_username_idx ON app_user (lower(username));
    CREATE INDEX app_user_org_idx ON app_user(org_unit_id);

    CREATE TABLE user_role (
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      role text NOT NULL,
      PRIMARY KEY (user_id, role)
    );

    CREATE TABLE recovery_code (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX recovery_code_user_idx ON recovery_code(user_id);

    CREATE TABLE staff_session (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      mfa_verified boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    );
    CREATE INDEX staff_session_user_idx ON staff_session(user_id);

    CREATE TABLE api_key (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      prefix text NOT NULL UNIQUE,
      secret_hash text NOT NULL,
      scopes text[] NOT NULL,
      org_unit_id uuid REFERENCES org_unit(id),
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      last_used_at timestamptz
    );

    CREATE TABLE rate_limit (
      key text NOT NULL,
      window_start timestamptz NOT NULL,
      count int NOT NULL,
      PRIMARY KEY (key, window_start)
    );

    CREATE TABLE encryption_key (
      id text PRIMARY KEY,
      purpose text NOT NULL DEFAULT 'data',
      wrapped_key text NOT NULL,
      active boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      retired_at timestamptz
    );
    CREATE UNIQUE INDEX encryption_key_one_active ON encryption_key(purpose) WHERE active;

    CREATE TABLE audit_stream (
      stream text PRIMARY KEY,
      last_seq bigint NOT NULL,
      last_hash text NOT NULL
    );

    CREATE TABLE audit_entry (
      id bigserial PRIMARY KEY,
      stream text NOT NULL,
      seq bigint NOT NULL,
      occurred_at timestamptz NOT NULL,
      actor_type text NOT NULL,
      actor_id text,
      auth_method text,
      ip text,
      request_id text,
      entity_type text NOT NULL,
      entity_id text,
      kind text NOT NULL,
      data jsonb NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL,
      UNIQUE (stream, seq)
    );
    CREATE INDEX audit_entry_entity_idx ON audit_entry(entity_type, entity_id, id);
    CREATE INDEX audit_entry_kind_idx ON audit_entry(kind, occurred_at);

    CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$;
    CREATE TRIGGER audit_entry_no_update BEFORE UPDATE OR DELETE ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
    CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();

    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      topic text NOT NULL,
      aggregate_type text,
      aggregate_id text,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      available_at timestamptz NOT NULL DEFAULT now(),
      attempts int NOT NULL DEFAULT 0,
      claimed_by text,
      claimed_until timestamptz,
      done_at timestamptz,
      dead_at timestamptz,
      last_error text
    );
    CREATE INDEX outbox_pending_idx ON outbox(available_at, id) WHERE done_at IS NULL AND dead_at IS NULL;

    CREATE TABLE job (
      name text PRIMARY KEY,
      next_run_at timestamptz NOT NULL,
      claimed_by text,
      claimed_until timestamptz,
      last_run_at timestamptz,
      last_error text
    );

    CREATE TABLE setting (
      key text PRIMARY KEY,
      value jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}
