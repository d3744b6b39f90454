// Attachments (jpg, png, pdf): type checked by content (magic bytes), size and count limited, encrypted at rest in
// the database (so every server process sees them, and no served folder holds them), served only to staff.
import { createHash } from 'node:crypto';
import type { Deps } from '../deps.ts';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../../db/audit.ts';
import { loadComplaint } from '../complaints/repository.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 5;

export function sniffType(b: Buffer): 'image/jpeg' | 'image/png' | 'application/pdf' | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

export function safeFilename(name: string, mime: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const base = name.replace(/[\\/\u0000-\u001f"<>|:*?]/g, '_').replace(/\.[^.]*$/, '').slice(0, 80) || 'attachment';
  return `${base}.${EXT[mime]}`;
}

export async function addAttachment(deps: Deps, ctx: Ctx, complaintId: string, input: { filename: string; contentBase64: string }, uploadedBy: 'customer' | 'staff') {
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) throw new AppError('VALIDATION_FAILED', { field: 'content' });
  if (content.length > MAX_ATTACHMENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: MAX_ATTACHMENT_BYTES });
  const mime = sniffType(content);
  if (!mime) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { allowed: ['jpg', 'png', 'pdf'] });
  return deps.db.transaction().execute(async (trx) => {
    await loadComplaint(trx, ctx, complaintId, { forUpdate: true });
    const n = await trx.selectFrom('attachment').select(({ fn }) => fn.countAll<number>().as('n')).where('complaint_id', '=', complaintId).executeTakeFirstOrThrow();
    if (Number(n.n) >= MAX_ATTACHMENTS) throw new AppError('VALIDATION_FAILED', { reason: 'too_many_attachments', max: MAX_ATTACHMENTS });
    const row = await trx
      .insertInto('attachment')
      .values({
        complaint_id: complaintId,
        filename: safeFilename(input.filename, mime),
        mime,
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content_enc: deps.keyring.encryptBytes('attachment', content),
        uploaded_by: uploadedBy,
        created_at: ctx.now,
      })
      .returning(['id', 'filename', 'mime', 'size', 'created_at', 'uploaded_by'])
      .executeTakeFirstOrThrow();
    await appendAudit(trx, ctx, { entityType: 'complaint', entityId: complaintId, kind: 'ATTACHMENT_ADDED', data: { attachmentId: row.id, mime, size: content.length, uploadedBy } });
    return { id: row.id, filename: row.filename, mime: row.mime, size: row.size, uploadedBy: row.uploaded_by, createdAt: row.created_at.toISOString() };
  });
}

export async function listAttachments(deps: Deps, ctx: Ctx, complaintId: string) {
  await loadComplaint(deps.db, ctx, complaintId);
  const rows = await deps.db.selectFrom('attachment').select(['id', 'filename', 'mime', 'size', 'uploaded_by', 'created_at']).where('complaint_id', '=', complaintId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, mime: r.mime, size: r.size, uploadedBy: r.uploaded_by, createdAt: r.created_at.toISOString() }));
}

export async function readAttachment(deps: Deps, ctx: Ctx, complaintId: string, attachmentId: string) {
  await loadComplaint(deps.db, ctx, complaintId);
  const r = await deps.db.selectFrom('attachment').selectAll().where('id', '=', attachmentId).where('complaint_id', '=', complaintId).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND');
  await appendAudit(deps.db, ctx, { entityType: 'complaint', entityId: complaintId, kind: 'ATTACHMENT_VIEWED', data: { attachmentId } });
  return { filename: r.filename, mime: r.mime, content: await deps.keyring.decryptBytes('attachment', r.content_enc) };
}
