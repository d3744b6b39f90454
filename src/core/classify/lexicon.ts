// Financial vocabulary: the jieba user dictionary and the name lists behind entity extraction.
// Public names of institutions, products and channels only; no customer data.

/** Terms the default jieba dictionary splits badly or does not know. */
export const FINANCE_TERMS: readonly string[] = [
  // cards and credit
  '信用卡', '借记卡', '储蓄卡', '银行卡', '副卡', '主卡', '白金卡', '金卡', '联名卡', '社保卡', '工资卡', '一类卡', '二类卡',
  '开卡', '激活', '销卡', '注销', '换卡', '补卡', '挂失', '解挂', '吞卡', '卡片', '卡号', '额度', '临时额度', '固定额度',
  '提额', '降额', '降低额度', '恢复额度', '封卡', '止付', '冻结', '解冻', '锁卡', '非柜面', '限额', '限制交易',
  '分期', '账单分期', '现金分期', '消费分期', '分期付款', '分期手续费', '最低还款', '全额还款', '循环利息', '全额罚息',
  '手续费', '年费', '免年费', '滞纳金', '违约金', '罚息', '复利', '利息', '利率', '年化', '年化利率', '日利率', '综合费率',
  '服务费', '管理费', '担保费', '会员费', '咨询费', '保险费', '保费', '工本费', '短信费', '账户管理费', '小额账户管理费',
  '逾期', '还款', '还款日', '账单日', '宽限期', '提前还款', '提前结清', '结清', '结清证明', '还款计划', '代扣', '自动扣款',
  '停息挂账', '个性化分期', '延期还款', '协商还款', '减免', '本金', '息费', '罚息减免', '展期',
  '征信', '征信报告', '征信记录', '征信异议', '人行征信', '信用报告', '不良记录', '呆账', '消除征信', '修复征信',
  '催收', '暴力催收', '催收电话', '爆通讯录', '通讯录', '紧急联系人', '上门催收', '委外催收', '第三方催收', '法务', '律师函',
  '贷款', '借款', '放款', '下款', '放贷', '房贷', '车贷', '经营贷', '消费贷', '信用贷', '抵押贷款', '公积金贷款', '助学贷款',
  '网贷', '授信', '额度', '审批', '循环额度', '借款合同', '贷款合同', '解押', '抵押', '担保', '担保人', '保证金', '解冻金',
  // deposits, payments
  '存款', '定期存款', '活期', '大额存单', '存单', '取款', '存折', '转账', '汇款', '跨行转账', '到账', '退款', '扣款', '扣费',
  '代扣', '免密支付', '快捷支付', '无感支付', '自动续费', '支付失败', '交易失败', '支付', '收款码', '二维码', '零钱', '余额',
  '开户', '销户', '账户', '账号', '对公账户', '冻结账户', '电信诈骗', '涉诈', '反诈', '流水',
  // wealth and insurance
  '理财', '理财产品', '理财经理', '保本', '保本保息', '净值', '亏损', '收益', '收益率', '预期收益', '基金', '定投', '赎回',
  '风险等级', '风险测评', '贵金属', '黄金', '积存金', '外汇', '购汇', '结汇', '信托', '资管',
  '保险', '保单', '投保', '退保', '理赔', '拒赔', '赔付', '犹豫期', '现金价值', '续保', '续期', '保额', '免责条款',
  '重疾险', '医疗险', '意外险', '车险', '寿险', '年金险', '分红险', '万能险', '百万医疗', '健康告知', '保险代理人',
  // channels and systems
  '手机银行', '网上银行', '网银', '柜台', '柜面', '网点', '营业厅', '大堂经理', '客户经理', '客服', '人工客服', '智能客服',
  '客服热线', '转人工', 'ATM', '自助设备', '取款机', '存款机', '柜员机', '自助终端', '验证码', '短信验证码', '人脸识别',
  '闪退', '白屏', '卡顿', '系统故障', '系统升级', '系统维护', '登录', '登不上', '无法登录', 'APP', '小程序', '公众号',
  // collective, regulators
  '银保监', '银保监会', '银监会', '金融监管', '金融监管局', '人民银行', '央行', '12378', '12363', '12315', '黑猫投诉',
  '起诉', '立案', '报警', '派出所', '公安局', '律师', '法院', '仲裁', '调解', '消保', '消费者权益',
];

export type InstitutionKind = 'bank' | 'insurer' | 'consumer_finance' | 'payment' | 'lending_platform' | 'other';

/** Well-known institutions and brands, with the short names customers use. */
export const INSTITUTIONS: ReadonlyArray<{ name: string; kind: InstitutionKind; aliases?: readonly string[] }> = [
  { name: '中国工商银行', kind: 'bank', aliases: ['工商银行', '工行'] },
  { name: '中国建设银行', kind: 'bank', aliases: ['建设银行', '建行'] },
  { name: '中国农业银行', kind: 'bank', aliases: ['农业银行', '农行'] },
  { name: '中国银行', kind: 'bank', aliases: ['中行'] },
  { name: '交通银行', kind: 'bank', aliases: ['交行'] },
  { name: '中国邮政储蓄银行', kind: 'bank', aliases: ['邮储银行', '邮政储蓄银行', '邮储'] },
  { name: '招商银行', kind: 'bank', aliases: ['招行'] },
  { name: '浦发银行', kind: 'bank', aliases: ['上海浦东发展银行'] },
  { name: '中信银行', kind: 'bank' },
  { name: '中国光大银行', kind: 'bank', aliases: ['光大银行'] },
  { name: '华夏银行', kind: 'bank' },
  { name: '中国民生银行', kind: 'bank', aliases: ['民生银行'] },
  { name: '广发银行', kind: 'bank' },
  { name: '平安银行', kind: 'bank' },
  { name: '兴业银行', kind: 'bank' },
  { name: '浙商银行', kind: 'bank' },
  { name: '渤海银行', kind: 'bank' },
  { name: '恒丰银行', kind: 'bank' },
  { name: '北京银行', kind: 'bank' },
  { name: '上海银行', kind: 'bank' },
  { name: '江苏银行', kind: 'bank' },
  { name: '南京银行', kind: 'bank' },
  { name: '宁波银行', kind: 'bank' },
  { name: '杭州银行', kind: 'bank' },
  { name: '微众银行', kind: 'bank', aliases: ['深圳前海微众银行'] },
  { name: '网商银行', kind: 'bank' },
  { name: '百信银行', kind: 'bank' },
  { name: '新网银行', kind: 'bank' },
  { name: '招联消费金融', kind: 'consumer_finance', aliases: ['招联金融', '招联'] },
  { name: '马上消费金融', kind: 'consumer_finance', aliases: ['马上金融', '马上消费'] },
  { name: '捷信消费金融', kind: 'consumer_finance', aliases: ['捷信金融', '捷信'] },
  { name: '中银消费金融', kind: 'consumer_finance', aliases: ['中银消费'] },
  { name: '兴业消费金融', kind: 'consumer_finance', aliases: ['兴业消费'] },
  { name: '海尔消费金融', kind: 'consumer_finance', aliases: ['海尔金融'] },
  { name: '中原消费金融', kind: 'consumer_finance', aliases: ['中原消费'] },
  { name: '哈银消费金融', kind: 'consumer_finance', aliases: ['哈银消费'] },
  { name: '湖北消费金融', kind: 'consumer_finance' },
  { name: '苏宁消费金融', kind: 'consumer_finance' },
  { name: '包银消费金融', kind: 'consumer_finance', aliases: ['包银消费'] },
  { name: '中邮消费金融', kind: 'consumer_finance', aliases: ['中邮消费'] },
  { name: '锦程消费金融', kind: 'consumer_finance' },
  { name: '尚诚消费金融', kind: 'consumer_finance' },
  { name: '长银消费金融', kind: 'consumer_finance', aliases: ['长银五八消费金融'] },
  { name: '平安消费金融', kind: 'consumer_finance' },
  { name: '宁银消费金融', kind: 'consumer_finance' },
  { name: '北银消费金融', kind: 'consumer_finance' },
  { name: '杭银消费金融', kind: 'consumer_finance' },
  { name: '小米消费金融', kind: 'consumer_finance' },
  { name: '河北幸福消费金融', kind: 'consumer_finance', aliases: ['幸福消费金融'] },
  { name: '盛银消费金融', kind: 'consumer_finance', aliases: ['盛银消费'] },
  { name: '蒙商消费金融', kind: 'consumer_finance' },
  { name: '中国人寿', kind: 'insurer', aliases: ['国寿'] },
  { name: '中国平安', kind: 'insurer', aliases: ['平安保险', '平安人寿', '平安财险', '平安产险'] },
  { name: '中国太保', kind: 'insurer', aliases: ['太平洋保险', '太平洋人寿', '太平洋财险', '太保'] },
  { name: '中国人保', kind: 'insurer', aliases: ['人保财险', '人保寿险', '人保健康', '人民保险'] },
  { name: '泰康人寿', kind: 'insurer', aliases: ['泰康保险', '泰康在线', '泰康'] },
  { name: '新华保险', kind: 'insurer', aliases: ['新华人寿'] },
  { name: '太平人寿', kind: 'insurer', aliases: ['中国太平', '太平保险'] },
  { name: '大地保险', kind: 'insurer', aliases: ['大地财险'] },
  { name: '众安保险', kind: 'insurer', aliases: ['众安在线', '众安'] },
  { name: '华夏保险', kind: 'insurer', aliases: ['华夏人寿'] },
  { name: '阳光保险', kind: 'insurer', aliases: ['阳光人寿', '阳光财险'] },
  { name: '友邦保险', kind: 'insurer', aliases: ['友邦人寿'] },
  { name: '富德生命人寿', kind: 'insurer', aliases: ['生命人寿'] },
  { name: '百年人寿', kind: 'insurer' },
  { name: '天安人寿', kind: 'insurer' },
  { name: '支付宝', kind: 'payment' },
  { name: '微信支付', kind: 'payment', aliases: ['财付通'] },
  { name: '云闪付', kind: 'payment' },
  { name: '银联', kind: 'payment', aliases: ['中国银联'] },
  { name: '拉卡拉', kind: 'payment' },
  { name: '京东支付', kind: 'payment' },
  { name: '翼支付', kind: 'payment' },
  { name: '蚂蚁消费金融', kind: 'consumer_finance', aliases: ['重庆蚂蚁消费金融'] },
  { name: '京东金融', kind: 'lending_platform' },
  { name: '度小满', kind: 'lending_platform', aliases: ['有钱花', '百度有钱花'] },
  { name: '美团', kind: 'lending_platform', aliases: ['美团借钱', '美团金融'] },
  { name: '抖音支付', kind: 'payment', aliases: ['抖音金融'] },
  { name: '分期乐', kind: 'lending_platform', aliases: ['乐信'] },
  { name: '360借条', kind: 'lending_platform', aliases: ['360数科', '奇富借条'] },
  { name: '拍拍贷', kind: 'lending_platform', aliases: ['信也'] },
  { name: '宜人贷', kind: 'lending_platform' },
  { name: '你我贷', kind: 'lending_platform' },
  { name: '洋钱罐', kind: 'lending_platform' },
  { name: '小赢卡贷', kind: 'lending_platform' },
  { name: '还呗', kind: 'lending_platform' },
  { name: '携程金融', kind: 'lending_platform', aliases: ['拿去花', '携程借钱'] },
  { name: '苏宁金融', kind: 'lending_platform' },
  { name: '平安普惠', kind: 'lending_platform' },
  { name: '小米贷款', kind: 'lending_platform' },
  { name: '省呗', kind: 'lending_platform' },
  { name: '玖富', kind: 'lending_platform', aliases: ['玖富万卡'] },
  { name: '外贸信托', kind: 'other' },
];

/** Product names that customers write; used for entities and as dictionary words. */
export const PRODUCTS: readonly string[] = [
  '信用卡', '借记卡', '储蓄卡', '白金卡', '备用金', '万用金', '现金分期', '账单分期', '圆梦金', '新快现', '好享贷', '易贷',
  'e招贷', '闪电贷', '融e借', '快贷', '网捷贷', '薪金贷', '房贷', '车贷', '经营贷', '消费贷', '信用贷', '助学贷款',
  '花呗', '借呗', '微粒贷', '京东白条', '京东金条', '白条', '金条', '美团月付', '抖音月付', '月付', '放心借', '安逸花', '任性付', '大额存单', '定期存款', '结构性存款', '理财产品', '基金', '积存金',
  '重疾险', '医疗险', '百万医疗', '意外险', '车险', '寿险', '年金险', '分红险', '万能险', '飞铁保', '航意险', '账户安全险',
  '会员', '联名卡', 'etc', 'ETC',
];

/** Channels where the complaint happened. */
export const CHANNELS: readonly string[] = [
  '手机银行', '网上银行', '网银', '柜台', '网点', 'ATM', '自助设备', '客服热线', '人工客服', '微信公众号', '小程序', 'APP',
];

/** The jieba user dictionary (one `word freq` a line) built from the lists above. */
export function userDictionary(): string {
  const words = new Set<string>();
  for (const w of FINANCE_TERMS) words.add(w);
  for (const w of PRODUCTS) words.add(w);
  for (const w of CHANNELS) words.add(w);
  for (const inst of INSTITUTIONS) {
    words.add(inst.name);
    for (const a of inst.aliases ?? []) words.add(a);
  }
  const lines: string[] = [];
  for (const w of [...words].sort()) {
    if (/\s/.test(w)) continue;
    // Longer terms get higher frequencies so that they win over their parts.
    lines.push(`${w} ${2000 + 1000 * w.length} n`);
  }
  return lines.join('\n') + '\n';
}
