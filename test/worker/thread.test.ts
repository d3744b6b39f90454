// The worker thread's life (src/worker/thread.ts) with a stand-in entry: a thread that dies after it started is
// started again — the outbox keeps what it had not done, so nothing is lost as long as some worker runs — and one
// that cannot start fails the start instead of being retried forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startWorkerThread } from '../../src/worker/thread.ts';
import { waitFor } from '../support/wait.ts';

const ENTRY = new URL('./fixtures/crashing-thread.ts', import.meta.url);

function setup(mode: string) {
  const dir = mkdtempSync(join(tmpdir(), 'kesu-thread-'));
  writeFileSync(join(dir, 'mode'), mode);
  const errors: string[] = [];
  const log = { error: (_o: object, msg: string) => void errors.push(msg), info: () => undefined };
  return { dir, errors, log, config: loadConfig({ KESU_DATA_DIR: dir }), starts: () => Number(readFileSync(join(dir, 'count'), 'utf8')) };
}

test('a worker thread that dies after it started is logged and started again; stopping ends it for good', async () => {
  const s = setup('crash-once');
  const h = startWorkerThread(s.config, s.log, { entry: ENTRY, restartMs: 100 });
  try {
    await h.started;
    await waitFor('the second start', () => (h.starts >= 2 ? true : undefined));
    assert.equal(h.starts, 2, 'started again after it died');
    assert.ok(s.errors.includes('worker thread failed') && s.errors.includes('worker thread ended; starting it again'), s.errors.join(' | '));
    await h.stop(5_000);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(s.starts(), 2, 'no thread is started after stop');
  } finally {
    await h.stop(1_000);
    rmSync(s.dir, { recursive: true, force: true });
  }
});

test('a worker thread that cannot start fails the start, and is not started again', async () => {
  const s = setup('fail');
  const h = startWorkerThread(s.config, s.log, { entry: ENTRY, restartMs: 100 });
  try {
    await assert.rejects(h.started, /worker thread could not start: cannot open the database/);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(h.starts, 0);
    assert.equal(s.starts(), 1, 'tried once');
  } finally {
    await h.stop(1_000);
    rmSync(s.dir, { recursive: true, force: true });
  }
});
