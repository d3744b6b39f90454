// Notices to staff: deadline warnings and breaches from the SLA sweep (`sla.at_risk`, `sla.breached`,
// `sla.statutory_near`) and risk warnings (`risk_warning.raised`, `risk_warning.escalated`) become one in-app notice
// per recipient (table staff_notice, unique per event × user, so a redelivered event notifies no one twice) and, for
// recipients with an e-mail address, an e-mail sent through the customer-notice machinery (a `notification` row of
// kind STAFF_EMAIL_KIND: same transport, retries, dead letters and resend).
//
// Recipients are resolved when the event is delivered, from the data as it is then:
//   handler             — the complaint's handler (told of every deadline event on their complaint);
//   supervisor          — active supervisors of the handling unit, else of the nearest parent unit that has any;
//   consumer_protection — active consumer-protection staff of the handling unit's branch (its own unit or a
//                         department directly under it), else of the head office;
//   risk warning        — its owner.
// Texts are zh-CN first, then English, and carry no personal data of the complainant: tracking number, step, due
// time (Asia/Shanghai) and the binding clock; for risk warnings the indicator, scope and level.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ClaimedEvent } from '../../db/outbox.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { BINDING_LABELS, STEP_LABELS, type Bilingual, type Binding, type StepName } from '../../core/sla/index.ts';
import { MAX_ATTEMPTS } from '../../core/notify/retry.ts';
import { sendNotifications, STAFF_EMAIL_KIND, type NoticeDeps } from './notices.ts';
import { adb } from '../analytics/tables.ts';
import { labelsFor } from '../analytics/labels.ts';
import { fmtDate } from '../analytics/dashboard.ts';

export const STAFF_NOTICE_KINDS = ['sla_at_risk', 'sla_breached', 'sla_statutory_near', 'risk_warning_raised', 'risk_warning_escalated'] as const;
export type StaffNoticeKind = (typeof STAFF_NOTICE_KINDS)[number];

/** Outbox topics that notify staff, and the kind of notice each makes. */
export const STAFF_NOTICE_TOPICS: Readonly<Record<string, StaffNoticeKind>> = {
  'sla.at_risk': 'sla_at_risk',
  'sla.breached': 'sla_breached',
  'sla.statutory_near': 'sla_statutory_near',
  'risk_warning.raised': 'risk_warning_raised',
  'risk_warning.escalated': 'risk_warning_escalated',
};

export type StaffRole = 'handler' | 'supervisor' | 'consumer_protection' | 'owner';

const ROLE_LABELS: Readonly<Record<StaffRole, Bilingual>> = {
  handler: { zh: '投诉处理人', en: 'handler of the complaint' },
  supervisor: { zh: '处理机构主管', en: 'supervisor of the handling unit' },
  consumer_protection: { zh: '消费者权益保护岗', en: 'consumer protection' },
  owner: { zh: '预警负责人', en: 'owner of the warning' },
};

const LEVEL_LABELS: Readonly<Record<string, Bilingual>> = {
  warning: { zh: '预警', en: 'warning' },
  alarm: { zh: '警报', en: 'alarm' },
};

const SCOPE_TYPE_LABELS: Readonly<Record<string, Bilingual>> = {
  institution: { zh: '全机构', en: 'institution' },
  unit: { zh: '机构', en: 'org unit' },
  product: { zh: '产品', en: 'product' },
  category: { zh: '投诉类别', en: 'category' },
  channel: { zh: '投诉渠道', en: 'channel' },
  business_code: { zh: '业务类别', en: 'business type' },
  reason_code: { zh: '投诉原因', en: 'reason' },
};

// ---------------------------------------------------------------------------------------------------------------
// Texts (pure)

const SH_PARTS = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** An instant as Beijing wall time: `2025年2月11日 23:59（北京时间）` / `11 February 2025, 23:59 (Beijing time)`. */
export function shanghaiTime(d: Date): Bilingual {
  const p = Object.fromEntries(SH_PARTS.formatToParts(d).map((x) => [x.type, x.value])) as Record<string, string>;
  const [y, m, day, hh, mm] = [p.year, Number(p.month), Number(p.day), p.hour, p.minute];
  return { zh: `${y}年${m}月${day}日 ${hh}:${mm}（北京时间）`, en: `${day} ${MONTHS[m - 1]} ${y}, ${hh}:${mm} (Beijing time)` };
}

/** One line, no control characters: values that reach a subject or title. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
}

export interface NoticeText {
  title: Bilingual;
  body: Bilingual;
}

export interface SlaFacts {
  kind: 'sla_at_risk' | 'sla_breached' | 'sla_statutory_near';
  trackingNo: string;
  step: string;
  /** The step's effective due time, or for `sla_statutory_near` the statutory limit. */
  dueAt: Date;
  binding: string;
  tier: number;
  /** The tier now, when the breach escalated the complaint. */
  escalatedTo?: number | null;
  roles: StaffRole[];
}

const stepLabel = (step: string): Bilingual => STEP_LABELS[step as StepName] ?? { zh: step, en: step };
const bindingLabel = (b: string): Bilingual => BINDING_LABELS[b as Binding] ?? { zh: b, en: b };
const reasonLine = (roles: StaffRole[]): Bilingual => ({
  zh: `您收到此通知是因为您是：${roles.map((r) => ROLE_LABELS[r].zh).join('、')}`,
  en: `You receive this notice as: ${roles.map((r) => ROLE_LABELS[r].en).join(', ')}`,
});

export function slaNoticeText(f: SlaFacts): NoticeText {
  const no = oneLine(f.trackingNo);
  const step = stepLabel(f.step);
  const due = shanghaiTime(f.dueAt);
  const clock = bindingLabel(f.binding);
  const title: Bilingual =
    f.kind === 'sla_breached'
      ? { zh: `投诉 ${no}「${step.zh}」已超时`, en: `Complaint ${no}: "${step.en}" is overdue` }
      : f.kind === 'sla_at_risk'
        ? { zh: `投诉 ${no}「${step.zh}」即将到期`, en: `Complaint ${no}: "${step.en}" is due soon` }
        : { zh: `投诉 ${no}「${step.zh}」临近法定时限`, en: `Complaint ${no}: the statutory limit for "${step.en}" is near` };
  const zh = [
    f.kind === 'sla_breached' ? '该投诉环节已超过截止时间，请立即处理。' : f.kind === 'sla_at_risk' ? '该投诉环节已用去80%以上的时限，请尽快处理。' : '该投诉环节的法定时限将在两个工作日内届满，请确保按时办结。',
    `${f.kind === 'sla_statutory_near' ? '法定时限' : '截止时间'}：${due.zh}`,
    `计时依据：${f.kind === 'sla_statutory_near' ? BINDING_LABELS.statutory.zh : clock.zh}`,
    `环节：${step.zh}`,
    `投诉编号：${no}`,
    `处理层级：第${f.tier}级${f.escalatedTo && f.escalatedTo > f.tier ? `（已自动升级至第${f.escalatedTo}级）` : ''}`,
    reasonLine(f.roles).zh,
  ];
  const en = [
    f.kind === 'sla_breached' ? 'This step of the complaint is past its due time: act now.' : f.kind === 'sla_at_risk' ? 'More than 80 % of the time for this step is gone: act soon.' : 'The statutory limit for this step runs out within two working days: make sure it is met.',
    `${f.kind === 'sla_statutory_near' ? 'Statutory limit' : 'Due'}: ${due.en}`,
    `Binding clock: ${f.kind === 'sla_statutory_near' ? BINDING_LABELS.statutory.en : clock.en}`,
    `Step: ${step.en}`,
    `Tracking number: ${no}`,
    `Tier: ${f.tier}${f.escalatedTo && f.escalatedTo > f.tier ? ` (escalated automatically to tier ${f.escalatedTo})` : ''}`,
    reasonLine(f.roles).en,
  ];
  return { title, body: { zh: zh.join('\n'), en: en.join('\n') } };
}

export interface RiskFacts {
  kind: 'risk_warning_raised' | 'risk_warning_escalated';
  indicator: Bilingual;
  indicatorCode: string;
  scopeType: string;
  scope: Bilingual;
  level: string;
  observed: number;
  threshold: number;
  periodStart: string;
  periodEnd: string;
  dueAt: Date;
}

const num = (n: number) => (Number.isFinite(n) ? String(Math.round(n * 10_000) / 10_000) : String(n));

export function riskNoticeText(f: RiskFacts): NoticeText {
  const name = { zh: oneLine(f.indicator.zh), en: oneLine(f.indicator.en) };
  const level = LEVEL_LABELS[f.level] ?? { zh: f.level, en: f.level };
  const scopeType = SCOPE_TYPE_LABELS[f.scopeType] ?? { zh: f.scopeType, en: f.scopeType };
  const scope = { zh: oneLine(f.scope.zh), en: oneLine(f.scope.en) };
  const due = shanghaiTime(f.dueAt);
  const escalated = f.kind === 'risk_warning_escalated';
  const title: Bilingual = escalated
    ? { zh: `风险预警升级为${level.zh}：${name.zh}`, en: `Risk warning raised to ${level.en}: ${name.en}` }
    : { zh: `风险${level.zh}：${name.zh}`, en: `Risk ${level.en}: ${name.en}` };
  const zh = [
    escalated ? '该风险预警已升级，请立即处置。' : '预警指标已越过阈值，请在处置期限前确认并处置。',
    `指标：${name.zh}（${oneLine(f.indicatorCode)}）`,
    `范围：${f.scopeType === 'institution' ? scope.zh : `${scopeType.zh} · ${scope.zh}`}`,
    `级别：${level.zh}`,
    `处置期限：${due.zh}`,
    `观测值：${num(f.observed)}；阈值：${num(f.threshold)}`,
    `统计期间：${f.periodStart} 至 ${f.periodEnd}`,
    reasonLine(['owner']).zh,
  ];
  const en = [
    escalated ? 'This risk warning was escalated: act now.' : 'A risk indicator crossed its threshold: acknowledge and act before the due time.',
    `Indicator: ${name.en} (${oneLine(f.indicatorCode)})`,
    `Scope: ${f.scopeType === 'institution' ? scope.en : `${scopeType.en} · ${scope.en}`}`,
    `Level: ${level.en}`,
    `Due: ${due.en}`,
    `Observed: ${num(f.observed)}; threshold: ${num(f.threshold)}`,
    `Period: ${f.periodStart} to ${f.periodEnd}`,
    reasonLine(['owner']).en,
  ];
  return { title, body: { zh: zh.join('\n'), en: en.join('\n') } };
}

/** The e-mail copy of a notice: one-line bilingual subject, zh-CN text first, then English, then a console link. */
export function staffEmail(t: NoticeText, link: string | null): { subject: string; text: string } {
  const open = link ? { zh: `\n\n在控制台中查看：${link}`, en: `\n\nOpen in the console: ${link}` } : { zh: '', en: '' };
  return {
    subject: oneLine(`${t.title.zh} / ${t.title.en}`),
    text: `${t.title.zh}\n\n${t.body.zh}${open.zh}\n\n——\n\n${t.title.en}\n\n${t.body.en}${open.en}\n`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Recipients

interface Recipient {
  userId: string;
  roles: StaffRole[];
}

function add(into: Map<string, StaffRole[]>, ids: Iterable<string>, role: StaffRole): void {
  for (const id of ids) {
    const roles = into.get(id) ?? [];
    if (!roles.includes(role)) roles.push(role);
    into.set(id, roles);
  }
}

/** Unit ids from the root down to the unit itself (the materialised path '/<id>/…/<id>/'). */
async function unitChain(deps: NoticeDeps, unitId: string): Promise<Array<{ id: string; level: string }>> {
  const u = await deps.db.selectFrom('org_unit').select('path').where('id', '=', unitId).executeTakeFirst();
  if (!u) return [];
  const ids = u.path.split('/').filter(Boolean);
  const rows = await deps.db.selectFrom('org_unit').select(['id', 'level']).where('id', 'in', ids).execute();
  return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is { id: string; level: string } => !!r);
}

async function usersWithRole(deps: NoticeDeps, role: string, unitIds: string[], departmentsOf = false) {
  if (unitIds.length === 0) return [];
  const r = await sql<{ id: string; unit_id: string; parent_id: string | null; level: string }>`
    SELECT a.id, u.id AS unit_id, u.parent_id, u.level
    FROM app_user a JOIN user_role r ON r.user_id = a.id JOIN org_unit u ON u.id = a.org_unit_id
    WHERE r.role = ${role} AND a.status = 'active'
      AND (u.id = ANY(${unitIds}::uuid[]) ${departmentsOf ? sql`OR (u.level = 'department' AND u.parent_id = ANY(${unitIds}::uuid[]))` : sql``})
    ORDER BY a.username`.execute(deps.db);
  return r.rows;
}

/** Supervisors of the unit, else of the nearest parent unit that has any. */
async function supervisorsOf(deps: NoticeDeps, chain: Array<{ id: string }>): Promise<string[]> {
  const users = await usersWithRole(deps, 'supervisor', chain.map((c) => c.id));
  for (const unit of [...chain].reverse()) {
    const here = users.filter((u) => u.unit_id === unit.id);
    if (here.length) return here.map((u) => u.id);
  }
  return [];
}

/** Consumer-protection staff of the unit's branch (the branch unit or a department directly under it), else of the
 * head office. With no unit at all: the head office's. */
async function consumerProtectionOf(deps: NoticeDeps, chain: Array<{ id: string; level: string }>): Promise<string[]> {
  let targets = [...chain].reverse().filter((u) => u.level === 'branch' || u.level === 'head_office');
  if (targets.length === 0) targets = await deps.db.selectFrom('org_unit').select(['id', 'level']).where('parent_id', 'is', null).where('level', '=', 'head_office').execute();
  const users = await usersWithRole(deps, 'consumer_protection', targets.map((t) => t.id), true);
  for (const t of targets) {
    const here = users.filter((u) => u.unit_id === t.id || (u.level === 'department' && u.parent_id === t.id));
    if (here.length) return here.map((u) => u.id);
  }
  return [];
}

async function slaRecipients(deps: NoticeDeps, c: { handler_id: string | null; unitId: string | null }, notify: string[]): Promise<Recipient[]> {
  const out = new Map<string, StaffRole[]>();
  // The handler is told of every deadline event on their complaint, whatever else the ladder asks for.
  if (c.handler_id) {
    const h = await deps.db.selectFrom('app_user').select('id').where('id', '=', c.handler_id).where('status', '=', 'active').executeTakeFirst();
    if (h) add(out, [h.id], 'handler');
  }
  const chain = c.unitId ? await unitChain(deps, c.unitId) : [];
  if (notify.includes('supervisor')) add(out, await supervisorsOf(deps, chain), 'supervisor');
  if (notify.includes('consumer_protection')) add(out, await consumerProtectionOf(deps, chain), 'consumer_protection');
  return [...out].map(([userId, roles]) => ({ userId, roles }));
}

// ---------------------------------------------------------------------------------------------------------------
// Delivery (outbox handler)

interface Planned {
  recipients: Recipient[];
  complaintId: string | null;
  warningId: string | null;
  text: (r: Recipient) => NoticeText;
  link: string | null;
}

const asDate = (v: unknown): Date | null => {
  const d = typeof v === 'string' ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
};

async function planSla(deps: NoticeDeps, kind: SlaFacts['kind'], p: Record<string, unknown>, base: string | null): Promise<Planned | null> {
  const complaintId = typeof p.complaintId === 'string' ? p.complaintId : null;
  if (!complaintId) return null;
  const c = await deps.db.selectFrom('complaint').select(['id', 'tracking_no', 'handler_id', 'handling_unit_id', 'org_unit_id', 'tier']).where('id', '=', complaintId).executeTakeFirst();
  if (!c) return null;
  const dueAt = kind === 'sla_statutory_near' ? (asDate(p.statutoryDueAt) ?? asDate(p.dueAt)) : asDate(p.dueAt);
  if (!dueAt) return null;
  const unitId = c.handling_unit_id ?? (typeof p.handlingUnitId === 'string' ? p.handlingUnitId : null) ?? c.org_unit_id;
  const notify = Array.isArray(p.notify) ? p.notify.filter((x): x is string => typeof x === 'string') : [];
  const recipients = await slaRecipients(deps, { handler_id: c.handler_id, unitId }, notify);
  const tier = typeof p.tier === 'number' ? p.tier : c.tier;
  const facts = { kind, trackingNo: typeof p.trackingNo === 'string' ? p.trackingNo : c.tracking_no, step: String(p.step ?? ''), dueAt, binding: String(p.binding ?? ''), tier, escalatedTo: kind === 'sla_breached' ? c.tier : null };
  return { recipients, complaintId, warningId: null, text: (r) => slaNoticeText({ ...facts, roles: r.roles }), link: base ? `${base}/app/complaints/${complaintId}` : null };
}

async function planRisk(deps: NoticeDeps, kind: RiskFacts['kind'], p: Record<string, unknown>, base: string | null): Promise<Planned | null> {
  const warningId = typeof p.warningId === 'string' ? p.warningId : null;
  if (!warningId) return null;
  const w = await adb(deps.db).selectFrom('risk_warning as w').innerJoin('risk_indicator as i', 'i.id', 'w.indicator_id')
    .select(['w.id', 'w.owner_id', 'w.state', 'w.level', 'w.observed', 'w.threshold', 'w.scope_key', 'w.scope_label', 'w.period_start', 'w.period_end', 'w.due_at', 'i.code', 'i.name', 'i.name_en', 'i.scope_type'])
    .where('w.id', '=', warningId).executeTakeFirst();
  if (!w || !w.owner_id || w.state === 'resolved') return null;
  const owner = await deps.db.selectFrom('app_user').select('id').where('id', '=', w.owner_id).where('status', '=', 'active').executeTakeFirst();
  if (!owner) return null;
  const scope = await scopeLabel(deps, w.scope_type, w.scope_key, w.scope_label);
  const facts: RiskFacts = {
    kind, indicator: { zh: w.name, en: w.name_en || w.name }, indicatorCode: w.code, scopeType: w.scope_type, scope, level: w.level,
    // The event carries the level that fired; the row may have moved on since (a later alarm has its own event).
    ...(typeof p.level === 'string' ? { level: p.level } : {}),
    observed: Number(p.observed ?? w.observed), threshold: Number(p.threshold ?? w.threshold),
    periodStart: typeof p.periodStart === 'string' ? p.periodStart : fmtDate(w.period_start), periodEnd: typeof p.periodEnd === 'string' ? p.periodEnd : fmtDate(w.period_end),
    dueAt: asDate(p.dueAt) ?? w.due_at,
  };
  return { recipients: [{ userId: owner.id, roles: ['owner'] }], complaintId: null, warningId, text: () => riskNoticeText(facts), link: base ? `${base}/app/warnings/${warningId}` : null };
}

async function scopeLabel(deps: NoticeDeps, scopeType: string, key: string, label: string): Promise<Bilingual> {
  if (scopeType === 'institution' || key === '') return { zh: '全机构', en: 'whole institution' };
  const dim = ({ unit: 'unit', category: 'category', channel: 'channel', business_code: 'business_code', reason_code: 'reason_code' } as const)[scopeType as 'unit'];
  if (!dim) return { zh: label, en: label };
  const l = (await labelsFor(deps.db, dim, [key])).get(key);
  return l && !(l.zh === key && label !== key) ? l : { zh: label, en: label };
}

function hashOf(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 16);
}

/**
 * Outbox handler for STAFF_NOTICE_TOPICS: writes the in-app notices and the e-mail rows in one transaction
 * (idempotent: unique per event × user and per dedupe key), then sends the e-mails still pending. A retryable send
 * failure is thrown so the outbox retries the event; notices and sent e-mails are not repeated.
 */
export async function handleStaffNoticeEvent(event: ClaimedEvent, deps: NoticeDeps): Promise<void> {
  const kind = STAFF_NOTICE_TOPICS[event.topic];
  if (!kind) return;
  const base = deps.publicBaseUrl ? deps.publicBaseUrl.replace(/\/+$/, '') : null;
  const plan = kind.startsWith('sla_')
    ? await planSla(deps, kind as SlaFacts['kind'], event.payload, base)
    : await planRisk(deps, kind as RiskFacts['kind'], event.payload, base);
  if (!plan || plan.recipients.length === 0) return;

  // E-mail only where a transport is configured: without one the in-app notice is the notice (no dead letters).
  const mail = deps.transports?.email?.configured === true;
  const users = await deps.db.selectFrom('app_user').select(['id', 'email_enc']).where('id', 'in', plan.recipients.map((r) => r.userId)).execute();
  const addresses = new Map<string, string>();
  if (mail) {
    for (const u of users) {
      if (!u.email_enc) continue;
      try {
        addresses.set(u.id, await deps.keyring.decrypt('email', u.email_enc));
      } catch {
        // An address that cannot be read is skipped; the in-app notice still reaches the user.
      }
    }
  }
  const now = deps.clock();
  await deps.db.transaction().execute(async (trx) => {
    for (const r of plan.recipients) {
      const t = plan.text(r);
      const ins = await trx.insertInto('staff_notice')
        .values({
          source_event_id: event.id, user_id: r.userId, kind, complaint_id: plan.complaintId, warning_id: plan.warningId,
          title_zh: t.title.zh, title_en: t.title.en, body_zh: t.body.zh, body_en: t.body.en, created_at: now,
        })
        .onConflict((oc) => oc.columns(['source_event_id', 'user_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      const to = addresses.get(r.userId);
      if (!ins || !to) continue; // already delivered on an earlier attempt (its e-mail row exists then too)
      await trx.insertInto('notification')
        .values({
          dedupe_key: `staff:${event.id}:${r.userId}:${hashOf(to)}`,
          complaint_id: plan.complaintId,
          kind: STAFF_EMAIL_KIND,
          channel: 'email',
          recipient_enc: deps.keyring.encrypt('recipient', to),
          vars_enc: deps.keyring.encrypt('vars', JSON.stringify(staffEmail(t, plan.link))),
          created_at: now,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute();
    }
  });

  const pending = await deps.db.selectFrom('notification').selectAll().where('dedupe_key', 'like', `staff:${event.id}:%`).where('status', '=', 'pending').orderBy('id').execute();
  const errors = await sendNotifications(deps, pending, () => event.attempts >= MAX_ATTEMPTS);
  const retry = [...errors.values()].find((e) => e.retryable);
  if (retry) throw retry;
}

// ---------------------------------------------------------------------------------------------------------------
// The signed-in user's inbox

export interface StaffNoticeView {
  id: string;
  kind: string;
  complaintId: string | null;
  warningId: string | null;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  createdAt: string;
  readAt: string | null;
}

type NoticeRow = { id: string; kind: string; complaint_id: string | null; warning_id: string | null; title_zh: string; title_en: string; body_zh: string; body_en: string; created_at: Date; read_at: Date | null };

function view(r: NoticeRow): StaffNoticeView {
  return {
    id: r.id, kind: r.kind, complaintId: r.complaint_id, warningId: r.warning_id, titleZh: r.title_zh, titleEn: r.title_en, bodyZh: r.body_zh,
    bodyEn: r.body_en, createdAt: r.created_at.toISOString(), readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

/** Only a signed-in person has an inbox (an API key has none). */
function me(ctx: Ctx): string | null {
  return ctx.actor.type === 'user' && ctx.actor.id ? ctx.actor.id : null;
}

function encodeCursor(r: { created_at: Date; id: string }): string {
  return Buffer.from(`${r.created_at.toISOString()}|${r.id}`).toString('base64url');
}

function decodeCursor(c: string): [Date, string] {
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split('|');
  const d = new Date(at ?? '');
  if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw new AppError('VALIDATION_FAILED', { field: 'cursor' });
  return [d, id!];
}

const COLUMNS = ['id', 'kind', 'complaint_id', 'warning_id', 'title_zh', 'title_en', 'body_zh', 'body_en', 'created_at', 'read_at'] as const;

async function unreadCount(deps: NoticeDeps, userId: string): Promise<number> {
  const r = await deps.db.selectFrom('staff_notice').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The caller's notices, newest first, `limit` a page (keyset: `nextCursor`), with the number unread. */
export async function listMyNotices(deps: NoticeDeps, ctx: Ctx, q: { unread?: boolean; limit?: number; cursor?: string }): Promise<{ items: StaffNoticeView[]; unreadCount: number; nextCursor: string | null }> {
  const userId = me(ctx);
  if (!userId) return { items: [], unreadCount: 0, nextCursor: null };
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 100);
  let query = deps.db.selectFrom('staff_notice').select(COLUMNS).where('user_id', '=', userId);
  if (q.unread) query = query.where('read_at', 'is', null);
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  return { items: page.map(view), unreadCount: await unreadCount(deps, userId), nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
}

/** Marks one of the caller's notices read (again: no change). Another user's notice does not exist for the caller. */
export async function markNoticeRead(deps: NoticeDeps, ctx: Ctx, id: string): Promise<StaffNoticeView & { unreadCount: number }> {
  const userId = me(ctx);
  if (!userId) throw new AppError('NOT_FOUND', { entity: 'staff_notice' });
  const row = await deps.db.updateTable('staff_notice')
    .set({ read_at: sql<Date>`COALESCE(read_at, ${ctx.now})` })
    .where('id', '=', id).where('user_id', '=', userId)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { entity: 'staff_notice' });
  return { ...view(row), unreadCount: await unreadCount(deps, userId) };
}

/** Marks all of the caller's unread notices read. */
export async function markAllNoticesRead(deps: NoticeDeps, ctx: Ctx): Promise<{ marked: number; unreadCount: number }> {
  const userId = me(ctx);
  if (!userId) return { marked: 0, unreadCount: 0 };
  const r = await deps.db.updateTable('staff_notice').set({ read_at: ctx.now }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return { marked: Number(r.numUpdatedRows), unreadCount: 0 };
}
