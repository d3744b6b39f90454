// Kysely table types. Keep in step with migrations/.
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Ts = ColumnType<Date, Date | string, Date | string>;
type TsDefault = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null = Record<string, unknown>> = JSONColumnType<T, string, string>;

export interface OrgUnitTable {
  id: Generated<string>;
  code: string;
  name: string;
  name_en: string | null;
  level: string;
  parent_id: string | null;
  path: string;
  active: Generated<boolean>;
  created_at: TsDefault;
  updated_at: TsDefault;
}

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  display_name: string;
  email_enc: string | null;
  org_unit_id: string;
  password_hash: string;
  status: Generated<string>;
  totp_secret_enc: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: number | null;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  password_changed_at: TsDefault;
  created_at: TsDefault;
  updated_at: TsDefault;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface StaffSessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  mfa_verified: boolean;
  created_at: Ts;
  last_seen_at: Ts;
  expires_at: Ts;
  revoked_at: Date | null;
}

export interface ApiKeyTable {
  id: Generated<string>;
  name: string;
  prefix: string;
  secret_hash: string;
  scopes: string[];
  org_unit_id: string | null;
  created_by: string | null;
  created_at: TsDefault;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface RateLimitTable {
  key: string;
  window_start: Ts;
  count: number;
}

export interface EncryptionKeyTable {
  id: string;
  purpose: Generated<string>;
  wrapped_key: string;
  active: Generated<boolean>;
  created_at: TsDefault;
  retired_at: Date | null;
}

export interface AuditStreamTable {
  stream: string;
  last_seq: number;
  last_hash: string;
}

export interface AuditEntryTable {
  id: Generated<number>;
  stream: string;
  seq: number;
  occurred_at: Ts;
  actor_type: string;
  actor_id: string | null;
  auth_method: string | null;
  ip: string | null;
  request_id: string | null;
  entity_type: string;
  entity_id: string | null;
  kind: string;
  data: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  aggregate_type: string | null;
  aggregate_id: string | null;
  payload: Json<Record<string, unknown>>;
  created_at: TsDefault;
  available_at: TsDefault;
  attempts: Generated<number>;
  claimed_by: string | null;
  claimed_until: Date | null;
  done_at: Date | null;
  dead_at: Date | null;
  last_error: string | null;
}

export interface JobTable {
  name: string;
  next_run_at: Ts;
  claimed_by: string | null;
  claimed_until: Date | null;
  last_run_at: Date | null;
  last_error: string | null;
}

export interface SettingTable {
  key: string;
  value: Json<Record<string, unknown> | unknown[]>;
  updated_at: TsDefault;
}

export interface ComplaintTable {
  id: Generated<string>;
  tracking_no: string;
  channel: string;
  received_at: Ts;
  registered_at: Ts;
  state: string;
  missing: ColumnType<string[], string[] | undefined, string[]>;
  name_enc: string | null;
  id_number_enc: string | null;
  phone_enc: string | null;
  email_enc: string | null;
  customer_no_enc: string | null;
  id_number_bidx: string | null;
  phone_bidx: string | null;
  name_masked: string | null;
  phone_masked: string | null;
  content: Generated<string>;
  demand: Generated<string>;
  search_text: Generated<string>;
  amount: number | null;
  product_name: string | null;
  org_unit_id: string | null;
  handling_unit_id: string | null;
  handler_id: string | null;
  co_handling_unit_ids: ColumnType<string[], string[] | undefined, string[]>;
  category: string | null;
  channel_code: string | null;
  business_code: string | null;
  reason_code: string | null;
  code_table_version: string | null;
  complexity: Generated<string>;
  urgency: Generated<string>;
  major: Generated<boolean>;
  mass: Generated<boolean>;
  complainant_count: Generated<number>;
  tier: Generated<number>;
  referral_source: string | null;
  referral_ref: string | null;
  referral_due_at: Date | null;
  extension_level: Generated<number>;
  extension_pending: Generated<boolean>;
  reassignment_count: Generated<number>;
  reopen_count: Generated<number>;
  repeat_of: string | null;
  merged_into: string | null;
  suggestion: Json<Record<string, unknown>> | null;
  classified_by: string | null;
  classified_at: Date | null;
  plan_at: Date | null;
  accepted_at: Date | null;
  started_at: Date | null;
  first_response_at: Date | null;
  decision: Json<Record<string, unknown>> | null;
  decided_at: Date | null;
  decision_notified_at: Date | null;
  feedback_at: Date | null;
  satisfaction: Json<Record<string, unknown>> | null;
  review: Json<Record<string, unknown>> | null;
  review_requested_at: Date | null;
  review_decided_at: Date | null;
  followed_up_at: Date | null;
  closed_at: Date | null;
  archived_at: Date | null;
  paused_since: Date | null;
  pauses: ColumnType<Array<{ from: string; to: string | null }>, string | undefined, string>;
  effective_due_at: Date | null;
  state_data: ColumnType<Record<string, unknown>, string | undefined, string>;
  version: Generated<number>;
  created_at: Ts;
  updated_at: Ts;
}

export interface ComplaintDeadlineTable {
  complaint_id: string;
  step: string;
  starts_at: Ts;
  policy_due_at: Date | null;
  statutory_due_at: Date | null;
  referral_due_at: Date | null;
  effective_due_at: Ts;
  binding: string;
  met_at: Date | null;
  next_check_at: Date | null;
  at_risk_fired_at: Date | null;
  breached_fired_at: Date | null;
  statutory_warn_at: Date | null;
  statutory_warned_at: Date | null;
  explanation: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface ComplaintNoteTable {
  id: Generated<string>;
  complaint_id: string;
  author_id: string | null;
  body: string;
  created_at: Ts;
}

export interface IdempotencyKeyTable {
  key: string;
  principal: string;
  request_hash: string;
  complaint_id: string;
  created_at: Ts;
}

export interface CodeTableTable {
  version: string;
  active: Generated<boolean>;
  codes: Json<Record<string, unknown> | unknown[]>;
  loaded_by: string | null;
  created_at: TsDefault;
}

export interface RoutingRuleTable {
  id: Generated<string>;
  priority: Generated<number>;
  org_unit_id: string | null;
  business_code: string | null;
  category: string | null;
  channel: string | null;
  target_unit_id: string;
  active: Generated<boolean>;
  created_at: TsDefault;
}

export interface NotificationTable {
  id: Generated<number>;
  dedupe_key: string;
  complaint_id: string | null;
  kind: string;
  channel: string;
  locale: Generated<string>;
  recipient_enc: string;
  vars_enc: string;
  status: Generated<string>;
  attempts: Generated<number>;
  last_error: string | null;
  provider_id: string | null;
  created_at: Ts;
  sent_at: Date | null;
}

export interface NotificationTemplateTable {
  kind: string;
  version: number;
  content: Json<Record<string, unknown>>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Ts;
}

export interface PortalOtpTable {
  id: Generated<number>;
  complaint_id: string;
  code_hash: string;
  expires_at: Ts;
  attempts: Generated<number>;
  used_at: Date | null;
  created_at: Ts;
}

export interface PortalSessionTable {
  id: string;
  complaint_id: string;
  csrf_token: string;
  created_at: Ts;
  expires_at: Ts;
  revoked_at: Date | null;
}

export interface AttachmentTable {
  id: Generated<string>;
  complaint_id: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  content_enc: Buffer;
  uploaded_by: string;
  created_at: Ts;
}

export interface CalendarYearTable {
  year: number;
  holidays: string[];
  workdays: string[];
  source: string | null;
  imported_by: string | null;
  imported_at: Ts;
}

export interface ClassifierModelTable {
  id: Generated<string>;
  name: string;
  /** 'bundle' (a bootstrap-format model, three heads) or the head a generic model replaces. */
  head: string;
  version: string;
  sha256: string;
  /** The model's labels per head it predicts: { category: […] }, or all three heads for a bundle. */
  labels: Json<Record<string, string[]>>;
  /** Size of the JSON text (uncompressed). */
  size_bytes: number;
  held_out: Json<Record<string, unknown>> | null;
  /** gzip of the model's JSON text. */
  body: Buffer;
  uploaded_by: string | null;
  uploaded_at: Ts;
  active: Generated<boolean>;
  activated_by: string | null;
  activated_at: Date | null;
}

export interface StaffNoticeTable {
  id: Generated<string>;
  /** The outbox event the notice came from; unique with user_id, so a redelivered event notifies no one twice. */
  source_event_id: ColumnType<string, number, never>;
  user_id: string;
  kind: string;
  complaint_id: string | null;
  warning_id: string | null;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  created_at: Ts;
  read_at: Date | null;
}

export interface DB {
  staff_notice: StaffNoticeTable;
  classifier_model: ClassifierModelTable;
  calendar_year: CalendarYearTable;
  notification: NotificationTable;
  notification_template: NotificationTemplateTable;
  portal_otp: PortalOtpTable;
  portal_session: PortalSessionTable;
  attachment: AttachmentTable;
  org_unit: OrgUnitTable;
  app_user: AppUserTable;
  user_role: UserRoleTable;
  recovery_code: RecoveryCodeTable;
  staff_session: StaffSessionTable;
  api_key: ApiKeyTable;
  rate_limit: RateLimitTable;
  encryption_key: EncryptionKeyTable;
  audit_stream: AuditStreamTable;
  audit_entry: AuditEntryTable;
  outbox: OutboxTable;
  job: JobTable;
  setting: SettingTable;
  complaint: ComplaintTable;
  complaint_deadline: ComplaintDeadlineTable;
  complaint_note: ComplaintNoteTable;
  idempotency_key: IdempotencyKeyTable;
  code_table: CodeTableTable;
  routing_rule: RoutingRuleTable;
}
