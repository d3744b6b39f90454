// Urgency from rules: signals that a complaint may escalate or must be reported as major.
// `critical` means the complaint must be flagged major (重大投诉); `high` means handle with priority.
import { parseChineseNumber } from './chinese-number.ts';
import { FirstCharPattern, type Entity } from './entities.ts';
import { foldWidth, toSimplified } from './normalize.ts';

export type Urgency = 'normal' | 'high' | 'critical';
export type UrgencyCode =
  | 'self_harm'
  | 'violence_threat'
  | 'mass_complaint'
  | 'media_exposure'
  | 'lawsuit'
  | 'police'
  | 'regulator'
  | 'vulnerable_customer'
  | 'large_amount';

export interface UrgencyReason {
  code: UrgencyCode;
  level: 'high' | 'critical';
  zh: string;
  en: string;
  /** The words that triggered the rule and where they are (UTF-16 offsets into the original text). */
  match: string;
  start: number;
  end: number;
}

export interface UrgencyOptions {
  /** An amount at or above this (yuan) makes the complaint high urgency (default 100 000). */
  largeAmount?: number;
  /** An amount at or above this (yuan) makes it critical (default 1 000 000). */
  criticalAmount?: number;
  /** A joint complaint by this many people or more is major (default 20, 银行业保险业消费投诉处理管理办法). */
  massCount?: number;
}

export const URGENCY_LABELS: Record<UrgencyCode, { zh: string; en: string }> = {
  self_harm: { zh: '自伤自杀风险', en: 'Risk of self-harm' },
  violence_threat: { zh: '暴力威胁', en: 'Threat of violence' },
  mass_complaint: { zh: '群体投诉', en: 'Mass or joint complaint' },
  media_exposure: { zh: '媒体曝光风险', en: 'Media exposure' },
  lawsuit: { zh: '诉讼或律师介入', en: 'Lawsuit or lawyer involved' },
  police: { zh: '报警或公安介入', en: 'Police involved' },
  regulator: { zh: '监管投诉', en: 'Regulator involved (hotline or authority)' },
  vulnerable_customer: { zh: '特殊群体客户', en: 'Vulnerable customer' },
  large_amount: { zh: '涉及金额较大', en: 'Large amount involved' },
};

interface Rule {
  code: UrgencyCode;
  level: 'high' | 'critical';
  re: RegExp;
  /** Skip when one of these words comes right before the match (我不会起诉). */
  negatable?: boolean;
}

const RULES: readonly Rule[] = [
  { code: 'self_harm', level: 'critical', re: /自杀|跳楼|跳河|不想活|活不下去|活不成|轻生|寻死|去死|喝药|喝农药|割腕|一死了之|死给你们看|结束生命|结束自己|想死|了结自己|以死明志|走投无路只能死/g },
  { code: 'violence_threat', level: 'critical', re: /同归于尽|炸了你们|炸掉|炸银行|砍人|砍死|杀了你|报复社会|弄死你|泼汽油|纵火|带刀/g },
  { code: 'mass_complaint', level: 'critical', re: /集体投诉|集体维权|群体投诉|群体性|联名投诉|联名举报|联合投诉|维权群|受害者群|集体起诉/g },
  { code: 'mass_complaint', level: 'high', re: /多人|很多人都|好多人都|大批|众多客户|大量客户|很多受害者|不止我一个|不只我一个|一群人|大家都被/g },
  { code: 'media_exposure', level: 'high', re: /媒体|曝光|记者|报社|电视台|微博|热搜|抖音上发|发抖音|发到网上|网上发帖|公之于众|舆论|自媒体/g, negatable: true },
  { code: 'lawsuit', level: 'high', re: /起诉|律师|法院|诉讼|仲裁|法律途径|打官司|法律程序/g, negatable: true },
  { code: 'police', level: 'high', re: /报警|报案|公安|派出所|警察|经侦|110/g, negatable: true },
  {
    code: 'regulator',
    level: 'high',
    re: /12378|12363|12315|银保监|银监|保监|金融监管|国家金融监督管理总局|监管局|监管部门|人民银行|人行|央行|消协|消费者协会|金融办|信访/g,
    negatable: true,
  },
  {
    code: 'vulnerable_customer',
    level: 'high',
    re: /老人|老年人|高龄|残疾|残障|重病|大病|癌症|绝症|白血病|尿毒症|瘫痪|卧床|孕妇|怀孕|未成年|孤寡|低保|失明|聋哑|精神病|抑郁症/g,
  },
];

const NEGATION = /(?:不会|不想|不愿|没有|没|并未|未|不用|无需|不必|不要)$/;

// All keyword rules in one pattern (one scan of the text); the capturing group that matched names the rule. The
// rules are lists of plain words, so a match begins with the first character of one of them.
const COMBINED = new FirstCharPattern(
  RULES.map((r) => `(${r.re.source})`).join('|'),
  RULES.flatMap((r) => r.re.source.split('|').map((word) => word[0] as string)).join(''),
);

// Joint complaints by N people (the words after the count are checked first, with includes: most texts have none).
const TOGETHER = ['一起', '联合', '共同', '集体', '都'];
const JOINT_RE = new FirstCharPattern(
  '(\\d+|[一二两三四五六七八九十百千万]+)\\s*(?:多)?\\s*(?:个|名|位)?\\s*(?:人|户|客户|消费者|受害者|借款人)(?:一起|联合|共同|集体|都)',
  '0123456789一二两三四五六七八九十百千万',
);
// Ages (七十多岁, 83岁).
const AGE_RE = new FirstCharPattern('(\\d{2,3}|[六七八九]十[一二三四五六七八九]?)\\s*(?:多)?\\s*岁', '0123456789六七八九');

function strongest(a: Urgency, b: 'high' | 'critical'): Urgency {
  if (a === 'critical' || b === 'critical') return 'critical';
  return 'high';
}

/**
 * Urgency and the reasons for it. Amounts come from `entities` (pass the result of extractEntities to avoid
 * extracting twice); without them amounts are not considered.
 */
export function assessUrgency(
  text: string,
  entities: readonly Entity[] = [],
  options: UrgencyOptions = {},
): { urgency: Urgency; reasons: UrgencyReason[] } {
  const largeAmount = options.largeAmount ?? 100_000;
  const criticalAmount = options.criticalAmount ?? 1_000_000;
  const massCount = options.massCount ?? 20;
  const folded = foldWidth(text);
  const simplified = toSimplified(folded);
  const t = simplified.length === folded.length ? simplified : folded;
  const reasons: UrgencyReason[] = [];
  const seen = new Set<string>();
  const push = (code: UrgencyCode, level: 'high' | 'critical', start: number, end: number): void => {
    const key = `${code}:${level}`;
    if (seen.has(key)) return; // one reason per rule: the first occurrence
    seen.add(key);
    reasons.push({ code, level, ...URGENCY_LABELS[code], match: text.slice(start, end), start, end });
  };

  const found: { rule: Rule; start: number; end: number }[] = [];
  for (const m of COMBINED.matches(t)) {
    const g = m.findIndex((x, i) => i > 0 && x !== undefined);
    const rule = RULES[g - 1];
    if (!rule) continue;
    const start = m.index ?? 0;
    if (rule.negatable && NEGATION.test(t.slice(Math.max(0, start - 3), start))) continue;
    if (rule.code === 'police' && m[0] === '110' && /\d/.test((t[start - 1] ?? '') + (t[start + 3] ?? ''))) continue;
    if (rule.code === 'regulator' && m[0] === '人行' && /[道横]/.test(t[start + 2] ?? '')) continue;
    found.push({ rule, start, end: start + m[0].length });
  }
  // Reasons in rule order (the order of RULES), the first occurrence of each.
  for (const rule of RULES) {
    const f = found.find((x) => x.rule === rule);
    if (f) push(rule.code, rule.level, f.start, f.end);
  }

  // Joint complaints by N people: N ≥ massCount is major, fewer (but several) is high.
  if (TOGETHER.some((w) => t.includes(w))) for (const m of JOINT_RE.matches(t)) {
    const n = parseChineseNumber(m[1] as string);
    if (n === undefined || n < 2) continue;
    const start = m.index ?? 0;
    push('mass_complaint', n >= massCount ? 'critical' : 'high', start, start + m[0].length);
  }

  // Elderly customers by age (七十多岁, 83岁).
  if (t.includes('岁')) for (const m of AGE_RE.matches(t)) {
    const age = parseChineseNumber(m[1] as string);
    if (age !== undefined && age >= 70 && age < 120) {
      const start = m.index ?? 0;
      push('vulnerable_customer', 'high', start, start + m[0].length);
      break;
    }
  }

  // Large amounts.
  let biggest: Entity | undefined;
  for (const e of entities) {
    if (e.type === 'amount' && typeof e.value === 'number' && (!biggest || e.value > (biggest.value as number))) biggest = e;
  }
  if (biggest && (biggest.value as number) >= largeAmount) {
    push('large_amount', (biggest.value as number) >= criticalAmount ? 'critical' : 'high', biggest.start, biggest.end);
  }

  let urgency: Urgency = 'normal';
  for (const r of reasons) urgency = strongest(urgency, r.level);
  reasons.sort((a, b) => (a.level === b.level ? a.start - b.start : a.level === 'critical' ? -1 : 1));
  return { urgency, reasons };
}
