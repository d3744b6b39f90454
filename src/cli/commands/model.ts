// `kesu model train|eval`: train a generic text classifier on labelled JSONL, or evaluate one.
//
//   kesu model train --in labelled.jsonl --out model.json [--seed 1] [--epochs 12] [--lambda 1e-5] [--min-df 2]
//   kesu model train --from-db --label category|reason|business --out model.json [--since DATE] [--register [--name N]]
//        (closed and archived complaints' confirmed labels; --register also stores the model, not active)
//   kesu model eval  --model model.json --in labelled.jsonl [--head category|reason|business] [--json]
//
// Input lines: {"text": "...", "label": "..."} (other fields ignored). Progress goes to stderr.
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { decodeBootstrap, isBootstrapJson, type HeadName } from '../../core/classify/bootstrap.ts';
import { evaluate, isLinearModel, train, type Evaluation, type Example, type LinearModel, type TrainOptions, type TrainProgress } from '../../core/classify/linear.ts';
import { parseArgs, str, type Io } from '../args.ts';

export interface ModelCommandDeps {
  /** Labelled texts from the database (src/cli/main.ts wires it; `label` is category, reason or business). */
  loadLabelledFromDb?: (label: string, opts?: { since?: Date; onProgress?: (n: number) => void }) => Promise<Example[]>;
  /** Store a trained model in the database, not active (src/cli/main.ts wires it). */
  registerModel?: (model: LinearModel, head: string, name: string | undefined) => Promise<{ id: string; version: string }>;
}

const DB_LABELS = ['category', 'reason', 'business'];

/** `2026-01-31` (midnight, China time) or a full ISO 8601 time. */
function parseSince(v: string): Date {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00+08:00`) : new Date(v);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--since 需要日期（如 2026-01-01）/ --since needs a date (e.g. 2026-01-01): ${v}`);
  return d;
}

const USAGE = `用法 / usage:
  kesu model train --in labelled.jsonl --out FILE [--seed N] [--epochs N] [--lambda X] [--min-df N]
  kesu model train --from-db --label category|reason|business --out FILE [--since DATE] [--register [--name N]]
  kesu model eval  --model FILE --in labelled.jsonl [--head category|reason|business] [--json]
每行 / each line: {"text": "…", "label": "…"}
`;

class UsageError extends Error {}

/** Read labelled JSONL; lines without a string `text` and `label` are reported and skipped. */
export async function readLabelled(path: string, io: Io): Promise<Example[]> {
  const stream = path === '-' ? io.stdin : createReadStream(path, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  const out: Example[] = [];
  let n = 0;
  let bad = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    try {
      const o = JSON.parse(line) as { text?: unknown; label?: unknown };
      if (typeof o.text !== 'string' || !o.text.trim()) throw new Error('缺少 text / missing text');
      if (typeof o.label !== 'string' && typeof o.label !== 'number') throw new Error('缺少 label / missing label');
      out.push({ text: o.text, label: String(o.label) });
    } catch (e) {
      bad++;
      if (bad <= 10) io.stderr(`第 ${n} 行已跳过 / line ${n} skipped: ${(e as Error).message}\n`);
    }
  }
  if (bad > 10) io.stderr(`… 共跳过 ${bad} 行 / ${bad} lines skipped in all\n`);
  return out;
}

function progressBar(io: Io): { update: (p: TrainProgress) => void; done: () => void } {
  let last = '';
  let active = false;
  return {
    update(p) {
      const width = 24;
      const frac = p.total ? Math.min(1, p.done / p.total) : 0;
      const filled = Math.round(frac * width);
      const phase = { features: '特征 features', select: '选择λ select', calibrate: '校准 calibrate', train: '训练 train' }[p.phase];
      const line = `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% ${phase} ${p.done}/${p.total} ${p.message ?? ''}`;
      if (line !== last) {
        io.stderr(line.padEnd(78));
        last = line;
        active = true;
      }
    },
    done() {
      if (active) io.stderr('\n');
      active = false;
    },
  };
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** Plain-text report of an evaluation (accuracy, macro-F1, per-class P/R/F1, confusion matrix). */
export function formatEvaluation(ev: Evaluation): string {
  const lines: string[] = [];
  lines.push(`样本 / examples: ${ev.n}`);
  lines.push(`准确率 / accuracy: ${pct(ev.accuracy)}`);
  lines.push(`宏平均F1 / macro-F1: ${pct(ev.macroF1)}`);
  lines.push(`平均置信度 / mean confidence: ${pct(ev.meanConfidence)}  校准误差 / ECE: ${pct(ev.ece)}`);
  lines.push('');
  const w = Math.max(8, ...ev.confusion.labels.map((l) => l.length + 2));
  lines.push(`${'类别 label'.padEnd(w)} ${'P'.padStart(7)} ${'R'.padStart(7)} ${'F1'.padStart(7)} ${'n'.padStart(6)}`);
  for (const [label, m] of Object.entries(ev.perClass)) {
    lines.push(`${label.padEnd(w)} ${pct(m.precision).padStart(7)} ${pct(m.recall).padStart(7)} ${pct(m.f1).padStart(7)} ${String(m.support).padStart(6)}`);
  }
  lines.push('');
  lines.push('混淆矩阵（行=真实，列=预测）/ confusion matrix (rows = truth, columns = predicted)');
  const cw = Math.max(6, ...ev.confusion.labels.map((l) => l.length + 1));
  lines.push(''.padEnd(w) + ev.confusion.labels.map((l) => l.padStart(cw)).join(''));
  ev.confusion.matrix.forEach((row, i) => {
    lines.push(String(ev.confusion.labels[i]).padEnd(w) + row.map((x) => String(x).padStart(cw)).join(''));
  });
  return lines.join('\n') + '\n';
}

/** Load a model file: a generic model, or one head of a bootstrap model. */
export async function loadModelFile(path: string, head: HeadName = 'category'): Promise<LinearModel> {
  const json: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (isBootstrapJson(json)) return decodeBootstrap(json)[head];
  if (isLinearModel(json)) return json;
  throw new Error(`不是 Kesu 模型文件 / not a Kesu model file: ${path}`);
}

function numberFlag(p: ReturnType<typeof parseArgs>, name: string): number | undefined {
  const v = str(p, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} 需要数字 / needs a number`);
  return n;
}

export async function run(args: string[], io: Io, deps: ModelCommandDeps = {}): Promise<number> {
  const [sub, ...rest] = args;
  const p = parseArgs(rest);
  try {
    if (sub === 'train') {
      const out = str(p, 'out');
      if (!out) throw new UsageError('需要 --out / --out is required');
      let examples: Example[];
      const label = str(p, 'label');
      const register = !!p.flags.register;
      if (register && !p.flags['from-db']) throw new UsageError('--register 只能与 --from-db 一起使用 / --register goes with --from-db');
      if (p.flags['from-db']) {
        if (!label) throw new UsageError('--from-db 需要 --label（如 category）/ --from-db needs --label (e.g. category)');
        if (!DB_LABELS.includes(label)) throw new UsageError('--label 只能是 category|reason|business / --label must be category, reason or business');
        const sinceArg = str(p, 'since');
        const since = sinceArg === undefined ? undefined : parseSince(sinceArg);
        if (!deps.loadLabelledFromDb) {
          io.stderr('错误 / error: 此命令未连接数据库，无法使用 --from-db；请先导出为 JSONL 再用 --in / --from-db is not available here (no database connection); export to JSONL and use --in\n');
          return 1;
        }
        let shown = false;
        examples = await deps.loadLabelledFromDb(label, {
          ...(since ? { since } : {}),
          onProgress: (n) => {
            io.stderr(`\r读取已办结投诉 / reading closed complaints: ${n}`);
            shown = true;
          },
        });
        if (shown) io.stderr('\n');
      } else {
        const input = str(p, 'in');
        if (!input) throw new UsageError('需要 --in 或 --from-db / --in or --from-db is required');
        examples = await readLabelled(input, io);
      }
      const labels = new Set(examples.map((e) => e.label));
      if (examples.length < 2 || labels.size < 2) {
        io.stderr(`错误 / error: 需要至少两个类别的样本 / need examples of at least two labels (got ${examples.length} examples, ${labels.size} labels)\n`);
        return 1;
      }
      const options: TrainOptions = {};
      const seed = numberFlag(p, 'seed');
      const epochs = numberFlag(p, 'epochs');
      const lambda = numberFlag(p, 'lambda');
      const minDf = numberFlag(p, 'min-df');
      if (seed !== undefined) options.seed = seed;
      if (epochs !== undefined) options.epochs = epochs;
      if (lambda !== undefined) options.lambda = lambda;
      if (minDf !== undefined) options.minDf = minDf;
      const bar = progressBar(io);
      const t0 = performance.now();
      const model = train(examples, options, (q) => bar.update(q));
      bar.done();
      await writeFile(out, JSON.stringify(model) + '\n');
      const secs = ((performance.now() - t0) / 1000).toFixed(1);
      const cal = model.meta.calibration;
      io.stderr(
        `已保存 / saved ${out}: ${examples.length} 条样本 / examples, ${model.labels.length} 个类别 / labels, ${model.vocab.length} 个特征 / features, ${secs} s` +
          (cal ? `; 留出集 / held-out: accuracy ${pct(cal.accuracy)}, macro-F1 ${pct(cal.macroF1)}, T=${cal.temperature}` : '') +
          '\n',
      );
      if (register) {
        if (!deps.registerModel) {
          io.stderr('错误 / error: 此命令未连接数据库，无法登记 / --register is not available here (no database connection)\n');
          return 1;
        }
        try {
          const r = await deps.registerModel(model, label as string, str(p, 'name'));
          io.stderr(`已登记（未启用）/ registered (not active): ${r.version} id ${r.id}; 启用 / activate: POST /api/v1/classifier/models/${r.id}/activate\n`);
        } catch (e) {
          const err = e as Error & { code?: string; details?: unknown };
          if (!err.code) throw e;
          io.stderr(`模型已保存但未登记 / saved but not registered: ${err.code}${err.details ? ` ${JSON.stringify(err.details)}` : ''}\n`);
          return 1;
        }
      }
      return 0;
    }
    if (sub === 'eval') {
      const modelPath = str(p, 'model');
      const input = str(p, 'in');
      if (!modelPath || !input) throw new UsageError('需要 --model 和 --in / --model and --in are required');
      const head = (str(p, 'head') ?? 'category') as HeadName;
      if (!['category', 'reason', 'business'].includes(head)) throw new UsageError('--head 只能是 category|reason|business');
      const model = await loadModelFile(modelPath, head);
      const examples = await readLabelled(input, io);
      if (examples.length === 0) {
        io.stderr('错误 / error: 没有可评估的样本 / no examples to evaluate\n');
        return 1;
      }
      const ev = evaluate(model, examples);
      io.stdout(p.flags.json ? JSON.stringify(ev) + '\n' : formatEvaluation(ev));
      return 0;
    }
    io.stderr(USAGE);
    return 2;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
