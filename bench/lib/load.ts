// A light closed-loop HTTP load generator: `concurrency` workers, each sending its next request as soon as the
// previous one is answered, over keep-alive sockets (node:http only), for a bounded time.
import http from 'node:http';

export interface RequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  body: string;
  ms: number;
}

export interface LoadResult {
  sent: number;
  byStatus: Record<number, number>;
  /** Latency (ms) of answered requests with a 2xx status. */
  latencies: number[];
  errors: number;
  elapsedMs: number;
  /** The first few non-2xx answers (status and the start of the body) and socket errors, to say what went wrong. */
  samples: string[];
}

/** Sends one request on `agent`; rejects on a socket error (server gone) or after `timeoutMs`. */
export function send(agent: http.Agent, base: URL, spec: RequestSpec, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const headers: Record<string, string | number> = { ...(spec.headers ?? {}) };
    if (spec.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(spec.body);
    }
    const req = http.request({ agent, host: base.hostname, port: base.port, method: spec.method, path: spec.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(spec.body);
  });
}

export function keepAliveAgent(concurrency: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

/** Runs `concurrency` closed-loop workers for `durationMs`; `next(worker, i)` builds each request. */
export async function runLoad(base: URL, opts: { concurrency: number; durationMs: number; next: (worker: number, i: number) => RequestSpec; onAnswer?: (spec: RequestSpec, a: Answer) => void }): Promise<LoadResult> {
  const agent = keepAliveAgent(opts.concurrency);
  const res: LoadResult = { sent: 0, byStatus: {}, latencies: [], errors: 0, elapsedMs: 0, samples: [] };
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  let i = 0;
  const worker = async (w: number) => {
    while (performance.now() < end) {
      const spec = opts.next(w, i++);
      res.sent++;
      try {
        const a = await send(agent, base, spec);
        res.byStatus[a.status] = (res.byStatus[a.status] ?? 0) + 1;
        if (a.status >= 200 && a.status < 300) res.latencies.push(a.ms);
        else if (res.samples.length < 5) res.samples.push(`${a.status} ${a.body.slice(0, 300)}`);
        opts.onAnswer?.(spec, a);
      } catch (e) {
        res.errors++;
        if (res.samples.length < 5) res.samples.push(`socket error: ${(e as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  res.elapsedMs = performance.now() - t0;
  agent.destroy();
  return res;
}
