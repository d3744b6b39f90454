// Where this test run keeps its template database (set by scripts/test.mjs, one per run).
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function templatePaths(): { pgliteTarball: string; pgTemplate: string } {
  const run = process.env.KESU_TEST_RUN_ID ?? `local${process.pid}`;
  const base = process.env.KESU_TEST_DATABASE_URL ? new URL(process.env.KESU_TEST_DATABASE_URL).pathname.slice(1) || 'kesu' : 'kesu';
  return {
    pgliteTarball: join(tmpdir(), `kesu-test-template-${run}.tar.gz`),
    pgTemplate: `${base}_${run}_tpl`.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 60),
  };
}
