// `kesu classify`: classify texts from JSONL (a file or stdin), one JSON line out per input line.
//
//   kesu classify --in texts.jsonl            (the shipped bootstrap model)
//   kesu classify --model model.json --in -   (a trained generic model; input from stdin)
//
// Input lines: {"id": …, "text": "…"} (other fields ignored). Output echoes `id`:
//   bootstrap model: {"id", "category", "reasonCode", "businessCode", "urgency", "urgencyReasons", "entities", "confidence", …}
//   generic model:   {"id", "label", "confidence"}
// A bad line gives {"line": N, "error": "…"} and processing continues; the exit code is then 1.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { analyseComplaint, loadedBootstrapModel } from '../../core/classify/analyse.ts';
import { decodeBootstrap, isBootstrapJson, type BootstrapModel } from '../../core/classify/bootstrap.ts';
import { isLinearModel, predict, type LinearModel } from '../../core/classify/linear.ts';
import { parseArgs, str, type Io } from '../args.ts';

const USAGE = `用法 / usage: kesu classify [--model FILE] --in texts.jsonl|-
每行 / each line: {"id": …, "text": "…"}
`;

type Loaded = { kind: 'bootstrap'; model: BootstrapModel } | { kind: 'generic'; model: LinearModel };

async function loadModel(path: string | undefined): Promise<Loaded> {
  if (!path) return { kind: 'bootstrap', model: loadedBootstrapModel() };
  const json: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (isBootstrapJson(json)) return { kind: 'bootstrap', model: decodeBootstrap(json) };
  if (isLinearModel(json)) return { kind: 'generic', model: json };
  throw new Error(`不是 Kesu 模型文件 / not a Kesu model file: ${path}`);
}

export async function run(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args);
  const input = str(p, 'in');
  if (!input) {
    io.stderr(USAGE);
    return 2;
  }
  const loaded = await loadModel(str(p, 'model'));
  const stream = input === '-' ? io.stdin : createReadStream(input, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  let errors = 0;
  let done = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    let out: Record<string, unknown>;
    try {
      const o = JSON.parse(line) as unknown;
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('不是 JSON 对象 / not a JSON object');
      const { id, text } = o as { id?: unknown; text?: unknown };
      if (typeof text !== 'string') throw new Error('缺少 text 字段 / missing text');
      if (loaded.kind === 'generic') {
        const r = predict(loaded.model, text);
        out = { id: id ?? null, label: r.label, confidence: Math.round(r.confidence * 1e4) / 1e4 };
      } else {
        const a = analyseComplaint(text, loaded.model);
        out = {
          id: id ?? null,
          category: a.category,
          reasonCode: a.reasonCode,
          businessCode: a.businessCode,
          urgency: a.urgency,
          urgencyReasons: a.urgencyReasons,
          entities: a.entities,
          confidence: a.categoryConfidence,
          reasonConfidence: a.reasonConfidence,
          businessConfidence: a.businessConfidence,
          modelVersion: a.modelVersion,
        };
      }
      done++;
    } catch (e) {
      errors++;
      out = { line: n, error: (e as Error).message };
    }
    io.stdout(JSON.stringify(out) + '\n');
  }
  if (errors) io.stderr(`${done} 条已分类，${errors} 行有错误 / ${done} classified, ${errors} bad lines\n`);
  return errors ? 1 : 0;
}
