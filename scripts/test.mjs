#!/usr/bin/env node
// `npm test`: typecheck, lint, then every test file under test/ with node's test runner.
// Node 20's --test does not expand globs, so the file list is built here.
// KESU_TEST_DATABASE_URL=postgres://… makes the database tests run against that server instead of PGlite.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const skipStatic = args.includes('--no-static') || process.env.KESU_TEST_SKIP_STATIC === '1';

function run(cmd, cmdArgs, env = process.env) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${cmdArgs.slice(0, 3).join(' ')} … failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

if (!skipStatic) {
  console.log('› typecheck');
  run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  console.log('› lint');
  run('npx', ['eslint', '--max-warnings=0', 'src', 'test', 'bench', 'scripts']);
}

let files = walk('test');
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
console.log(`› ${files.length} test files on ${process.env.KESU_TEST_DATABASE_URL ? 'PostgreSQL server' : 'PGlite'}`);
const env = {
  ...process.env,
  KESU_TEST: '1',
  KESU_TEST_RUN_ID: process.env.KESU_TEST_RUN_ID ?? `r${process.pid}`,
  TZ: process.env.TZ ?? 'America/New_York',
};
run(process.execPath, ['--import', 'tsx', 'scripts/prepare-test-db.ts'], env);
// Browser tests need the built console and portal: build once here, so parallel test files never build at once.
if (files.some((f) => f.includes('browser')) && existsSync('web/vite.config.ts') && process.env.KESU_SKIP_WEB_BUILD !== '1') {
  console.log('› build web (for the browser tests)');
  run('npm', ['run', '--silent', 'build:web'], env);
}
env.KESU_SKIP_WEB_BUILD = '1';
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cleanup-test-db.ts'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
