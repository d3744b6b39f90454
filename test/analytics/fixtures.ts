// Small, explicit complaint rows for analytics tests (inserted directly, bypassing the lifecycle).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';

export const at = (s: string): Date => new Date(`${s}+08:00`);

let seq = 0;

export interface Row {
  id?: string;
  received: string;
  unit?: string | null;
  handlingUnit?: string | null;
  handler?: string | null;
  channel?: string;
  channelCode?: string | null;
  category?: string | null;
  business?: string | null;
  reason?: string | null;
  product?: string | null;
  state?: string;
  /** Default: accepted when received; null = never accepted. */
  accepted?: string | null;
  closed?: string | null;
  outcome?: string | null;
  satisfaction?: Record<string, unknown> | null;
  notified?: string | null;
  reviewRequested?: string | null;
  reviewDecided?: string | null;
  review?: Record<string, unknown> | null;
  repeatOf?: string | null;
  mass?: boolean;
  major?: boolean;
  complainants?: number;
  referral?: string | null;
  reassignments?: number;
  reopens?: number;
  updated?: string;
  mergedInto?: string | null;
  deadlines?: Array<{ step: string; policy?: string | null; statutory?: string | null; met?: string | null }>;
}

export async function insertComplaint(db: Kysely<DB>, r: Row): Promise<string> {
  const id = r.id ?? randomUUID();
  const received = at(r.received);
  await db.insertInto('complaint').values({
    id, tracking_no: `T${Date.now().toString(36)}${++seq}`, channel: r.channel ?? 'phone', received_at: received, registered_at: received,
    state: r.state ?? (r.closed ? 'closed' : 'in_progress'), content: '测试投诉', demand: '处理', product_name: r.product ?? null,
    org_unit_id: r.unit ?? null, handling_unit_id: r.handlingUnit ?? r.unit ?? null, handler_id: r.handler ?? null, category: r.category ?? null,
    channel_code: r.channelCode ?? null, business_code: r.business ?? null, reason_code: r.reason ?? null, mass: r.mass ?? false, major: r.major ?? false,
    complainant_count: r.complainants ?? 1, referral_source: r.referral ?? null, reassignment_count: r.reassignments ?? 0, reopen_count: r.reopens ?? 0,
    repeat_of: r.repeatOf ?? null, merged_into: r.mergedInto ?? null, accepted_at: r.accepted === undefined ? received : r.accepted ? at(r.accepted) : null,
    decision: r.outcome ? JSON.stringify({ outcome: r.outcome }) : null, decided_at: r.outcome ? received : null,
    decision_notified_at: r.notified ? at(r.notified) : null, satisfaction: r.satisfaction ? JSON.stringify(r.satisfaction) : null,
    review_requested_at: r.reviewRequested ? at(r.reviewRequested) : null, review_decided_at: r.reviewDecided ? at(r.reviewDecided) : null,
    review: r.review ? JSON.stringify(r.review) : null, closed_at: r.closed ? at(r.closed) : null,
    created_at: received, updated_at: r.updated ? at(r.updated) : received,
  }).execute();
  for (const d of r.deadlines ?? []) {
    const pol = d.policy ? at(d.policy) : null;
    const stat = d.statutory ? at(d.statutory) : null;
    const eff = [pol, stat].filter((x): x is Date => !!x).sort((a, b) => a.getTime() - b.getTime())[0]!;
    await db.insertInto('complaint_deadline').values({
      complaint_id: id, step: d.step, starts_at: received, policy_due_at: pol, statutory_due_at: stat, effective_due_at: eff,
      binding: eff === stat ? 'statutory' : 'policy', met_at: d.met ? at(d.met) : null,
    }).execute();
  }
  return id;
}

/** HQ → BJ (branch) → BJ01 (sub-branch); HQ → SH (branch). Returns ids by code. */
export async function orgTree(db: Kysely<DB>): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const add = async (code: string, name: string, level: string, parent?: string) => {
    const id = randomUUID();
    const parentPath = parent ? (await db.selectFrom('org_unit').select('path').where('id', '=', ids[parent]!).executeTakeFirstOrThrow()).path : '/';
    await db.insertInto('org_unit').values({ id, code: `${code}-${seq++}`, name, level, parent_id: parent ? ids[parent]! : null, path: `${parentPath}${id}/` }).execute();
    ids[code] = id;
  };
  await add('HQ', '总行', 'head_office');
  await add('BJ', '北京分行', 'branch', 'HQ');
  await add('BJ01', '北京海淀支行', 'sub_branch', 'BJ');
  await add('SH', '上海分行', 'branch', 'HQ');
  return ids;
}
