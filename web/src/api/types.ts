// Types of the API documents the console reads, written from the server's TypeBox schemas
// (src/http/routes/*.ts, complaints.schemas.ts). Keep in step with /api/v1/openapi.json.

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export type MfaState = 'none' | 'required' | 'enrolment_required' | 'verified';

export interface Me {
  id: string;
  displayName: string;
  orgUnitId: string | null;
  roles: string[];
  permissions: string[];
  mfaVerified: boolean;
  csrfToken: string | null;
}

export interface Deadline {
  step: string;
  startsAt: string;
  policyDue: string | null;
  statutoryDue: string | null;
  referralDue: string | null;
  effectiveDue: string;
  binding: string;
  metAt: string | null;
  status: 'met' | 'ok' | 'at_risk' | 'breached';
  explanation: { explanation?: { zh?: string; en?: string } } & Record<string, unknown>;
}

export interface Suggestion {
  category?: string;
  categoryConfidence?: number;
  reasonCode?: string | null;
  reasonConfidence?: number;
  businessCode?: string | null;
  businessConfidence?: number;
  urgency?: string;
  urgencyReasons?: string[];
  modelVersion?: string;
}

export interface Complaint {
  id: string;
  trackingNo: string;
  state: string;
  channel: string;
  receivedAt: string;
  registeredAt: string;
  missing: string[];
  complainant: { name: string | null; phone: string | null; hasIdNumber: boolean; hasEmail: boolean; hasCustomerNo: boolean };
  content: string;
  demand: string;
  amount: number | null;
  productName: string | null;
  orgUnitId: string | null;
  handlingUnitId: string | null;
  handlerId: string | null;
  category: string | null;
  channelCode: string | null;
  businessCode: string | null;
  reasonCode: string | null;
  complexity: string;
  urgency: string;
  major: boolean;
  mass: boolean;
  complainantCount: number;
  tier: number;
  referral: { source: string; ref: string | null; dueAt: string | null } | null;
  extensionLevel: number;
  extensionPending: boolean;
  reassignmentCount: number;
  reopenCount: number;
  repeatOf: string | null;
  mergedInto: string | null;
  suggestion: Suggestion | null;
  decision: Record<string, unknown> | null;
  satisfaction: Record<string, unknown> | null;
  review: Record<string, unknown> | null;
  effectiveDueAt: string | null;
  deadlines: Deadline[];
  allowedActions: string[];
  version: number;
  updatedAt: string;
}

export interface ListItem {
  id: string;
  trackingNo: string;
  state: string;
  channel: string;
  category: string | null;
  tier: number;
  major: boolean;
  urgency: string;
  complainantName: string | null;
  summary: string;
  handlingUnitId: string | null;
  handlerId: string | null;
  receivedAt: string;
  effectiveDueAt: string | null;
  breached: boolean;
}

export interface DueBrief {
  step: string;
  policyDue: string | null;
  statutoryDue: string | null;
  effectiveDue: string;
  binding: string;
  status: Deadline['status'];
}

export interface QueueItem extends ListItem {
  next: DueBrief | null;
  statutoryDue: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TimelineEntry {
  id: number;
  at: string;
  kind: string;
  label: { zh: string; en: string };
  actor: { type: string; id: string | null; name: string | null };
  data: Record<string, unknown>;
}

export interface Note {
  id: string;
  body: string;
  authorId: string | null;
  createdAt: string;
}

export interface OrgUnit {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
  parentId: string | null;
  active: boolean;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  orgUnitId: string;
  roles: string[];
  status: string;
  mfaEnabled: boolean;
  lockedUntil: string | null;
  /** Work e-mail for staff notices, masked (e.g. `z********@bank.example.cn`); null when none is set. */
  email: string | null;
}

export interface StaffMember {
  id: string;
  displayName: string;
  orgUnitId: string;
  roles: string[];
  canHandle: boolean;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  orgUnitId: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface AuditEntry {
  id: number;
  stream: string;
  seq: number;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  authMethod: string | null;
  ip: string | null;
  requestId: string | null;
  entityType: string;
  entityId: string | null;
  kind: string;
  data: Record<string, unknown>;
  hash: string;
}

export interface PendingExtension {
  id: string;
  trackingNo: string;
  state: string;
  category: string | null;
  tier: number;
  handlingUnitId: string | null;
  handlerId: string | null;
  handlerName: string | null;
  effectiveDueAt: string | null;
  extensionLevel: number;
  requestedBy: string | null;
  requestedByName: string | null;
  requestedAt: string | null;
  reason: string;
}

export interface WorkloadRow {
  handlerId: string | null;
  displayName: string | null;
  open: number;
  atRisk: number;
  breached: number;
}

export interface CodeEntry {
  code: string;
  zh: string;
  en: string;
  parent?: string;
}

export interface CodeTable {
  version: string;
  channel: CodeEntry[];
  business: CodeEntry[];
  reason: CodeEntry[];
}

// ── Administration of policy data (src/http/routes/config.routes.ts) ──

export interface CalendarInfo {
  /** Years the calendar in force covers (shipped and imported). */
  coverage: number[];
  adjustedWorkdaysAreWorkingDays: boolean;
  imported: Array<{ year: number; source: string | null; importedAt: string; holidays: number; workdays: number }>;
}

export type DurationUnit = 'hours' | 'working_days' | 'calendar_days';
export interface Duration {
  unit: DurationUnit;
  amount: number;
}
export interface StatutoryLimit {
  anchor: string;
  /** Calendar days by extension level: none, extended, approved. */
  days: [number, number, number];
  byReferralSource?: Record<string, [number, number, number]>;
  basis: { zh: string; en: string };
}
export interface StepPolicy {
  anchor: string;
  target: Duration | Record<'general' | 'complex' | 'special', Duration> | null;
  extendedTarget?: Duration;
  statutory: StatutoryLimit | null;
  pausable: boolean;
  referralApplies: boolean;
}
export interface SlaPolicy {
  steps: Record<string, StepPolicy>;
  pausesStopStatutory: boolean;
  statutoryRollOverHolidays: boolean;
}

export interface RoutingRule {
  id: string;
  priority: number;
  orgUnitId: string | null;
  businessCode: string | null;
  category: string | null;
  channel: string | null;
  targetUnitId: string;
}

export interface CodeTableVersion {
  version: string;
  active: boolean;
  createdAt: string;
  /** A staff id, or 'system' for the shipped table. */
  loadedBy: string | null;
  loadedByName: string | null;
}

export interface TemplateSummary {
  kind: string;
  /** 0: the built-in default is in use. */
  activeVersion: number;
  versions: Array<{ version: number; active: boolean; createdAt: string; createdBy: string | null }>;
}
export type TemplateLocale = 'zh-CN' | 'en';
export interface TemplateContent {
  subject: string;
  text: string;
  html: string;
  sms: string;
}
export interface NotificationTemplate {
  kind: string;
  locales: Record<TemplateLocale, TemplateContent>;
}
export interface TemplatePreview {
  email: { subject: string; text: string; html: string } | null;
  sms: { text: string; segments: number } | null;
}

export interface DeadLetter {
  id: number;
  complaintId: string | null;
  kind: string;
  channel: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
}

// ── Classifier models (GET/POST /classifier/models, permission model:manage) ──

export type ModelHead = 'bundle' | 'category' | 'reason' | 'business';
export interface ClassifierModel {
  id: string;
  name: string;
  head: ModelHead;
  version: string;
  sha256: string;
  labels: string[];
  sizeBytes: number;
  heldOut: Record<string, unknown> | null;
  active: boolean;
  uploadedAt: string;
  uploadedBy: string | null;
  uploadedByName: string | null;
  activatedAt: string | null;
}
export interface ClassifierModels {
  items: ClassifierModel[];
  activeVersion: string;
}
export interface AgreementRow {
  modelVersion: string;
  decided: number;
  auto: number;
  human: number;
  categoryAgreed: number;
  categoryOverridden: number;
  agreementRate: number | null;
}

/** `GET/PUT /complaint-policy`: the handling rules an administrator changes. */
export interface HandlingRules {
  repeatWindowDays: number;
  majorRequiresInPersonFeedback: boolean;
  notifyCustomerOnFirstExtension: boolean;
}
