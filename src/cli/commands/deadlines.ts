// `kesu deadlines`: the deadlines of a hypothetical complaint, from the pure SLA engine (no database).
// Steps after the decision start from estimated anchors: the decision and its notice at the decision's
// effective due time (the latest allowed), the review request at the end of the review window.
import { parseArgs } from 'node:util';
import { createCalendar } from '../../core/sla/calendar.ts';
import { CN_CALENDAR_DATA } from '../../core/sla/calendar-data.ts';
import {
  type DeadlineInput,
  type DeadlineResult,
  type StepDeadline,
  computeDeadlines,
} from '../../core/sla/deadlines.ts';
import { BINDING_LABELS, STEP_LABELS } from '../../core/sla/explain.ts';
import { COMPLEXITIES, type Complexity, DEFAULT_SLA_POLICY, type ExtensionLevel, type SlaPolicy } from '../../core/sla/policies.ts';
import { parseInstant, toShanghaiIso } from '../../core/sla/time.ts';

export interface CommandIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

const USAGE = `用法 Usage: kesu deadlines --received ISO-TIME --complexity general|complex|special
  [--channel C] [--referral-source 12378|12363] [--referral-due ISO-TIME] [--extension 0|1|2]
  [--adjusted-workdays-off] [--roll-over-holidays] [--json]
  ISO-TIME carries an offset, e.g. 2025-01-27T10:00:00+08:00`;

const CHANNELS = ['phone', 'sms', 'email', 'web', 'app', 'branch', 'regulator'];
const REFERRAL_SOURCES = ['12378', '12363'];

class UsageError extends Error {}

interface Options {
  readonly input: DeadlineInput;
  readonly policy: SlaPolicy;
  readonly adjustedWorkdaysOff: boolean;
  readonly json: boolean;
}

function parseOptions(args: string[]): Options | 'help' {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      received: { type: 'string' },
      complexity: { type: 'string' },
      channel: { type: 'string' },
      'referral-source': { type: 'string' },
      'referral-due': { type: 'string' },
      extension: { type: 'string' },
      'adjusted-workdays-off': { type: 'boolean' },
      'roll-over-holidays': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.received === undefined) throw new UsageError('缺少 --received / --received is required');
  parseInstant(values.received);
  const complexity = values.complexity as Complexity | undefined;
  if (complexity === undefined || !COMPLEXITIES.includes(complexity)) {
    throw new UsageError('--complexity 须为 general、complex 或 special / must be general, complex or special');
  }
  const source = values['referral-source'];
  if (source !== undefined && !REFERRAL_SOURCES.includes(source)) {
    throw new UsageError('--referral-source 须为 12378 或 12363 / must be 12378 or 12363');
  }
  const due = values['referral-due'];
  if (due !== undefined && source === undefined) throw new UsageError('--referral-due 需要 --referral-source / needs --referral-source');
  if (due !== undefined) parseInstant(due);
  const channel = values.channel ?? (source !== undefined ? 'regulator' : null);
  if (channel !== null && !CHANNELS.includes(channel)) throw new UsageError(`--channel 须为 / must be one of ${CHANNELS.join(', ')}`);
  if (source !== undefined && channel !== 'regulator') throw new UsageError('监管转办的渠道须为 regulator / a referral needs --channel regulator');
  const extension = Number(values.extension ?? '0');
  if (![0, 1, 2].includes(extension)) throw new UsageError('--extension 须为 0、1 或 2 / must be 0, 1 or 2');
  return {
    input: {
      receivedAt: values.received,
      complexity,
      channel,
      referral: source === undefined ? null : { source, dueAt: due ?? null },
      extension: extension as ExtensionLevel,
    },
    policy: { ...DEFAULT_SLA_POLICY, statutoryRollOverHolidays: values['roll-over-holidays'] === true },
    adjustedWorkdaysOff: values['adjusted-workdays-off'] === true,
    json: values.json === true,
  };
}

function dueOf(result: DeadlineResult, step: string): string | null {
  return result.steps.find((s) => s.step === step)?.effectiveDue ?? null;
}

/** Deadlines with the later steps' anchors estimated (worst case: each step at its effective due). */
export function estimateDeadlines(options: Options): { result: DeadlineResult; decisionAt: string | null; reviewRequestedAt: string | null } {
  const calendar = createCalendar(CN_CALENDAR_DATA, { adjustedWorkdaysAreWorkingDays: !options.adjustedWorkdaysOff });
  const first = computeDeadlines(options.input, options.policy, calendar);
  const decisionAt = dueOf(first, 'decide');
  const second = computeDeadlines({ ...options.input, decisionAt }, options.policy, calendar);
  const reviewRequestedAt = dueOf(second, 'reviewRequest');
  const result = computeDeadlines({ ...options.input, decisionAt, reviewRequestedAt }, options.policy, calendar);
  return { result, decisionAt, reviewRequestedAt };
}

/** Display width in a terminal: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));
const short = (iso: string | null): string => (iso === null ? '—' : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`);

function row(s: StepDeadline): string[] {
  const label = STEP_LABELS[s.step];
  const binding = s.binding === null ? '—' : `${BINDING_LABELS[s.binding].zh} ${s.binding}`;
  return [`${label.zh} ${label.en}`, short(s.startsAt), short(s.policyDue), short(s.statutoryDue), short(s.referralDue), short(s.effectiveDue), binding];
}

function table(options: Options, result: DeadlineResult): string {
  const head = ['步骤 Step', '起算 Starts', '内部时限 Policy', '法定时限 Statutory', '转办 Referral', '截止 Effective', '依据 Binding'];
  const rows = [head, ...result.steps.map(row)];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  const lines = rows.map((r) => r.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd());
  const { receivedAt, complexity } = options.input;
  const title = `投诉时限 Deadlines — 受理 received ${toShanghaiIso(receivedAt)} (Asia/Shanghai), ${complexity}`;
  const note = '注：处理决定之后各步骤按最迟情形估算起算时间 / later steps start from estimated (latest) anchors';
  const warnings = result.warnings.map((w) => {
    const where = w.step === undefined || w.code === 'CALENDAR_YEAR_NOT_LOADED' ? '' : `${STEP_LABELS[w.step].zh} ${STEP_LABELS[w.step].en}: `;
    return `! ${w.code} ${where}${w.message.zh} / ${w.message.en}`;
  });
  return [title, '', ...lines, '', note, ...warnings].join('\n') + '\n';
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  let options: Options | 'help';
  let estimate: ReturnType<typeof estimateDeadlines>;
  try {
    options = parseOptions(args);
    if (options === 'help') {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    estimate = estimateDeadlines(options);
  } catch (e) {
    io.stderr(`kesu deadlines: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { result, decisionAt, reviewRequestedAt } = estimate;
  if (options.json) {
    const estimatedAnchors = { decisionAt, decisionNotifiedAt: decisionAt, reviewRequestedAt };
    io.stdout(`${JSON.stringify({ steps: result.steps, warnings: result.warnings, coverage: result.coverage, estimatedAnchors }, null, 2)}\n`);
  } else {
    io.stdout(table(options, result));
  }
  return 0;
}
