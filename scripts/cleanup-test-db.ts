// Drops the databases a test run made on the PostgreSQL server (template and any left by a crashed file).
import pg from 'pg';
import { rmSync } from 'node:fs';
import { templatePaths } from '../test/support/template.ts';

const paths = templatePaths();
rmSync(paths.pgliteTarball, { force: true });
if (process.env.KESU_TEST_DATABASE_URL) {
  const c = new pg.Client({ connectionString: process.env.KESU_TEST_DATABASE_URL });
  await c.connect();
  const prefix = paths.pgTemplate.replace(/_tpl$/, '');
  const r = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix}%`]);
  for (const row of r.rows) await c.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  await c.end();
}
