// Invented Chinese complaint data for benchmarks, demos and fuzzing: valid GB 11643 resident ID numbers,
// valid mainland mobile numbers, names, and complaint texts composed from fragments. Nothing here is real
// customer data; the generator is seeded, so a run is reproducible.
import { createRng, pick, randInt, type Rng } from '../../src/core/classify/prng.ts';
import { idNumberCheckChar } from '../../src/core/privacy/validators.ts';

export { createRng, pick, randInt, type Rng };

/** Address codes (county level) from GB/T 2260 — enough variety for realistic ID numbers. */
const REGIONS = [
  '110101', '110105', '110108', '120101', '130102', '140105', '210102', '220102', '310101', '310104', '310115',
  '320102', '320106', '330102', '330106', '340102', '350102', '360102', '370102', '410102', '420102', '430102',
  '440103', '440106', '440304', '450102', '500101', '510104', '510107', '520102', '530102', '610103', '620102',
];

/** A valid 18-character resident ID number (region, birth date between 1950 and 2005, sequence, check char). */
export function idNumber(rng: Rng): string {
  const region = pick(rng, REGIONS);
  const year = 1950 + randInt(rng, 56);
  const month = 1 + randInt(rng, 12);
  const day = 1 + randInt(rng, 28);
  const seq = String(randInt(rng, 1000)).padStart(3, '0');
  const first17 = `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '176', '177', '180', '181', '182', '185', '186', '187', '188', '189', '191', '198', '199'];

/** A valid mainland mobile number; sometimes written the way people type it (+86 prefix, spaces). */
export function mobile(rng: Rng, plain = false): string {
  const n = pick(rng, MOBILE_PREFIXES) + String(randInt(rng, 100_000_000)).padStart(8, '0');
  if (plain) return n;
  const r = rng();
  if (r < 0.1) return `+86 ${n}`;
  if (r < 0.2) return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
  return n;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强玉兰春梅海燕文博子涵浩然欣怡梓轩思远雨桐晨曦嘉怡一鸣宇航佳琪';

export function personName(rng: Rng): string {
  const s = SURNAMES[randInt(rng, SURNAMES.length)]!;
  const n = 1 + randInt(rng, 2);
  let g = '';
  for (let i = 0; i < n; i++) g += GIVEN[randInt(rng, GIVEN.length)]!;
  return s + g;
}

export const PRODUCTS = ['信用卡', '白金信用卡', '借记卡', '个人住房贷款', '个人消费贷款', '经营贷', '手机银行', '网上银行', '快捷支付', '定期存款', '大额存单', '理财产品', '代销基金', '代销保险', '分期付款', '外汇业务', '贵金属', '车贷'];
const PLACES = ['柜台', '网点', '手机银行', '客服热线', '自助设备', '微信公众号', '网上银行'];
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '南京', '成都', '武汉', '西安', '天津', '重庆', '苏州', '长沙', '郑州', '青岛'];
const WHEN = ['上个月', '本月初', '上周', '前天', '三个月前', '今年年初', '去年年底', '上周五', '月中'];
const ISSUES: ReadonlyArray<(p: string, a: number, d: number) => string> = [
  (p, a) => `我的${p}被扣了${a}元费用，办理时工作人员说是免费的，没有任何提示`,
  (p, a) => `${p}账单里出现一笔${a}元的交易，不是我本人操作的`,
  (p, _a, d) => `${p}已经还清${d}天了，一直拿不到结清证明`,
  (p, a) => `通过${p}转账${a}元，显示成功但对方没有收到，钱也没退回来`,
  (p) => `${p}的额度无缘无故被调低，问了好几次都说不清楚原因`,
  (p, a) => `理财经理推荐${p}时说保本，现在亏了${a}元，当时没有做风险评估`,
  (p, _a, d) => `催收人员因为${p}逾期${d}天，每天给我单位和家人打电话`,
  (p) => `登录手机银行办理${p}时一直闪退，导致还款失败产生了逾期`,
  (p, a) => `在自助设备办理${p}取款${a}元，机器吞卡没有出钞，账户却扣款了`,
  (p) => `${p}的合同条款和宣传材料不一致，收费标准没有事先告知`,
  (p, _a, d) => `办理${p}排队等了${d}个小时，工作人员态度很差，问工号也不说`,
  (p) => `从来没有申请过${p}，却被开通了，每个月都在扣钱`,
  (p, _a, d) => `征信报告上有一笔${p}逾期记录，我每期都按时还款，已经反映了${d}次`,
  (p, a) => `提前还${p}被收取违约金${a}元，签约时没有人解释这个条款`,
];
const FEELINGS = ['非常气愤', '严重影响了我的生活', '多次沟通无果', '客服一直推脱', '希望尽快处理', '对处理结果很不满意', '已经耽误了我的正常使用'];
const DEMANDS = ['退还相关费用并书面道歉', '尽快查明原因并退款', '出具结清证明', '停止骚扰并规范催收', '更正征信记录', '赔偿全部损失', '取消业务并退还扣款', '给出明确书面答复', '恢复原有额度', '对相关工作人员进行处理'];

export interface ComplaintText {
  content: string;
  demand: string;
  productName: string;
  amount: number;
}

/** A complaint text 40–300 characters long: when, where, what happened, how it felt, what is asked. */
export function complaintText(rng: Rng): ComplaintText {
  const p = pick(rng, PRODUCTS);
  const amount = Math.round(20 + rng() ** 3 * 80_000);
  const days = 2 + randInt(rng, 40);
  const parts = [`${pick(rng, WHEN)}在${pick(rng, CITIES)}${pick(rng, PLACES)}，`, pick(rng, ISSUES)(p, amount, days), '，'];
  const extra = randInt(rng, 4);
  for (let i = 0; i < extra; i++) parts.push(pick(rng, FEELINGS), i === extra - 1 ? '。' : '，');
  if (extra === 0) parts[parts.length - 1] = '。';
  if (rng() < 0.3) parts.push(`之前已经拨打过客服电话${1 + randInt(rng, 9)}次，工单号一直没有结果。`);
  return { content: parts.join(''), demand: pick(rng, DEMANDS), productName: p, amount };
}

export const BODY_CHANNELS = ['phone', 'phone', 'phone', 'app', 'app', 'web', 'branch', 'email', 'sms', 'regulator'] as const;

/** A realistic intake body (POST /api/v1/complaints). `marker` is appended to the content so a run can find
 * its own rows again (crash test). `receivedAt` lies a few minutes before `now`. */
export function intakeBody(rng: Rng, now: Date, opts: { orgUnitCodes?: readonly string[]; marker?: string } = {}): Record<string, unknown> {
  const t = complaintText(rng);
  const channel = pick(rng, BODY_CHANNELS);
  const complainant: Record<string, string> = { name: personName(rng) };
  if (rng() < 0.85) complainant.idNumber = idNumber(rng);
  if (rng() < 0.95) complainant.phone = mobile(rng);
  if (rng() < 0.1) complainant.email = `user${randInt(rng, 1_000_000)}@example.com`;
  if (rng() < 0.2) complainant.customerNo = `C${String(randInt(rng, 1e9)).padStart(9, '0')}`;
  const body: Record<string, unknown> = {
    channel,
    receivedAt: new Date(now.getTime() - randInt(rng, 600_000)).toISOString(),
    complainant,
    content: opts.marker ? `${t.content}【${opts.marker}】` : t.content,
    demand: t.demand,
    amount: t.amount,
    productName: t.productName,
  };
  if (opts.orgUnitCodes?.length) body.orgUnitCode = pick(rng, opts.orgUnitCodes);
  if (channel === 'regulator') body.referral = { source: rng() < 0.7 ? '12378' : '12363', ref: `REF${randInt(rng, 1e8)}` };
  if (rng() < 0.01) body.complainantCount = 20 + randInt(rng, 50);
  return body;
}
