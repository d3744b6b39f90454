// The complaint's timeline (the audit trail as readable events) and internal notes.
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { appendAudit } from '../../db/audit.ts';
import { sql, type Expression } from 'kysely';
import { factsOf, loadComplaint } from './repository.ts';
import { refreshDeadlines } from './deadlines.ts';
import { maskText } from '../../core/privacy/index.ts';

export const EVENT_LABELS: Record<string, { zh: string; en: string }> = {
  COMPLAINT_REGISTERED: { zh: '投诉登记', en: 'Complaint registered' },
  COMPLAINT_ACCEPTED: { zh: '受理', en: 'Accepted' },
  COMPLAINT_CLASSIFIED: { zh: '分类', en: 'Classified' },
  COMPLAINT_ASSIGNED: { zh: '分派', en: 'Assigned' },
  COMPLAINT_HANDLING_STARTED: { zh: '开始处理', en: 'Handling started' },
  COMPLAINT_TRANSFERRED: { zh: '转办', en: 'Transferred' },
  COMPLAINT_RETURNED: { zh: '退回', en: 'Sent back' },
  COMPLAINT_ESCALATED: { zh: '升级', en: 'Escalated' },
  INFORMATION_REQUESTED: { zh: '要求补充材料', en: 'Information requested' },
  INFORMATION_SUPPLIED: { zh: '已补充材料', en: 'Information supplied' },
  DEADLINE_EXTENDED: { zh: '延期', en: 'Deadline extended' },
  EXTENSION_REQUESTED: { zh: '申请延期审批', en: 'Extension approval requested' },
  EXTENSION_APPROVED: { zh: '延期已批准', en: 'Extension approved' },
  EXTENSION_REJECTED: { zh: '延期未批准', en: 'Extension rejected' },
  DECISION_RECORDED: { zh: '作出处理决定', en: 'Decision recorded' },
  RESULT_FEEDBACK_SENT: { zh: '结果已告知', en: 'Result fed back' },
  SATISFACTION_RECORDED: { zh: '满意度评价', en: 'Satisfaction recorded' },
  REVIEW_REQUESTED: { zh: '申请核查', en: 'Review requested' },
  REVIEW_DECIDED: { zh: '核查决定', en: 'Review decided' },
  FOLLOW_UP_RECORDED: { zh: '回访', en: 'Follow-up recorded' },
  COMPLAINT_CLOSED: { zh: '办结', en: 'Closed' },
  COMPLAINT_REOPENED: { zh: '重新打开', en: 'Reopened' },
  COMPLAINT_MERGED: { zh: '合并', en: 'Merged' },
  COMPLAINT_ARCHIVED: { zh: '归档', en: 'Archived' },
  NOTE_ADDED: { zh: '内部备注', en: 'Internal note' },
  CUSTOMER_PII_VIEWED: { zh: '查看个人信息', en: 'Personal data viewed' },
  SLA_AT_RISK: { zh: '临近超时', en: 'Deadline at risk' },
  SLA_BREACHED: { zh: '已超时', en: 'Deadline breached' },
  CUSTOMER_NOTIFIED: { zh: '已通知投诉人', en: 'Complainant notified' },
};

export async function getTimeline(deps: Deps, ctx: Ctx, id: string) {
  await loadComplaint(deps.db, ctx, id);
  const rows = await deps.db
    .selectFrom('audit_entry')
    .leftJoin('app_user', (j) => j.on(({ eb, ref }) => eb(sql_text(ref('audit_entry.actor_id')), '=', sql_text(ref('app_user.id')))))
    .select(['audit_entry.id', 'audit_entry.occurred_at', 'audit_entry.kind', 'audit_entry.actor_type', 'audit_entry.actor_id', 'audit_entry.data', 'app_user.display_name'])
    .where('audit_entry.stream', '=', `complaint:${id}`)
    .orderBy('audit_entry.seq')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.occurred_at.toISOString(),
    kind: r.kind,
    label: EVENT_LABELS[r.kind] ?? { zh: r.kind, en: r.kind },
    actor: { type: r.actor_type, id: r.actor_id, name: r.display_name ?? null },
    data: r.data,
  }));
}

function sql_text(e: Expression<unknown>) {
  return sql<string>`${e}::text`;
}

export async function addNote(deps: Deps, ctx: Ctx, id: string, body: string) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadComplaint(trx, ctx, id, { forUpdate: true });
    const note = await trx
      .insertInto('complaint_note')
      .values({ complaint_id: id, author_id: ctx.actor.type === 'user' ? ctx.actor.id : null, body, created_at: ctx.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    // A handler's first note after starting work is the handling plan (R4-01: plan within 3 working days).
    if (!row.plan_at && row.started_at) {
      await trx.updateTable('complaint').set({ plan_at: ctx.now }).where('id', '=', id).execute();
      await refreshDeadlines(trx, id, factsOf({ ...row, plan_at: ctx.now }));
    }
    await appendAudit(trx, ctx, { entityType: 'complaint', entityId: id, kind: 'NOTE_ADDED', data: { noteId: note.id, excerpt: maskText(body.slice(0, 60)) } });
    return { id: note.id, body: note.body, authorId: note.author_id, createdAt: note.created_at.toISOString() };
  });
}

export async function listNotes(deps: Deps, ctx: Ctx, id: string) {
  await loadComplaint(deps.db, ctx, id);
  const rows = await deps.db.selectFrom('complaint_note').selectAll().where('complaint_id', '=', id).orderBy('created_at').execute();
  return rows.map((n) => ({ id: n.id, body: n.body, authorId: n.author_id, createdAt: n.created_at.toISOString() }));
}
