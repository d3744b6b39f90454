// Fast generator of realistic complaints for demos and benches: inserts N rows straight into `complaint` and
// `complaint_deadline` with multi-row INSERTs (one unnest() statement per batch). Texts come from templates; every
// lifecycle state occurs (by age relative to `now`); deadlines carry both clocks from src/core/sla.
// Used by `kesu seed-demo`, the large-data benches (bench/lib/bigdb.ts, bench/dashboard.ts) and tests.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { createRng, pick, type Rng } from '../../core/classify/prng.ts';
import { computeDeadlines, type StepDeadline } from '../../core/sla/index.ts';
import { toShanghaiDate } from '../../core/sla/time.ts';
import { markMetricsStale } from './rollup.ts';
import { COMPLAINT_COLUMNS, DEADLINE_COLUMNS, PRODUCTS, TEMPLATES, ensureDemoOrg, fill, uuidFrom, type Unit } from './demo-data.ts';

export { ensureDemoOrg } from './demo-data.ts';

export interface GenerateOptions {
  n: number;
  seed?: number;
  from: Date | string;
  to: Date | string;
  /** Org unit ids complaints are attributed to; default: every active unit below the head office (a demo tree
   * is created when the database has none). */
  units?: string[];
  /** Lifecycle cut-off: events after it have not happened yet (default: `to`). */
  now?: Date;
  batch?: number;
  onProgress?: (done: number, n: number) => void;
}

const H = 3_600_000;
const D = 24 * H;

type Row = Record<string, unknown>;

function weighted<T extends { w: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((a, b) => a + b.w, 0);
  let r = rng() * total;
  for (const it of items) if ((r -= it.w) < 0) return it;
  return items[items.length - 1]!;
}
const between = (rng: Rng, a: number, b: number) => a + rng() * (b - a);

async function flush(db: Kysely<DB>, rows: Row[], deadlines: Array<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  const arr = (name: string, type: string, list: Array<Record<string, unknown>>) =>
    sql`${list.map((r) => (r[name] instanceof Date ? (r[name] as Date).toISOString() : (r[name] ?? null)))}::${sql.raw(type)}[]`;
  const cs = COMPLAINT_COLUMNS;
  await sql`INSERT INTO complaint (${sql.raw(cs.map((c) => c[0]).join(', '))})
    SELECT * FROM unnest(${sql.join(cs.map(([n, t]) => arr(n, t, rows)))})`.execute(db);
  const ds = DEADLINE_COLUMNS;
  for (let i = 0; i < deadlines.length; i += 20_000) {
    const part = deadlines.slice(i, i + 20_000);
    await sql`INSERT INTO complaint_deadline (${sql.raw(ds.map((c) => c[0]).join(', '))})
      SELECT * FROM unnest(${sql.join(ds.map(([n, t]) => arr(n, t, part)))})`.execute(db);
  }
}

/** Inserts `n` complaints received between `from` and `to`; returns how many rows went in. */
export async function generateComplaints(db: Kysely<DB>, opts: GenerateOptions): Promise<{ complaints: number; deadlines: number; units: string[] }> {
  const rng = createRng(opts.seed ?? 1);
  const from = new Date(opts.from).getTime();
  const to = new Date(opts.to).getTime();
  const now = (opts.now ?? new Date(to)).getTime();
  const units: Unit[] = await ensureDemoOrg(db, opts.units);
  const weightedUnits = units.map((u, i) => ({ ...u, w: u.code.endsWith('CC') ? units.length / 3 : 1 / (1 + (i % 7) * 0.3) }));
  const staffByUnit = new Map<string, string[]>();
  for (const s of await db.selectFrom('app_user').select(['id', 'org_unit_id']).execute()) staffByUnit.set(s.org_unit_id, [...(staffByUnit.get(s.org_unit_id) ?? []), s.id]);
  const handlersOf = (unitId: string) => staffByUnit.get(unitId) ?? [];
  const offset = Number((await sql<{ c: number }>`SELECT count(*)::int AS c FROM complaint`.execute(db)).rows[0]!.c);
  const run = (opts.seed ?? 1).toString(36).toUpperCase();
  const memo = new Map<string, readonly StepDeadline[]>();
  const stepsFor = (receivedAt: number, complexity: string, ext: 0 | 1 | 2, referral: string | null, dec: number | null) => {
    const key = `${toShanghaiDate(new Date(receivedAt))}|${complexity}|${ext}|${referral}|${dec === null ? '' : toShanghaiDate(new Date(dec))}`;
    let s = memo.get(key);
    if (!s) {
      const noon = `${key.slice(0, 10)}T12:00:00+08:00`;
      const decNoon = dec === null ? null : `${toShanghaiDate(new Date(dec))}T12:00:00+08:00`;
      s = computeDeadlines({ receivedAt: noon, complexity: complexity as 'general', extension: ext, channel: referral ? 'regulator' : 'phone',
        referral: referral ? { source: referral } : null, decisionAt: decNoon }).steps;
      memo.set(key, s);
    }
    return s;
  };
  const recent: string[] = [];
  const batch = opts.batch ?? 5000;
  let rows: Row[] = [];
  let dls: Array<Record<string, unknown>> = [];
  let total = 0;
  let totalDl = 0;
  for (let i = 0; i < opts.n; i++) {
    const id = uuidFrom(rng);
    // Weekdays busier than weekends, business hours busier than nights.
    let received: number;
    do received = from + rng() * (to - from);
    while ((new Date(received + 8 * H).getUTCDay() % 6 === 0 && rng() < 0.4) || (((received + 8 * H) % D) / H < 8 && rng() < 0.7));
    const tpl = weighted(rng, TEMPLATES);
    const product = tpl.business ? weighted(rng, PRODUCTS.filter((p) => p.business === tpl.business)) : weighted(rng, PRODUCTS);
    const unit = product.name.includes('信用卡') && rng() < 0.7 ? (units.find((u) => u.code.endsWith('CC')) ?? weighted(rng, weightedUnits)) : weighted(rng, weightedUnits);
    const channel = tpl.channel ?? weighted(rng, [{ c: 'phone', w: 45 }, { c: 'app', w: 18 }, { c: 'branch', w: 12 }, { c: 'web', w: 7 }, { c: 'email', w: 3 }, { c: 'sms', w: 2 }, { c: 'regulator', w: 13 }]).c;
    const referral = channel === 'regulator' ? (rng() < 0.7 ? '12378' : '12363') : null;
    const complexity = rng() < 0.84 ? 'general' : rng() < 0.9 ? 'complex' : 'special';
    const mass = rng() < 0.002;
    const major = mass || rng() < 0.004;
    const row: Row = fill(rng, { id, tpl, product, unit, channel, referral, complexity, mass, major, received, tracking: `SIM${run}-${String(offset + i).padStart(8, '0')}`, handlersOf });
    // Lifecycle, then cut at `now`.
    const notAccepted = rng() < 0.03;
    const merged = !notAccepted && recent.length > 10 && rng() < 0.01;
    const late = (p: number, a: number, b: number, c: number, d: number) => (rng() < p ? between(rng, c, d) : between(rng, a, b));
    const t: Record<string, number | null> = {};
    t.registered = received + between(rng, 60_000, 30 * 60_000);
    if (notAccepted) t.closed = received + between(rng, H, 48 * H);
    else {
      t.accepted = received + late(0.04, 0.2 * H, 20 * H, 24 * H, 60 * H);
      t.classified = t.accepted + late(0.04, 0.5 * H, 20 * H, 30 * H, 60 * H);
      t.assigned = t.classified + between(rng, 0.2 * H, 6 * H);
      t.started = t.assigned + late(0.05, 0.5 * H, 14 * H, 20 * H, 50 * H);
      t.firstResponse = t.started + between(rng, H, 40 * H);
      const days = complexity === 'general' ? late(0.1, 2, 10, 9, 17) : late(0.12, 8, 26, 26, 38);
      t.decided = received + days * D;
      t.notified = t.decided + late(0.05, 0.1 * D, 2 * D, 4 * D, 12 * D);
      if (rng() < 0.06) {
        t.reviewRequested = t.notified + between(rng, D, 25 * D);
        t.reviewDecided = t.reviewRequested + late(0.08, 3 * D, 25 * D, 28 * D, 40 * D);
      }
      t.followedUp = Math.max(t.notified, t.reviewDecided ?? 0) + between(rng, D, 7 * D);
      t.closed = t.followedUp + between(rng, 0, 2 * D);
      t.archived = t.closed + 30 * D;
    }
    const at = (k: string) => (t[k] !== undefined && t[k] !== null && t[k]! <= now ? new Date(t[k]!) : null);
    const order = ['registered', 'accepted', 'classified', 'assigned', 'started', 'decided', 'notified', 'reviewRequested', 'reviewDecided', 'followedUp', 'closed', 'archived'];
    const stateOf: Record<string, string> = { registered: 'registered', accepted: 'accepted', classified: 'classified', assigned: 'assigned', started: 'in_progress', decided: 'decided', notified: 'feedback_sent', reviewRequested: 'review_requested', reviewDecided: 'review_decided', followedUp: 'followed_up', closed: 'closed', archived: 'archived' };
    const reached = order.filter((k) => at(k));
    if (reached.length === 0) continue; // received after `now`
    let state = stateOf[reached[reached.length - 1]!]!;
    if (state === 'in_progress' && rng() < 0.15) state = 'awaiting_info';
    if (merged) state = 'merged';
    const outcome = weighted(rng, [{ o: 'upheld', w: 42 }, { o: 'partly_upheld', w: 33 }, { o: 'not_upheld', w: 25 }]).o;
    const happy = outcome === 'not_upheld' ? rng() < 0.5 : rng() < 0.85;
    const score = () => Math.max(1, Math.min(5, Math.round((happy ? 4.4 : 2.3) + (rng() - 0.5) * 2)));
    const ext: 0 | 1 | 2 = complexity !== 'general' && t.decided && t.decided - received > 15 * D ? (t.decided - received > 30 * D && rng() < 0.5 ? 2 : 1) : 0;
    Object.assign(row, {
      state, registered_at: new Date(t.registered), created_at: new Date(t.registered),
      updated_at: new Date(Math.max(...reached.map((k) => t[k]!))),
      accepted_at: at('accepted'), classified_at: at('classified'), started_at: at('started'), first_response_at: at('firstResponse'),
      decided_at: at('decided'), decision: at('decided') ? JSON.stringify({ outcome, remedy: outcome === 'not_upheld' ? '解释说明' : '退还费用并致歉' }) : null,
      decision_notified_at: at('notified'), feedback_at: at('notified'),
      satisfaction: at('notified') && rng() < 0.75 ? JSON.stringify({ level: happy ? (rng() < 0.7 ? 'satisfied' : 'basically_satisfied') : 'dissatisfied', time: score(), effect: score(), communication: score(), followUp: score() }) : null,
      review_requested_at: at('reviewRequested'), review_decided_at: at('reviewDecided'),
      review: at('reviewDecided') ? JSON.stringify({ outcome: weighted(rng, [{ o: 'upheld', w: 70 }, { o: 'overturned', w: 18 }, { o: 'partly_overturned', w: 12 }]).o }) : null,
      followed_up_at: at('followedUp'), closed_at: state === 'merged' ? null : at('closed'), archived_at: at('archived'),
      paused_since: state === 'awaiting_info' ? new Date(Math.min(now, (t.started ?? received) + D)) : null,
      extension_level: ext, repeat_of: recent.length && rng() < 0.08 ? pick(rng, recent) : null, merged_into: merged ? pick(rng, recent) : null,
      reassignment_count: rng() < 0.8 ? 0 : rng() < 0.75 ? 1 : 2 + Math.floor(rng() * 3), reopen_count: rng() < 0.02 ? 1 : 0,
    });
    if (!at('classified')) Object.assign(row, { category: null, business_code: null, reason_code: null, channel_code: null });
    const steps = stepsFor(received, complexity, ext, referral, t.decided ?? null);
    const met: Record<string, number | null | undefined> = {
      acknowledge: t.accepted, classify: t.classified, start: t.started, firstResponse: t.firstResponse, plan: t.started ? t.started + D : null,
      decide: t.decided, notify: t.notified, reviewRequest: t.reviewRequested, reviewDecide: t.reviewDecided,
    };
    const hourly: Record<string, number> = { acknowledge: 24, classify: 48, start: 24, firstResponse: 72 };
    let openDue: Date | null = null;
    for (const s of steps) {
      if (notAccepted || (s.step === 'reviewRequest' && !at('notified')) || (s.step === 'reviewDecide' && !at('reviewRequested'))) continue;
      const policy = hourly[s.step] !== undefined ? new Date(received + hourly[s.step]! * H) : s.policyDue ? new Date(s.policyDue) : null;
      const statutory = s.statutoryDue ? new Date(s.statutoryDue) : null;
      const referralDue = s.referralDue ? new Date(s.referralDue) : null;
      const cands = [policy, statutory, referralDue].filter((x): x is Date => x !== null);
      if (cands.length === 0) continue;
      const eff = new Date(Math.min(...cands.map((x) => x.getTime())));
      const m = met[s.step] && met[s.step]! <= now ? new Date(met[s.step]!) : null;
      if (!m && !openDue && state !== 'merged') openDue = eff;
      dls.push({ complaint_id: id, step: s.step, starts_at: new Date(received), policy_due_at: policy, statutory_due_at: statutory, referral_due_at: referralDue, effective_due_at: eff,
        binding: statutory && eff.getTime() === statutory.getTime() ? 'statutory' : referralDue && eff.getTime() === referralDue.getTime() ? 'referral' : 'policy', met_at: m });
    }
    row.effective_due_at = row.closed_at ? null : openDue;
    row.referral_due_at = referral ? new Date(received + 15 * D) : null;
    rows.push(row);
    recent.push(id);
    if (recent.length > 2000) recent.splice(0, 1000);
    if (rows.length >= batch) {
      await flush(db, rows, dls);
      total += rows.length;
      totalDl += dls.length;
      rows = [];
      dls = [];
      opts.onProgress?.(total, opts.n);
    }
  }
  await flush(db, rows, dls);
  total += rows.length;
  totalDl += dls.length;
  opts.onProgress?.(total, opts.n);
  await markMetricsStale(db);
  await sql`ANALYZE complaint`.execute(db);
  await sql`ANALYZE complaint_deadline`.execute(db);
  return { complaints: total, deadlines: totalDl, units: units.map((u) => u.id) };
}
