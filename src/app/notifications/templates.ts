// Notification templates as versioned data: administrators edit them (validated, audited) and preview them
// with sample values; the newest active version of each kind is used for sending.
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { DEFAULT_TEMPLATES, renderTemplate, sampleVars, validateTemplate, type NotificationTemplate, type TemplateKind } from '../../core/notify/index.ts';

export async function listTemplates(deps: Deps) {
  const rows = await deps.db.selectFrom('notification_template').select(['kind', 'version', 'active', 'created_at', 'created_by']).orderBy('kind').orderBy('version', 'desc').execute();
  return Object.keys(DEFAULT_TEMPLATES).map((kind) => {
    const versions = rows.filter((r) => r.kind === kind);
    const active = versions.find((v) => v.active);
    return {
      kind,
      activeVersion: active?.version ?? 0,
      versions: versions.map((v) => ({ version: v.version, active: v.active, createdAt: v.created_at.toISOString(), createdBy: v.created_by })),
    };
  });
}

export async function getTemplate(deps: Deps, kind: TemplateKind): Promise<NotificationTemplate> {
  const t = await deps.db.selectFrom('notification_template').select('content').where('kind', '=', kind).where('active', '=', true).executeTakeFirst();
  return t ? (t.content as unknown as NotificationTemplate) : DEFAULT_TEMPLATES[kind];
}

export async function saveTemplate(deps: Deps, ctx: Ctx, kind: TemplateKind, template: NotificationTemplate): Promise<{ version: number }> {
  if (template.kind !== kind) throw new AppError('VALIDATION_FAILED', { field: 'kind' });
  const v = validateTemplate(template);
  if (!v.ok) throw new AppError('VALIDATION_FAILED', { issues: v.issues.slice(0, 20) });
  return deps.db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('notification_template').select(({ fn }) => fn.max('version').as('v')).where('kind', '=', kind).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await trx.updateTable('notification_template').set({ active: false }).where('kind', '=', kind).where('active', '=', true).execute();
    await trx.insertInto('notification_template').values({ kind, version, content: JSON.stringify(template), active: true, created_by: ctx.actor.id, created_at: ctx.now }).execute();
    await appendAudit(trx, ctx, { stream: 'config', entityType: 'notification_template', entityId: `${kind}@${version}`, kind: 'CONFIG_CHANGED', data: { action: 'template.saved', kind, version } });
    return { version };
  });
}

export function previewTemplate(template: NotificationTemplate, locale: 'zh-CN' | 'en') {
  const v = validateTemplate(template);
  if (!v.ok) throw new AppError('VALIDATION_FAILED', { issues: v.issues.slice(0, 20) });
  const r = renderTemplate(template, sampleVars(template.kind, locale), { locale });
  return { email: r.email ?? null, sms: r.sms ? { text: r.sms.text, segments: r.sms.segments } : null };
}
