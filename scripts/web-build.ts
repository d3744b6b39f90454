// The web build check shared by `npm start` (prestart) and the browser tests: web/dist is (re)built when it is
// missing, incomplete or older than any web source. The build goes to a temporary folder first and replaces
// web/dist in one step, so a server started meanwhile never sees a half-written folder.
//
// Run: node --import tsx scripts/web-build.ts   (prints what it did on stderr; exit 1 when the build fails)
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compressDir } from './compress-web.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SKIP = new Set(['dist', 'node_modules']);

function newestMtime(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith('.dist-')) continue;
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return t;
}

/** web/dist holds both entries (console and portal), built after the newest web source. */
export function webBuildFresh(web = join(ROOT, 'web')): boolean {
  const index = join(web, 'dist', 'index.html');
  if (!existsSync(index) || !existsSync(join(web, 'dist', 'portal.html'))) return false;
  if (!readFileSync(index, 'utf8').includes('/assets/console-')) return false;
  return statSync(index).mtimeMs >= newestMtime(web);
}

export function ensureWebBuild(): { built: boolean; ms: number } {
  const web = join(ROOT, 'web');
  if (webBuildFresh(web)) return { built: false, ms: 0 };
  const t0 = Date.now();
  const tmp = join(web, `.dist-build-${process.pid}`);
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  const r = spawnSync(vite, ['build', '--config', 'web/vite.config.ts', '--outDir', tmp, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  }
  compressDir(tmp); // the .br/.gz copies `npm run build:web` also writes (src/http/static.ts sends them)
  const dist = join(web, 'dist');
  const old = join(web, `.dist-old-${process.pid}`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(tmp, dist);
  rmSync(old, { recursive: true, force: true });
  return { built: true, ms: Date.now() - t0 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (!webBuildFresh()) process.stderr.write('正在构建网页控制台 / building the web console (web/dist)…\n');
    const r = ensureWebBuild();
    if (r.built) process.stderr.write(`网页控制台已构建 / web console built in ${(r.ms / 1000).toFixed(1)} s\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
