// kesu seed-demo --complaints N [--seed S] — a realistic demo data set for an empty installation: an org tree
// (head office → branches → sub-branches → outlets, plus the credit-card centre), staff in every role with random
// strong passwords (only the demo administrator's is printed, once), one complaint driven through the real use
// cases into each lifecycle state (audited like any other), and the rest generated in bulk over two years
// (src/app/analytics/generate.ts). Progress goes to stderr. Refuses to run twice, or on a database that already holds
// complaints.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { parseArgs, str, type Io } from '../args.ts';
import { openRuntime } from '../../runtime.ts';
import { systemCtx, type Ctx } from '../../app/context.ts';
import { createOrgUnit, type Level } from '../../app/admin/org-units.ts';
import { createUser } from '../../app/admin/users.ts';
import { createComplaint, type IntakeInput } from '../../app/complaints/intake.ts';
import { runCommand } from '../../app/complaints/commands.ts';
import { AppError } from '../../app/errors.ts';
import { COMPLAINT_STATES, type ComplaintCommand, type ComplaintState } from '../../core/complaints/index.ts';
import { permissionsOf, ROLES, type Role } from '../../core/access/permissions.ts';
import { generateComplaints } from '../../app/analytics/generate.ts';
import { createRng, idNumber, intakeBody, mobile, personName, type Rng } from '../../../bench/lib/cn.ts';

export const DEMO_MARKER = 'demo.seeded';
export const DEMO_ADMIN = 'demo-admin';

interface UnitSpec {
  code: string;
  name: string;
  nameEn: string;
  level: Level;
  parent: string | null;
  staff: Array<[Role, number]>;
}

const BRANCHES: Array<[string, string, string]> = [
  ['BJ', '北京', 'Beijing'],
  ['SH', '上海', 'Shanghai'],
  ['GZ', '广州', 'Guangzhou'],
];

/** The demo org tree; `parent` null = under the head office (an existing one is reused). */
export function demoTree(): UnitSpec[] {
  const out: UnitSpec[] = [
    { code: 'HQCC', name: '信用卡中心', nameEn: 'Credit card centre', level: 'department', parent: null, staff: [['agent', 1], ['handler', 2], ['supervisor', 1]] },
  ];
  for (const [code, city, en] of BRANCHES) {
    out.push({ code, name: `${city}分行`, nameEn: `${en} branch`, level: 'branch', parent: null, staff: [['supervisor', 1], ['consumer_protection', 1], ['handler', 1]] });
    for (const s of ['01', '02']) {
      const sub = `${code}${s}`;
      out.push({ code: sub, name: `${city}${s === '01' ? '东城' : '西城'}支行`, nameEn: `${en} sub-branch ${s}`, level: 'sub_branch', parent: code, staff: [['agent', 1], ['handler', 2], ['supervisor', 1]] });
      out.push({ code: `${sub}01`, name: `${city}${s === '01' ? '东城' : '西城'}第一营业网点`, nameEn: `${en} outlet ${s}-01`, level: 'outlet', parent: sub, staff: [['agent', 1], ['handler', 1]] });
    }
  }
  return out;
}

const HEAD_OFFICE_STAFF: Array<[Role, number]> = [['consumer_protection', 1], ['compliance', 1], ['auditor', 1]];

function strongPassword(): string {
  return randomBytes(18).toString('base64url'); // 24 characters, 144 bits
}

/** A progress bar on stderr: `label [█████░░░░░]  52%  5,200/10,000`. */
function progress(io: Io, label: string) {
  let last = -1;
  return (done: number, total: number) => {
    const pct = total ? Math.floor((100 * done) / total) : 100;
    if (pct === last && done !== total) return;
    last = pct;
    const w = 24;
    const full = Math.round((w * pct) / 100);
    io.stderr(`\r${label} [${'█'.repeat(full)}${'░'.repeat(w - full)}] ${String(pct).padStart(3)}%  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}${done >= total ? '\n' : ''}`);
  };
}

interface Person {
  id: string;
  role: Role;
  unitId: string;
  path: string;
}

function userCtx(p: Person): Ctx {
  return {
    actor: { type: 'user', id: p.id, roles: [p.role], permissions: permissionsOf([p.role]), orgUnitId: p.unitId, orgPath: p.path, authMethod: 'password+totp', mfaVerified: true },
    ip: null,
    requestId: null,
    now: new Date(),
  };
}

/** The steps that take a complaint from registration into each state (after intake); `merged` is special. */
function pathTo(state: ComplaintState): string[] {
  const main = ['accept', 'classify', 'assign', 'start'];
  switch (state) {
    case 'registered': return [];
    case 'accepted': return ['accept'];
    case 'classified': return ['accept', 'classify'];
    case 'assigned': return ['accept', 'classify', 'assign'];
    case 'in_progress': return main;
    case 'awaiting_info': return [...main, 'requestInformation'];
    case 'decided': return [...main, 'decide'];
    case 'feedback_sent': return [...main, 'decide', 'feedback', 'satisfaction'];
    case 'review_requested': return [...main, 'decide', 'feedback', 'requestReview'];
    case 'review_decided': return [...main, 'decide', 'feedback', 'requestReview', 'decideReview'];
    case 'followed_up': return [...main, 'decide', 'feedback', 'satisfaction', 'followUp'];
    case 'closed': return [...main, 'decide', 'feedback', 'satisfaction', 'followUp', 'close'];
    case 'archived': return ['closeNotAccepted', 'archive'];
    case 'merged': return ['merge'];
  }
}

export async function run(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args);
  const n = Number(str(p, 'complaints'));
  const seed = str(p, 'seed') === undefined ? 1 : Number(str(p, 'seed'));
  const showcases = COMPLAINT_STATES.length + 1; // one per state, plus the complaint the merged one joins
  if (!Number.isInteger(n) || n < showcases || !Number.isInteger(seed)) {
    io.stderr(`usage: kesu seed-demo --complaints N [--seed S]   (N ≥ ${showcases}: one complaint per state goes through the real workflow)\n`);
    return 2;
  }
  const rt = await openRuntime();
  try {
    const deps = rt.deps;
    const db = deps.db;
    const codes = demoTree().map((u) => u.code);
    const marker = await db.selectFrom('setting').select('value').where('key', '=', DEMO_MARKER).executeTakeFirst();
    const clash = await db.selectFrom('org_unit').select('code').where('code', 'in', codes).execute();
    const clashUser = await db.selectFrom('app_user').select('username').where('username', '=', DEMO_ADMIN).executeTakeFirst();
    if (marker || clash.length || clashUser) {
      const m = marker?.value as { at?: string; complaints?: number; status?: string } | undefined;
      const what = m ? `seeded ${m.at ?? '?'}${m.complaints ? `, ${m.complaints} complaints` : ''}${m.status === 'complete' ? '' : ', unfinished'}` : `org units ${clash.map((c) => c.code).join(', ') || '—'}${clashUser ? `, user ${DEMO_ADMIN}` : ''}`;
      io.stderr(`演示数据已存在（${what}），未做任何修改。如需重新生成，请使用新的数据目录或数据库。\ndemo data already exists (${what}); nothing was changed. Use a fresh data folder or database to seed again.\n`);
      return 2;
    }
    const existing = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM complaint`.execute(db)).rows[0]!.n);
    if (existing > 0) {
      io.stderr(`数据库中已有 ${existing} 条投诉：演示数据只能写入空的系统。\nthe database already holds ${existing} complaints: demo data is only seeded into an empty installation.\n`);
      return 2;
    }
    // Claim the marker first: a second run started at the same time finds it and refuses.
    const claimed = await db.insertInto('setting').values({ key: DEMO_MARKER, value: JSON.stringify({ at: new Date().toISOString(), status: 'running', seed }) })
      .onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if ((claimed.numInsertedOrUpdatedRows ?? 0n) === 0n) {
      io.stderr('演示数据正在由另一个进程生成。/ another process is seeding demo data.\n');
      return 2;
    }

    const rng = createRng(seed);
    const admin = systemCtx(new Date(), 'cli');
    admin.actor = { ...admin.actor, permissions: permissionsOf(['admin']) };

    // 1. Org tree under the (existing or new) head office.
    const tree = demoTree();
    const bar1 = progress(io, '机构 / org units       ');
    let hq = await db.selectFrom('org_unit').select(['id', 'path']).where('parent_id', 'is', null).orderBy('created_at').executeTakeFirst();
    if (!hq) {
      const u = await createOrgUnit(deps, admin, { code: 'HQ', name: '总行', nameEn: 'Head office', level: 'head_office' });
      hq = { id: u.id, path: `/${u.id}/` };
    }
    const units = new Map<string, { id: string; path: string }>();
    for (const [i, u] of tree.entries()) {
      const parent = u.parent ? units.get(u.parent)! : hq;
      const made = await createOrgUnit(deps, admin, { code: u.code, name: u.name, nameEn: u.nameEn, level: u.level, parentId: parent.id });
      units.set(u.code, { id: made.id, path: `${parent.path}${made.id}/` });
      bar1(i + 1, tree.length);
    }

    // 2. Staff in every role; passwords are random and never shown, except the demo administrator's (once).
    const people: Array<{ username: string; role: Role; unit: { id: string; path: string } }> = [];
    people.push({ username: DEMO_ADMIN, role: 'admin', unit: hq });
    for (const [role, k] of HEAD_OFFICE_STAFF) for (let i = 1; i <= k; i++) people.push({ username: `demo-hq-${role.replace('_', '-')}-${i}`, role, unit: hq });
    for (const u of tree) for (const [role, k] of u.staff) for (let i = 1; i <= k; i++) people.push({ username: `demo-${u.code.toLowerCase()}-${role.replace('_', '-')}-${i}`, role, unit: units.get(u.code)! });
    const bar2 = progress(io, '员工 / staff           ');
    const staff: Person[] = [];
    let adminPassword = '';
    let done = 0;
    // Two at a time: password hashing is limited to two concurrent hashes anyway.
    for (let i = 0; i < people.length; i += 2) {
      const made = await Promise.all(people.slice(i, i + 2).map(async (x) => {
        const password = strongPassword();
        if (x.username === DEMO_ADMIN) adminPassword = password;
        const u = await createUser(deps, admin, { username: x.username, displayName: personName(rng), orgUnitId: x.unit.id, roles: [x.role], password });
        return { id: u.id, role: x.role, unitId: x.unit.id, path: x.unit.path };
      }));
      staff.push(...made);
      bar2((done += made.length), people.length);
    }
    const missingRoles = ROLES.filter((r) => !staff.some((s) => s.role === r));
    if (missingRoles.length) throw new Error(`no demo user for roles ${missingRoles.join(', ')}`);

    // 3. One complaint per state through the real use cases, at BJ01 (agent → supervisor → handler; review by the
    //    branch supervisor, a superior unit).
    const at = (code: string, role: Role) => staff.find((s) => s.unitId === units.get(code)!.id && s.role === role)!;
    const agent = at('BJ01', 'agent');
    const handler = at('BJ01', 'handler');
    const supervisor = at('BJ01', 'supervisor');
    const reviewer = at('BJ', 'supervisor');
    const bar3 = progress(io, '流程样例 / workflow     ');
    const now = () => new Date();
    const body = (r: Rng, complainant?: IntakeInput['complainant']): IntakeInput => {
      // A plain phone complaint (not mass, no referral), so every step of the loop applies as written.
      const b = intakeBody(r, new Date(Date.now() - 3 * 3600_000), { orgUnitCodes: ['BJ01'] }) as unknown as IntakeInput;
      const { referral: _r, complainantCount: _c, ...plain } = b;
      return { ...plain, channel: 'phone', complainant: complainant ?? { name: personName(r), idNumber: idNumber(r), phone: mobile(r, true) } };
    };
    const steps: Record<string, (id: string, extra: { mergeTarget?: string; major?: boolean }) => [Person, ComplaintCommand, Record<string, unknown>?]> = {
      accept: () => [agent, { type: 'acceptComplaint' }],
      classify: () => [agent, { type: 'classifyComplaint', category: 'product', complexity: 'general', businessCode: 'B03', reasonCode: 'C08' }],
      assign: () => [supervisor, { type: 'assignComplaint', handlingUnitId: units.get('BJ01')!.id, handlerId: handler.id }],
      start: () => [handler, { type: 'startHandling' }],
      requestInformation: () => [handler, { type: 'requestInformation', note: '请补充银行卡交易流水截图 / please send the card statement' }],
      decide: () => [handler, { type: 'recordDecision', outcome: 'partly_upheld', remedy: '退还年费并致歉', factsChecked: '调取办卡录音，营销人员未明确告知年费政策', basisAndReasons: '依据信用卡章程及营销记录，部分支持客户诉求', remediesOpen: ['review', 'mediation', 'arbitration', 'lawsuit'] }, { remedyTypes: ['refund', 'apology'], refundAmount: 200 }],
      // Major complaints are fed back in person (R3.3-01).
      feedback: (_id, x) => [handler, { type: 'sendResultFeedback', channel: x.major ? 'in_person' : 'phone' }],
      satisfaction: () => [handler, { type: 'recordSatisfaction', level: 'basically_satisfied', scores: { handlingTime: 4, resolution: 4, communication: 5, followUpService: 4 } }],
      requestReview: () => [handler, { type: 'requestReview', reason: '客户认为退款金额不足，书面申请核查' }],
      decideReview: () => [reviewer, { type: 'decideReview', result: 'maintained', reasons: '经核查，原处理决定事实清楚、依据充分' }],
      followUp: () => [handler, { type: 'recordFollowUp', reached: true, note: '客户确认已收到退款' }],
      close: () => [handler, { type: 'closeComplaint' }],
      closeNotAccepted: () => [agent, { type: 'closeComplaint', reason: '客户来电咨询，非投诉事项' }],
      archive: () => [handler, { type: 'archiveComplaint' }],
      merge: (_id, x) => [supervisor, { type: 'mergeComplaints', target: { id: x.mergeTarget!, state: 'registered' }, sameComplainant: false, reason: '同一客户重复投诉同一事项' }],
    };
    let shown = 0;
    // Acceptance applies a confident classifier suggestion at once (→ classified); the `accepted` sample is taken
    // in without a suggestion (as with the classifier switched off) so that it stays accepted.
    const intake = async (b: IntakeInput, suggest = true) => (await createComplaint(suggest ? deps : { ...deps, analyse: undefined }, { ...userCtx(agent), now: now() }, b)).id;
    for (const state of COMPLAINT_STATES) {
      let mergeTarget: string | undefined;
      let b = body(rng);
      if (state === 'merged') {
        const same = { name: personName(rng), idNumber: idNumber(rng), phone: mobile(rng, true) };
        mergeTarget = await intake(body(rng, same));
        b = body(rng, same);
        bar3(++shown, showcases);
      }
      const id = await intake(b, state !== 'accepted');
      for (const step of pathTo(state)) {
        const major = step === 'feedback' ? (await db.selectFrom('complaint').select('major').where('id', '=', id).executeTakeFirstOrThrow()).major : false;
        const [who, cmd, payload] = steps[step]!(id, { major, ...(mergeTarget ? { mergeTarget } : {}) });
        await runCommand(deps, { ...userCtx(who), now: now() }, id, cmd, payload ? { payload } : {});
      }
      bar3(++shown, showcases);
    }

    // 4. The rest in bulk over two years, attributed to the demo units (their staff become the handlers).
    const bulk = n - showcases;
    const bar4 = progress(io, '批量投诉 / complaints   ');
    const to = new Date();
    const from = new Date(to.getTime() - 730 * 86_400_000);
    const demoUnitIds = [...units.values()].map((u) => u.id);
    if (bulk > 0) {
      try {
        await generateComplaints(db, { n: bulk, seed, from, to, now: to, units: demoUnitIds, onProgress: (d, t) => bar4(d, t) });
      } catch (e) {
        // The generator marks analytics rollups stale at the end; without the analytics tables there is nothing
        // to mark (the rows are in): finish its statistics step here.
        if ((e as { code?: string }).code !== '42P01' || !/metric_watermark/.test((e as Error).message)) throw e;
        await sql`ANALYZE complaint`.execute(db);
        await sql`ANALYZE complaint_deadline`.execute(db);
      }
    } else bar4(0, 0);

    const byState = (await sql<{ state: string; n: number }>`SELECT state, count(*)::int AS n FROM complaint GROUP BY state`.execute(db)).rows;
    const total = byState.reduce((a, r) => a + r.n, 0);
    await db.updateTable('setting').set({ value: JSON.stringify({ at: new Date().toISOString(), status: 'complete', seed, complaints: total, units: units.size, staff: staff.length }), updated_at: new Date() }).where('key', '=', DEMO_MARKER).execute();

    const counts = new Map(byState.map((r) => [r.state, r.n]));
    const lines = [
      `演示数据已生成 / demo data seeded: ${units.size} org units, ${staff.length} staff, ${total} complaints (seed ${seed})`,
      '',
      'state               complaints',
      ...COMPLAINT_STATES.map((s) => `${s.padEnd(20)}${String(counts.get(s) ?? 0).padStart(10)}`),
      '',
      `演示管理员 / demo administrator: ${DEMO_ADMIN}`,
      `密码（仅显示这一次）/ password (shown only this once): ${adminPassword}`,
      '首次登录需绑定 TOTP 验证器 / TOTP enrolment is required at first sign-in. Other staff passwords are random and not shown: reset them as the administrator.',
    ];
    io.stdout(lines.join('\n') + '\n');
    const unreached = COMPLAINT_STATES.filter((s) => !counts.get(s));
    if (unreached.length) io.stderr(`注意 / note: no complaint in state ${unreached.join(', ')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      io.stderr(`${e.code}: ${e.message}${e.details ? ' ' + JSON.stringify(e.details) : ''}\n`);
      return 1;
    }
    throw e;
  } finally {
    await rt.database.close();
  }
}
