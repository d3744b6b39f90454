// Pre-compresses the web build: writes FILE.br (brotli, quality 11) and FILE.gz (gzip, level 9) next to every text
// file of web/dist, so the server (src/http/static.ts, @fastify/static `preCompressed`) sends them as they are to
// browsers that accept them, with no compression work per request. Run after `vite build` by `npm run build:web`;
// `node --import tsx scripts/compress-web.ts [DIR]`. A variant that would not be smaller is not written.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** What is worth compressing: text. Images and fonts in these formats are compressed already. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|map|wasm)$/;

export interface CompressedFile {
  file: string;
  raw: number;
  br: number | null;
  gz: number | null;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function writeIfSmaller(path: string, data: Buffer, raw: number): number | null {
  if (data.length < raw) {
    writeFileSync(path, data);
    return data.length;
  }
  rmSync(path, { force: true }); // a stale variant from an earlier run must not be served
  return null;
}

/** Compresses every text file under `dir` (sizes in bytes; null where that variant was not worth writing). */
export function compressDir(dir: string): CompressedFile[] {
  const out: CompressedFile[] = [];
  for (const path of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(path)) continue;
    const buf = readFileSync(path);
    const br = brotliCompressSync(buf, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    });
    const gz = gzipSync(buf, { level: 9 });
    out.push({ file: relative(dir, path), raw: buf.length, br: writeIfSmaller(`${path}.br`, br, buf.length), gz: writeIfSmaller(`${path}.gz`, gz, buf.length) });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('../web/dist', import.meta.url));
  const t0 = performance.now();
  const files = compressDir(dir);
  const sum = (k: 'raw' | 'br' | 'gz') => files.reduce((n, f) => n + (f[k] ?? f.raw), 0);
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`compressed ${files.length} files in ${dir} (${Math.round(performance.now() - t0)} ms): ${kib(sum('raw'))} → br ${kib(sum('br'))}, gzip ${kib(sum('gz'))}`);
}
