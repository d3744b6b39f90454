// Analytics: metric facts and rollups (daily, monthly), denominators, risk indicators and warnings, contingency
// plans and drills, root causes, remediation actions, retrospective reviews. See docs/metrics.md.
import { sql, type Kysely } from 'kysely';
import { DEFAULT_INDICATORS } from '../../core/risk/indicators.ts';
import { DEFAULT_PLANS } from '../../core/risk/plans.ts';

// The measure columns as they were when this migration shipped (src/core/metrics/measures.ts MEASURES).
const MEASURE_COLUMNS = `
  n, accepted, closed, decided_closed, resolved, open_n, rated,
  satisfied, sat_time_n, sat_time_sum, sat_effect_n, sat_effect_sum,
  sat_comm_n, sat_comm_sum, sat_follow_n, sat_follow_sum, notified,
  review_n, review_decided, overturned, repeat_n, reopened, reassigned,
  reassign_sum, major_n, mass_n, referral_n, pol_breach, stat_breach,
  ack_pol_n, ack_pol_ok, ack_stat_n, ack_stat_ok, cls_pol_n, cls_pol_ok, cls_stat_n, cls_stat_ok,
  sta_pol_n, sta_pol_ok, sta_stat_n, sta_stat_ok, fr_pol_n, fr_pol_ok, fr_stat_n, fr_stat_ok,
  dec_pol_n, dec_pol_ok, dec_stat_n, dec_stat_ok, ntf_pol_n, ntf_pol_ok, ntf_stat_n, ntf_stat_ok,
  rvd_pol_n, rvd_pol_ok, rvd_stat_n, rvd_stat_ok`
  .split(',')
  .map((s) => s.trim());

const cols = (type: string) => MEASURE_COLUMNS.map((c) => `${c} ${type} NOT NULL DEFAULT 0`).join(',\n      ');

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    -- One row per complaint: its rollup key and measures as last counted (lets refreshes subtract old values).
    CREATE TABLE metric_fact (
      complaint_id uuid PRIMARY KEY,
      day date NOT NULL,
      unit_id uuid NOT NULL,
      channel text NOT NULL, channel_code text NOT NULL, category text NOT NULL, business_code text NOT NULL,
      reason_code text NOT NULL, product text NOT NULL, handling_unit text NOT NULL, handler text NOT NULL,
      ${cols('smallint')}
    );

    -- Rollups: Asia/Shanghai day (or first day of month) of receipt × attributed unit × one dimension value.
    -- dim '' is the total; unit_id 00000000-… means "no unit".
    CREATE TABLE metric_daily (
      dim text NOT NULL, day date NOT NULL, unit_id uuid NOT NULL, val text NOT NULL,
      ${cols('integer')},
      PRIMARY KEY (dim, day, unit_id, val)
    );
    CREATE INDEX metric_daily_empty_idx ON metric_daily(dim) WHERE n = 0;
    CREATE TABLE metric_monthly (
      dim text NOT NULL, day date NOT NULL, unit_id uuid NOT NULL, val text NOT NULL,
      ${cols('integer')},
      PRIMARY KEY (dim, day, unit_id, val)
    );
    CREATE INDEX metric_monthly_empty_idx ON metric_monthly(dim) WHERE n = 0;
  `).execute(db);

  await sql`
    CREATE TABLE metric_watermark (
      name text PRIMARY KEY,
      watermark timestamptz,
      as_of timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO metric_watermark (name) VALUES ('rollup'), ('retrospective');

    -- Refresh support: complaints changed since a watermark, deadlines that fall due.
    CREATE INDEX complaint_updated_at_idx ON complaint(updated_at);
    CREATE INDEX complaint_closed_at_idx ON complaint(closed_at) WHERE closed_at IS NOT NULL;
    CREATE INDEX complaint_deadline_policy_open_idx ON complaint_deadline(policy_due_at) WHERE met_at IS NULL;
    CREATE INDEX complaint_deadline_statutory_idx ON complaint_deadline(statutory_due_at);

    CREATE TABLE metric_denominator (
      unit_id uuid NOT NULL REFERENCES org_unit(id),
      kind text NOT NULL CHECK (kind IN ('customers','individual_customers','branches')),
      as_of date NOT NULL,
      value numeric(18,2) NOT NULL CHECK (value >= 0),
      loaded_by text,
      loaded_at timestamptz NOT NULL,
      PRIMARY KEY (unit_id, kind, as_of)
    );

    CREATE TABLE risk_indicator (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      name_en text NOT NULL,
      metric text NOT NULL,
      scope_type text NOT NULL,
      scope_value text,
      "window" text NOT NULL,
      mode text NOT NULL,
      direction text NOT NULL,
      warning numeric,
      alarm numeric,
      min_volume numeric NOT NULL DEFAULT 0,
      risk_type text NOT NULL,
      due_hours int NOT NULL DEFAULT 72,
      owner_role text NOT NULL DEFAULT 'consumer_protection',
      owner_user_id uuid REFERENCES app_user(id),
      ewma jsonb,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE contingency_plan (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      risk_type text NOT NULL UNIQUE,
      name text NOT NULL,
      name_en text NOT NULL,
      checklist jsonb NOT NULL,
      version int NOT NULL DEFAULT 1,
      updated_by text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE contingency_drill (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES contingency_plan(id),
      held_at timestamptz NOT NULL,
      scenario text NOT NULL,
      participants text NOT NULL DEFAULT '',
      findings text NOT NULL DEFAULT '',
      recorded_by text,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX contingency_drill_plan_idx ON contingency_drill(plan_id, held_at);

    -- One warning per crossing: indicator × scope × period (a later alarm in the same period escalates it).
    CREATE TABLE risk_warning (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      indicator_id uuid NOT NULL REFERENCES risk_indicator(id),
      scope_key text NOT NULL,
      scope_label text NOT NULL,
      unit_path text,
      period_start date NOT NULL,
      period_end date NOT NULL,
      level text NOT NULL CHECK (level IN ('warning','alarm')),
      observed numeric NOT NULL,
      threshold numeric NOT NULL,
      baseline numeric,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','acknowledged','resolved')),
      owner_id uuid REFERENCES app_user(id),
      due_at timestamptz NOT NULL,
      plan_id uuid REFERENCES contingency_plan(id),
      checklist jsonb NOT NULL DEFAULT '[]',
      raised_at timestamptz NOT NULL,
      escalated_at timestamptz,
      acknowledged_at timestamptz,
      acknowledged_by uuid,
      resolved_at timestamptz,
      resolved_by uuid,
      resolution_note text,
      UNIQUE (indicator_id, scope_key, period_start)
    );
    CREATE INDEX risk_warning_state_idx ON risk_warning(state, due_at);

    CREATE TABLE complaint_root_cause (
      complaint_id uuid PRIMARY KEY REFERENCES complaint(id),
      code text NOT NULL,
      detail text NOT NULL DEFAULT '',
      recorded_by uuid,
      recorded_at timestamptz NOT NULL
    );
    CREATE INDEX complaint_root_cause_code_idx ON complaint_root_cause(code);

    CREATE TABLE remediation_action (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      title text NOT NULL,
      detail text NOT NULL DEFAULT '',
      type text NOT NULL,
      owner_id uuid REFERENCES app_user(id),
      owner_unit_id uuid REFERENCES org_unit(id),
      due_at timestamptz NOT NULL,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','in_progress','done','cancelled')),
      completion_note text,
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      completed_at timestamptz
    );
    CREATE INDEX remediation_action_state_idx ON remediation_action(state, due_at);

    CREATE TABLE remediation_link (
      action_id uuid NOT NULL REFERENCES remediation_action(id),
      target_type text NOT NULL CHECK (target_type IN ('complaint','risk_warning','retrospective')),
      target_id uuid NOT NULL,
      PRIMARY KEY (action_id, target_type, target_id)
    );
    CREATE INDEX remediation_link_target_idx ON remediation_link(target_type, target_id);

    CREATE TABLE retrospective_review (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      complaint_id uuid NOT NULL UNIQUE REFERENCES complaint(id),
      sampled_at timestamptz NOT NULL,
      seed text NOT NULL,
      rate numeric NOT NULL,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','done')),
      reviewer_id uuid,
      form jsonb,
      findings text,
      verdict text CHECK (verdict IN ('satisfactory','issues_found')),
      reviewed_at timestamptz
    );
    CREATE INDEX retrospective_review_state_idx ON retrospective_review(state, sampled_at);
  `.execute(db);

  for (const i of DEFAULT_INDICATORS) {
    await sql`
      INSERT INTO risk_indicator (code, name, name_en, metric, scope_type, scope_value, "window", mode, direction, warning, alarm,
                                  min_volume, risk_type, due_hours, owner_role, ewma)
      VALUES (${i.code}, ${i.zh}, ${i.en}, ${i.metric}, ${i.scopeType}, ${i.scopeValue}, ${i.window}, ${i.mode}, ${i.direction},
              ${i.warning}, ${i.alarm}, ${i.minVolume}, ${i.riskType}, ${i.dueHours}, ${i.ownerRole},
              ${i.ewma ? JSON.stringify(i.ewma) : null}::jsonb)`.execute(db);
  }
  for (const p of DEFAULT_PLANS) {
    await sql`INSERT INTO contingency_plan (risk_type, name, name_en, checklist) VALUES (${p.riskType}, ${p.zh}, ${p.en}, ${JSON.stringify(p.checklist)}::jsonb)`.execute(db);
  }
}
