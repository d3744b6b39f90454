// Kysely types of the analytics tables (migration 0100-analytics) and a handle that knows them.
import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Ts = ColumnType<Date, Date | string, Date | string>;
type TsDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Jsonb<T> = ColumnType<T, string, string>;
type Num = ColumnType<number, number | string, number | string>;

export interface MetricDenominatorTable {
  unit_id: string;
  kind: string;
  as_of: ColumnType<Date, string, string>;
  value: Num;
  loaded_by: string | null;
  loaded_at: Ts;
}

export interface MetricWatermarkTable {
  name: string;
  watermark: Date | null;
  as_of: Date | null;
  updated_at: TsDefault;
}

export interface RiskIndicatorTable {
  id: Generated<string>;
  code: string;
  name: string;
  name_en: string;
  metric: string;
  scope_type: string;
  scope_value: string | null;
  window: string;
  mode: string;
  direction: string;
  warning: Num | null;
  alarm: Num | null;
  min_volume: Num;
  risk_type: string;
  due_hours: number;
  owner_role: string;
  owner_user_id: string | null;
  ewma: Jsonb<Record<string, number> | null> | null;
  active: Generated<boolean>;
  created_at: TsDefault;
  updated_at: TsDefault;
}

export interface RiskWarningTable {
  id: Generated<string>;
  indicator_id: string;
  scope_key: string;
  scope_label: string;
  unit_path: string | null;
  period_start: ColumnType<Date, string, string>;
  period_end: ColumnType<Date, string, string>;
  level: string;
  observed: Num;
  threshold: Num;
  baseline: Num | null;
  state: Generated<string>;
  owner_id: string | null;
  due_at: Ts;
  plan_id: string | null;
  checklist: Jsonb<Array<Record<string, unknown>>>;
  raised_at: Ts;
  escalated_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution_note: string | null;
}

export interface ContingencyPlanTable {
  id: Generated<string>;
  risk_type: string;
  name: string;
  name_en: string;
  checklist: Jsonb<string[]>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: TsDefault;
}

export interface ContingencyDrillTable {
  id: Generated<string>;
  plan_id: string;
  held_at: Ts;
  scenario: string;
  participants: Generated<string>;
  findings: Generated<string>;
  recorded_by: string | null;
  created_at: Ts;
}

export interface ComplaintRootCauseTable {
  complaint_id: string;
  code: string;
  detail: Generated<string>;
  recorded_by: string | null;
  recorded_at: Ts;
}

export interface RemediationActionTable {
  id: Generated<string>;
  title: string;
  detail: Generated<string>;
  type: string;
  owner_id: string | null;
  owner_unit_id: string | null;
  due_at: Ts;
  state: Generated<string>;
  completion_note: string | null;
  created_by: string | null;
  created_at: Ts;
  updated_at: Ts;
  completed_at: Date | null;
}

export interface RemediationLinkTable {
  action_id: string;
  target_type: string;
  target_id: string;
}

export interface RetrospectiveReviewTable {
  id: Generated<string>;
  complaint_id: string;
  sampled_at: Ts;
  seed: string;
  rate: Num;
  state: Generated<string>;
  reviewer_id: string | null;
  form: Jsonb<Record<string, string> | null> | null;
  findings: string | null;
  verdict: string | null;
  reviewed_at: Date | null;
}

export type AnalyticsTables = {
  metric_denominator: MetricDenominatorTable;
  metric_watermark: MetricWatermarkTable;
  risk_indicator: RiskIndicatorTable;
  risk_warning: RiskWarningTable;
  contingency_plan: ContingencyPlanTable;
  contingency_drill: ContingencyDrillTable;
  complaint_root_cause: ComplaintRootCauseTable;
  remediation_action: RemediationActionTable;
  remediation_link: RemediationLinkTable;
  retrospective_review: RetrospectiveReviewTable;
};

export type ADB = DB & AnalyticsTables;
export type AQ = Kysely<ADB> | Transaction<ADB>;

export function adb(db: Kysely<DB>): Kysely<ADB> {
  return db.withTables<AnalyticsTables>() as unknown as Kysely<ADB>;
}
export function atrx(trx: Transaction<DB>): Transaction<ADB> {
  return trx.withTables<AnalyticsTables>() as unknown as Transaction<ADB>;
}

/** Unit id used in rollups for complaints attributed to no org unit. */
export const NO_UNIT = '00000000-0000-0000-0000-000000000000';
