import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { renderErrorDocs } from '../../scripts/gen-error-docs.ts';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IO_MODULES = /^(node:)?(fs|fs\/promises|net|http|https|http2|dgram|dns|child_process|cluster|worker_threads|tls|readline|os|process)$|^(pg|kysely|fastify|@fastify\/.*|@electric-sql\/.*|nodemailer|exceljs|pino)$/;

test('src/core imports no I/O module and reads no environment or wall clock', () => {
  const offenders: string[] = [];
  for (const file of walk('src/core')) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2]!;
      if (IO_MODULES.test(spec)) offenders.push(`${file}: ${spec}`);
      if (spec.startsWith('.') && !spec.endsWith('.json') && !join(dirname(file), spec).startsWith('src/core/')) offenders.push(`${file}: ${spec} (outside src/core)`);
    }
    if (/process\.env|Date\.now\(\)|new Date\(\)/.test(text.replace(/\/\/.*$/gm, ''))) offenders.push(`${file}: reads env or the wall clock`);
  }
  assert.deepEqual(offenders, []);
});

test('docs/errors.md lists every error code of the catalogue', () => {
  assert.equal(readFileSync('docs/errors.md', 'utf8'), renderErrorDocs(), 'run `npm run docs:errors`');
});

test('migrations are registered in the order their names sort, the order a database already migrated expects', async () => {
  const { migrations } = await import('../../src/db/migrations/index.ts');
  const names = Object.keys(migrations);
  assert.deepEqual(names, [...names].sort(), 'a new migration must sort after every shipped one (Kysely refuses it otherwise)');
  const files = readdirSync('src/db/migrations').filter((f) => /^\d{4}-.*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, ''));
  assert.deepEqual([...files].sort(), [...names].sort(), 'every migration file is registered');
});

test('the server gets the same node flags however it is started: npm start, the kesu command, the benchmarks', async () => {
  const { SERVER_NODE_FLAGS } = await import('../../bench/lib/kesu.ts');
  assert.ok(SERVER_NODE_FLAGS.length > 0);
  const root = join(dirname(new URL(import.meta.url).pathname), '../..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts.start, `node ${SERVER_NODE_FLAGS.join(' ')} bin/kesu.js serve`);
  const shebang = readFileSync(join(root, 'bin/kesu.js'), 'utf8').split('\n', 1)[0];
  assert.equal(shebang, `#!/usr/bin/env -S node ${SERVER_NODE_FLAGS.join(' ')}`);
  // The flags are accepted by this node (a misspelt one stops it before it runs anything).
  const r = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, '-e', 'process.exit(0)'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
