// Small statistics and printing helpers for the benchmarks.

/** The p-th percentile (0–100) of a list of numbers, nearest-rank; NaN for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A plain-text table with right-aligned numeric columns. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [line(header), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}

/** Milliseconds since `t0` (performance.now()). */
export const since = (t0: number): number => performance.now() - t0;

/** Times `fn` `runs` times after `warmup` untimed calls; returns the durations in ms. With `budgetMs`, stops early
 * once that much time is spent (after at least 10 runs), so a slow query does not hold the bench for minutes. */
export async function timeRuns(fn: () => Promise<unknown>, runs: number, warmup = 3, budgetMs = Infinity): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  const start = performance.now();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
    if (out.length >= 10 && performance.now() - start > budgetMs) break;
  }
  return out;
}

/** `--name value` / `--flag` command-line options of a bench script. */
export function flags(argv: string[] = process.argv.slice(2)): { get(name: string): string | undefined; has(name: string): boolean; num(name: string, dflt: number): number } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0 && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  return {
    get,
    has: (name) => argv.includes(`--${name}`) || argv.some((a) => a.startsWith(`--${name}=`)),
    num: (name, dflt) => {
      const v = get(name);
      if (v === undefined) return dflt;
      const n = Number(v.replace(/_/g, ''));
      if (!Number.isFinite(n)) throw new Error(`--${name}: not a number: ${v}`);
      return n;
    },
  };
}
