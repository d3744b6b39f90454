// Building blocks of the demo/bench complaint generator (generate.ts): invented complaint texts by
// template, products with their JR/T business codes, a demo org tree with handlers, and the column lists of the
// bulk INSERTs. Nothing here is real customer data.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { pick, type Rng } from '../../core/classify/prng.ts';
import { CHANNEL_CODE_FALLBACK } from '../../core/metrics/axes.ts';
import { searchText } from '../complaints/search-text.ts';

export interface Template {
  w: number;
  category: string;
  reason: string;
  business?: string;
  channel?: string;
  channelCode?: string;
  text: string;
  demands: readonly string[];
}

// {p} product, {a} amount, {d} days, {b} branch.
export const TEMPLATES: readonly Template[] = [
  { w: 9, category: 'product', reason: 'C08', business: 'B03', text: '{p}年费我已经申请过减免，本月又被扣了{a}元，客服说系统自动收取，要求退还。', demands: ['退还年费', '说明收费依据'] },
  { w: 6, category: 'product', reason: 'C08', text: '办理{p}时没有人告诉我有手续费，账单里多出{a}元，收费不透明。', demands: ['退还手续费', '公开收费标准'] },
  { w: 5, category: 'product', reason: 'C04', business: 'B06', text: '理财经理推荐{p}时说不会亏本，现在亏损{a}元，当时没有说明风险。', demands: ['赔偿损失', '调查销售人员'] },
  { w: 3, category: 'product', reason: 'C05', business: 'B11', text: '在{b}购买的{p}，合同里的费率和宣传材料不一致，信息披露不充分。', demands: ['按宣传费率执行', '书面解释'] },
  { w: 2, category: 'product', reason: 'C09', business: 'B02', text: '{p}提前还款要收违约金{a}元，签合同时没人解释这一条。', demands: ['免收违约金'] },
  { w: 8, category: 'business', reason: 'C03', business: 'B02', text: '{p}已经结清{d}天了，{b}一直不给开结清证明，耽误我办其他业务。', demands: ['尽快出具结清证明'] },
  { w: 6, category: 'business', reason: 'C10', business: 'B04', text: '通过{p}给家人转账{a}元，显示成功但对方{d}天没收到，钱也没有退回。', demands: ['查明资金去向', '尽快退回'] },
  { w: 5, category: 'business', reason: 'C03', business: 'B03', text: '{p}额度无故被降低，打客服问了{d}次都说不清原因。', demands: ['恢复额度', '说明原因'] },
  { w: 3, category: 'business', reason: 'C07', business: 'B11', text: '我的账户被开通了{p}，从来没有同意过，每月扣费{a}元。', demands: ['取消业务', '退还扣款'] },
  { w: 3, category: 'business', reason: 'C11', business: 'B09', text: '征信报告上有一笔{p}逾期记录，我每期都按时还款，要求更正。', demands: ['更正征信记录', '出具情况说明'] },
  { w: 2, category: 'business', reason: 'C03', business: 'B01', text: '到{b}办理{p}取款被要求提供各种证明，来回跑了{d}趟。', demands: ['简化手续', '当场办理'] },
  { w: 8, category: 'service', reason: 'C01', channel: 'branch', channelCode: 'A0101', text: '在{b}柜台办理{p}，工作人员态度很差，问工号也不告诉，等了{d}个小时。', demands: ['工作人员道歉', '处理相关人员'] },
  { w: 6, category: 'service', reason: 'C01', channel: 'phone', channelCode: 'A010302', text: '客服热线一直打不进去，转人工要等半小时，{p}的问题反映了{d}次没人回电。', demands: ['尽快回复', '改进服务'] },
  { w: 5, category: 'service', reason: 'C12', business: 'B10', text: '催收人员天天打电话到我单位和亲戚家，{p}只逾期了{d}天，严重影响生活。', demands: ['停止骚扰', '规范催收'] },
  { w: 3, category: 'service', reason: 'C03', text: '{p}的事情在{b}和总行之间被推来推去，{d}天了没人负责。', demands: ['指定专人处理', '给出明确答复'] },
  { w: 2, category: 'service', reason: 'C01', channelCode: 'A0104', text: '合作机构的人员推销{p}时言语不当，多次拒绝后仍然纠缠。', demands: ['停止推销', '道歉'] },
  { w: 7, category: 'technical', reason: 'C02', channel: 'app', channelCode: 'A010303', text: '手机银行登录后一直闪退，{p}还款没有成功，导致逾期{d}天。', demands: ['修复系统', '消除逾期记录'] },
  { w: 4, category: 'technical', reason: 'C02', channelCode: 'A0102', text: '在{b}的自动取款机取款{a}元，机器吞卡且没有出钞，账户已扣款。', demands: ['退还款项', '归还银行卡'] },
  { w: 3, category: 'technical', reason: 'C02', channel: 'sms', channelCode: 'A010305', text: '办理{p}收不到短信验证码，试了{d}天都不行。', demands: ['尽快解决'] },
  { w: 2, category: 'technical', reason: 'C10', channel: 'web', channelCode: 'A010301', text: '网上银行支付{a}元时页面报错，重复扣款两次。', demands: ['退还重复扣款'] },
  { w: 3, category: 'other', reason: 'C99', text: '有人冒充银行工作人员以{p}为名让我转账{a}元，要求银行协助追回。', demands: ['协助追回', '加强提示'] },
  { w: 2, category: 'other', reason: 'C09', channelCode: 'A02', text: '{p}的条款调整后我的权益减少了，之前没有收到通知。', demands: ['恢复原有权益', '说明调整依据'] },
  { w: 1, category: 'other', reason: 'C99', text: '对{b}关于{p}的答复不满意，希望重新处理。', demands: ['重新处理'] },
];

export const PRODUCTS: ReadonlyArray<{ name: string; business: string; w: number }> = [
  { name: '信用卡', business: 'B03', w: 30 }, { name: '白金信用卡', business: 'B03', w: 6 }, { name: '借记卡', business: 'B03', w: 8 },
  { name: '个人住房贷款', business: 'B02', w: 8 }, { name: '个人消费贷款', business: 'B02', w: 9 }, { name: '经营性贷款', business: 'B02', w: 3 },
  { name: '手机银行转账', business: 'B04', w: 8 }, { name: '快捷支付', business: 'B04', w: 4 }, { name: '定期存款', business: 'B01', w: 4 },
  { name: '大额存单', business: 'B01', w: 2 }, { name: '稳健理财产品', business: 'B06', w: 5 }, { name: '净值型理财', business: 'B06', w: 3 },
  { name: '代销基金', business: 'B11', w: 3 }, { name: '代销保险', business: 'B11', w: 3 }, { name: '外币兑换', business: 'B07', w: 1 },
  { name: '积存金', business: 'B08', w: 1 }, { name: '个人征信', business: 'B09', w: 2 }, { name: '逾期账款', business: 'B10', w: 4 },
  { name: '现金存取', business: 'B05', w: 1 }, { name: '其他业务', business: 'B99', w: 1 },
];

export interface Unit {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  handlers: string[];
}

const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '南京', '成都', '武汉', '西安', '天津', '重庆', '苏州'];

/** The given units (or every active non-head-office unit) with their staff as handlers; creates a demo tree
 * (总行, 信用卡中心, 12 branches × 3 sub-branches, 3 handlers each; accounts disabled) when there is no unit. */
export async function ensureDemoOrg(db: Kysely<DB>, unitIds?: string[]): Promise<Unit[]> {
  const existing = await db.selectFrom('org_unit').select('id').limit(1).execute();
  if (existing.length === 0 && !unitIds?.length) {
    const add = async (code: string, name: string, level: string, parent: { id: string; path: string } | null) => {
      const id = randomUUID();
      const path = `${parent?.path ?? '/'}${id}/`;
      await db.insertInto('org_unit').values({ id, code, name, level, parent_id: parent?.id ?? null, path }).execute();
      for (let k = 1; k <= (level === 'head_office' ? 0 : 3); k++) {
        await db.insertInto('app_user').values({ username: `demo-${code}-${k}`.toLowerCase(), display_name: `${name}处理人${k}`, org_unit_id: id, password_hash: '!demo-account-cannot-sign-in', status: 'disabled' }).execute();
      }
      return { id, path };
    };
    const hq = await add('HQ', '总行', 'head_office', null);
    await add('HQCC', '信用卡中心', 'department', hq);
    for (const [i, city] of CITIES.entries()) {
      const br = await add(`BR${String(i + 1).padStart(2, '0')}`, `${city}分行`, 'branch', hq);
      for (let j = 1; j <= 3; j++) await add(`BR${String(i + 1).padStart(2, '0')}S${j}`, `${city}第${j}支行`, 'sub_branch', br);
    }
  }
  let q = db.selectFrom('org_unit').select(['id', 'code', 'name', 'parent_id', 'level']).where('active', '=', true).orderBy('path');
  q = unitIds?.length ? q.where('id', 'in', unitIds) : q.where('level', '!=', 'head_office');
  const units = await q.execute();
  const staff = await db.selectFrom('app_user').select(['id', 'org_unit_id']).execute();
  return units.map((u) => ({ id: u.id, code: u.code, name: u.name, parentId: u.parent_id, handlers: staff.filter((s) => s.org_unit_id === u.id).map((s) => s.id) }));
}

/** A version-4-shaped UUID from the generator (reproducible for a seed). */
export function uuidFrom(rng: Rng): string {
  const h = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  h[12] = '4';
  h[16] = '89ab'[Math.floor(rng() * 4)]!;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';

export interface FillInput {
  id: string; tpl: Template; product: { name: string; business: string }; unit: Unit; channel: string; referral: string | null;
  complexity: string; mass: boolean; major: boolean; received: number; tracking: string;
  /** Staff of a unit (handlers of escalated complaints come from the parent unit). */
  handlersOf?: (unitId: string) => readonly string[];
}

/** The descriptive columns of one generated complaint (lifecycle columns are set by the generator). */
export function fill(rng: Rng, f: FillInput): Record<string, unknown> {
  const amount = Math.round(50 + rng() ** 3 * 50_000);
  const content = f.tpl.text.replace('{p}', f.product.name).replace('{a}', String(amount)).replace('{d}', String(2 + Math.floor(rng() * 20))).replace('{b}', f.unit.name);
  const demand = pick(rng, f.tpl.demands);
  const handlingUnit = f.unit.parentId && rng() < 0.15 ? f.unit.parentId : f.unit.id;
  const handlers = handlingUnit === f.unit.id ? f.unit.handlers : (f.handlersOf?.(handlingUnit) ?? []);
  const channelCode = f.tpl.channelCode ?? (rng() < 0.1 ? null : (CHANNEL_CODE_FALLBACK[f.channel] ?? 'A0199'));
  return {
    id: f.id, tracking_no: f.tracking, channel: f.channel, received_at: new Date(f.received),
    name_masked: `${SURNAMES[Math.floor(rng() * SURNAMES.length)]}**`, phone_masked: `1${3 + Math.floor(rng() * 6)}*******${String(Math.floor(rng() * 100)).padStart(2, '0')}`,
    content, demand, search_text: searchText(content, demand, f.product.name), amount, product_name: f.product.name,
    org_unit_id: f.unit.id, handling_unit_id: handlingUnit, handler_id: handlers.length ? pick(rng, handlers) : null,
    category: f.tpl.category, channel_code: channelCode, business_code: f.tpl.business ?? f.product.business, reason_code: f.tpl.reason,
    code_table_version: 'kesu-default-2018.1', complexity: f.complexity, urgency: f.major ? 'critical' : 'normal', major: f.major, mass: f.mass,
    complainant_count: f.mass ? 20 + Math.floor(rng() * 60) : 1, tier: f.major ? 3 : f.complexity === 'general' ? 1 : 2,
    referral_source: f.referral, referral_ref: f.referral ? `${f.referral}-${f.tracking.slice(-8)}` : null,
  };
}

export const COMPLAINT_COLUMNS = [
  ['id', 'uuid'], ['tracking_no', 'text'], ['channel', 'text'], ['received_at', 'timestamptz'], ['registered_at', 'timestamptz'], ['state', 'text'],
  ['name_masked', 'text'], ['phone_masked', 'text'], ['content', 'text'], ['demand', 'text'], ['search_text', 'text'], ['amount', 'numeric'],
  ['product_name', 'text'], ['org_unit_id', 'uuid'], ['handling_unit_id', 'uuid'], ['handler_id', 'uuid'], ['category', 'text'],
  ['channel_code', 'text'], ['business_code', 'text'], ['reason_code', 'text'], ['code_table_version', 'text'], ['complexity', 'text'],
  ['urgency', 'text'], ['major', 'boolean'], ['mass', 'boolean'], ['complainant_count', 'int'], ['tier', 'smallint'],
  ['referral_source', 'text'], ['referral_ref', 'text'], ['referral_due_at', 'timestamptz'], ['extension_level', 'smallint'],
  ['reassignment_count', 'int'], ['reopen_count', 'int'], ['repeat_of', 'uuid'], ['merged_into', 'uuid'], ['classified_at', 'timestamptz'],
  ['accepted_at', 'timestamptz'], ['started_at', 'timestamptz'], ['first_response_at', 'timestamptz'], ['decision', 'jsonb'],
  ['decided_at', 'timestamptz'], ['decision_notified_at', 'timestamptz'], ['feedback_at', 'timestamptz'], ['satisfaction', 'jsonb'],
  ['review', 'jsonb'], ['review_requested_at', 'timestamptz'], ['review_decided_at', 'timestamptz'], ['followed_up_at', 'timestamptz'],
  ['closed_at', 'timestamptz'], ['archived_at', 'timestamptz'], ['paused_since', 'timestamptz'], ['effective_due_at', 'timestamptz'],
  ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
] as const;

export const DEADLINE_COLUMNS = [
  ['complaint_id', 'uuid'], ['step', 'text'], ['starts_at', 'timestamptz'], ['policy_due_at', 'timestamptz'], ['statutory_due_at', 'timestamptz'],
  ['referral_due_at', 'timestamptz'], ['effective_due_at', 'timestamptz'], ['binding', 'text'], ['met_at', 'timestamptz'],
] as const;

/** Counts of generated rows by table (for progress output). */
export async function countRows(db: Kysely<DB>): Promise<{ complaints: number; deadlines: number }> {
  const r = await sql<{ c: number; d: number }>`SELECT (SELECT count(*) FROM complaint)::int AS c, (SELECT count(*) FROM complaint_deadline)::int AS d`.execute(db);
  return { complaints: r.rows[0]!.c, deadlines: r.rows[0]!.d };
}
