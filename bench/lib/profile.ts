// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package, to say what dominates.
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  byFunction: Array<{ name: string; ms: number; pct: number }>;
  byPackage: Array<{ name: string; ms: number; pct: number }>;
}

function packageOf(url: string, fn: string): string {
  if (!url) return fn === '(garbage collector)' ? '(gc)' : fn === '(idle)' ? '(idle)' : fn === '(program)' ? '(program)' : '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return url.split('/')[0]!;
  const src = /\/(src\/[^/]+(?:\/[^/]+)?)\//.exec(url);
  return src ? src[1]! : url.replace(/^file:\/\/.*\/(?=[^/]+$)/, '');
}

/** `window` (ms since the profile started) keeps only the samples taken in it, e.g. the measured load without the
 * process start-up. */
export function summariseProfile(file: string, top = 15, window?: { fromMs: number; toMs: number }): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    t += dt;
    if (window && (t < window.fromMs || t > window.toMs)) continue;
    self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + dt);
  }
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    total += ms;
    const f = n.callFrame;
    const short = f.url ? f.url.replace(/^file:\/\/.*?\/(node_modules|src)\//, '$1/') : '';
    const key = `${f.functionName || '(anonymous)'} ${short ? `${short}:${f.lineNumber + 1}` : ''}`.trim();
    fn.set(key, (fn.get(key) ?? 0) + ms);
    const pk = packageOf(f.url, f.functionName);
    pkg.set(pk, (pkg.get(pk) ?? 0) + ms);
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms, pct: (100 * ms) / total }));
  return { totalMs: total, byFunction: rank(fn), byPackage: rank(pkg) };
}
