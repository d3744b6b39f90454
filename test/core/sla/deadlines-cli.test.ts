import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from '../../../src/cli/commands/deadlines.ts';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

interface JsonStep {
  step: string;
  startsAt: string;
  policyDue: string | null;
  statutoryDue: string | null;
  referralDue: string | null;
  effectiveDue: string | null;
  binding: string | null;
}

async function json(...args: string[]): Promise<{ steps: JsonStep[]; warnings: { code: string }[] }> {
  const r = await cli(...args, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as { steps: JsonStep[]; warnings: { code: string }[] };
}

const byStep = (steps: JsonStep[], name: string): JsonStep => {
  const s = steps.find((x) => x.step === name);
  assert.ok(s, name);
  return s;
};

describe('kesu deadlines', () => {
  test('--json lists all nine steps; a general complaint of 27 Jan 2025 is bound by the law on 11 Feb', async () => {
    const { steps } = await json('--received', '2025-01-27T10:00:00+08:00', '--complexity', 'general');
    assert.deepEqual(steps.map((s) => s.step), ['acknowledge', 'classify', 'start', 'firstResponse', 'plan', 'decide', 'notify', 'reviewRequest', 'reviewDecide']);
    const decide = byStep(steps, 'decide');
    assert.equal(decide.policyDue, '2025-02-12T23:59:59+08:00');
    assert.equal(decide.statutoryDue, '2025-02-11T23:59:59+08:00');
    assert.equal(decide.effectiveDue, '2025-02-11T23:59:59+08:00');
    assert.equal(decide.binding, 'statutory');
    // Later steps start from estimated anchors: decision at its latest, review requested at the window's end.
    assert.equal(byStep(steps, 'notify').startsAt, '2025-02-11T23:59:59+08:00');
    assert.equal(byStep(steps, 'reviewRequest').effectiveDue, '2025-03-13T23:59:59+08:00');
    assert.equal(byStep(steps, 'reviewDecide').startsAt, '2025-03-13T23:59:59+08:00');
    assert.equal(byStep(steps, 'reviewDecide').effectiveDue, '2025-04-12T23:59:59+08:00');
  });

  test('a PBOC referral with its own due date binds the decision', async () => {
    const { steps } = await json('--received', '2025-01-27T10:00:00+08:00', '--complexity', 'general', '--referral-source', '12363', '--referral-due', '2025-02-07T09:00:00Z');
    const decide = byStep(steps, 'decide');
    assert.equal(decide.referralDue, '2025-02-07T17:00:00+08:00');
    assert.equal(decide.binding, 'referral');
  });

  test('switches: adjusted weekends off, roll-over, extension', async () => {
    const off = await json('--received', '2025-01-26T10:00:00+08:00', '--complexity', 'general', '--adjusted-workdays-off');
    assert.equal(byStep(off.steps, 'decide').policyDue, '2025-02-12T23:59:59+08:00');
    const roll = await json('--received', '2025-01-20T10:00:00+08:00', '--complexity', 'general', '--roll-over-holidays');
    assert.equal(byStep(roll.steps, 'decide').statutoryDue, '2025-02-05T23:59:59+08:00');
    const ext = await json('--received', '2025-01-27T10:00:00+08:00', '--complexity', 'complex', '--extension', '2');
    assert.equal(byStep(ext.steps, 'decide').statutoryDue, '2025-03-28T23:59:59+08:00');
  });

  test('a year without holiday data shows a warning', async () => {
    const { warnings } = await json('--received', '2026-12-28T10:00:00+08:00', '--complexity', 'general');
    assert.ok(warnings.some((w) => w.code === 'CALENDAR_YEAR_NOT_LOADED'));
  });

  test('without --json: a bilingual table', async () => {
    const r = await cli('--received', '2025-01-27T10:00:00+08:00', '--complexity', 'general');
    assert.equal(r.code, 0);
    const line = r.out.split('\n').find((l) => l.startsWith('处理决定 Decision'));
    assert.ok(line, r.out);
    assert.match(line, /2025-02-12 23:59\s+2025-02-11 23:59\s+—\s+2025-02-11 23:59\s+法定时限 statutory/);
    assert.match(r.out, /内部时限 Policy/);
  });

  const bad: [string, string[], RegExp][] = [
    ['missing --received', ['--complexity', 'general'], /--received/],
    ['unknown complexity', ['--received', '2025-01-27T10:00:00+08:00', '--complexity', 'urgent'], /--complexity/],
    ['time without offset', ['--received', '2025-01-27T10:00:00', '--complexity', 'general'], /offset/],
    ['unknown option', ['--received', '2025-01-27T10:00:00+08:00', '--complexity', 'general', '--fast'], /--fast/],
    ['referral due without source', ['--received', '2025-01-27T10:00:00+08:00', '--complexity', 'general', '--referral-due', '2025-02-01T00:00:00Z'], /--referral-source/],
    ['unknown referral source', ['--received', '2025-01-27T10:00:00+08:00', '--complexity', 'general', '--referral-source', '110'], /12378/],
    ['referral on the phone channel', ['--received', '2025-01-27T10:00:00+08:00', '--complexity', 'general', '--referral-source', '12378', '--channel', 'phone'], /regulator/],
    ['extension 3', ['--received', '2025-01-27T10:00:00+08:00', '--complexity', 'general', '--extension', '3'], /--extension/],
  ];
  for (const [name, args, message] of bad) {
    test(`${name}: exit 2 with a message on stderr`, async () => {
      const r = await cli(...args);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.match(r.err, message);
      assert.match(r.err, /Usage/);
    });
  }
});
