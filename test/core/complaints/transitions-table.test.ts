// Every (state, command) pair: allowed pairs give the expected next state, event and audit kind; all others
// are INVALID_TRANSITION. The expectations are written out here, independently of the guards in the code.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decide, allowedCommands } from '../../../src/core/complaints/transitions.ts';
import { COMPLAINT_STATES, type ComplaintSnapshot, type ComplaintState } from '../../../src/core/complaints/states.ts';
import { COMMAND_TYPES, type CommandType } from '../../../src/core/complaints/commands.ts';
import { CTX, IN_STATE, VALID_COMMAND, prepare, NOW, ago } from './fixtures.ts';

type Expect = { to: Partial<Record<ComplaintState, ComplaintState>>; event: string; audit: string };
const same = (...states: ComplaintState[]) => Object.fromEntries(states.map((s) => [s, s]));
const all = (to: ComplaintState, ...states: ComplaintState[]) => Object.fromEntries(states.map((s) => [s, to]));

const EXPECTED: Record<CommandType, Expect> = {
  acceptComplaint: { to: { registered: 'accepted' }, event: 'complaint.accepted', audit: 'COMPLAINT_ACCEPTED' },
  classifyComplaint: {
    to: { accepted: 'classified', ...same('classified', 'assigned', 'in_progress') },
    event: 'complaint.classified',
    audit: 'COMPLAINT_CLASSIFIED',
  },
  assignComplaint: { to: { classified: 'assigned', assigned: 'assigned' }, event: 'complaint.assigned', audit: 'COMPLAINT_ASSIGNED' },
  startHandling: { to: { assigned: 'in_progress' }, event: 'complaint.handling_started', audit: 'COMPLAINT_HANDLING_STARTED' },
  transferComplaint: { to: all('assigned', 'assigned', 'in_progress'), event: 'complaint.transferred', audit: 'COMPLAINT_TRANSFERRED' },
  returnComplaint: { to: all('classified', 'assigned', 'in_progress'), event: 'complaint.returned', audit: 'COMPLAINT_RETURNED' },
  escalateComplaint: { to: same('assigned', 'in_progress'), event: 'complaint.escalated', audit: 'COMPLAINT_ESCALATED' },
  requestInformation: {
    to: all('awaiting_info', 'registered', 'in_progress'),
    event: 'complaint.information_requested',
    audit: 'INFORMATION_REQUESTED',
  },
  supplyInformation: { to: { awaiting_info: 'in_progress' }, event: 'complaint.information_supplied', audit: 'INFORMATION_SUPPLIED' },
  extendDeadline: { to: same('assigned', 'in_progress', 'awaiting_info'), event: 'complaint.deadline_extended', audit: 'DEADLINE_EXTENDED' },
  approveExtension: { to: same('assigned', 'in_progress', 'awaiting_info'), event: 'complaint.extension_approved', audit: 'EXTENSION_APPROVED' },
  recordDecision: { to: { in_progress: 'decided' }, event: 'complaint.decided', audit: 'DECISION_RECORDED' },
  sendResultFeedback: { to: { decided: 'feedback_sent' }, event: 'complaint.feedback_sent', audit: 'RESULT_FEEDBACK_SENT' },
  recordSatisfaction: {
    to: same('feedback_sent', 'review_decided', 'followed_up', 'closed'),
    event: 'complaint.satisfaction_recorded',
    audit: 'SATISFACTION_RECORDED',
  },
  requestReview: {
    to: all('review_requested', 'feedback_sent', 'followed_up', 'closed'),
    event: 'complaint.review_requested',
    audit: 'REVIEW_REQUESTED',
  },
  decideReview: { to: { review_requested: 'review_decided' }, event: 'complaint.review_decided', audit: 'REVIEW_DECIDED' },
  recordFollowUp: { to: all('followed_up', 'feedback_sent', 'review_decided'), event: 'complaint.followed_up', audit: 'FOLLOW_UP_RECORDED' },
  closeComplaint: { to: all('closed', 'registered', 'followed_up'), event: 'complaint.closed', audit: 'COMPLAINT_CLOSED' },
  reopenComplaint: { to: { closed: 'in_progress' }, event: 'complaint.reopened', audit: 'COMPLAINT_REOPENED' },
  mergeComplaints: {
    to: all('merged', 'registered', 'accepted', 'classified', 'assigned', 'in_progress', 'awaiting_info'),
    event: 'complaint.merged',
    audit: 'COMPLAINT_MERGED',
  },
  archiveComplaint: { to: all('archived', 'closed', 'merged'), event: 'complaint.archived', audit: 'COMPLAINT_ARCHIVED' },
};

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !(o instanceof Date)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

describe('every (state, command) pair', () => {
  for (const state of COMPLAINT_STATES) {
    for (const type of COMMAND_TYPES) {
      const expected = EXPECTED[type].to[state];
      test(`${state} × ${type} → ${expected ?? 'INVALID_TRANSITION'}`, () => {
        const before = deepFreeze(prepare(type, structuredClone(IN_STATE[state]) as ComplaintSnapshot));
        const copy = structuredClone(before);
        const r = decide(before, VALID_COMMAND[type], CTX);
        assert.deepEqual(before, copy, 'input untouched');
        if (expected === undefined) {
          assert.deepEqual(r, { ok: false, code: 'INVALID_TRANSITION', details: { command: type, state } });
          return;
        }
        assert.ok(r.ok, JSON.stringify(r));
        assert.equal(r.next.state, expected);
        assert.equal(r.next.id, before.id);
        assert.equal(r.events[0]?.type, EXPECTED[type].event);
        assert.equal(r.events[0]?.complaintId, before.id);
        assert.equal(r.events[0]?.occurredAt, NOW);
        assert.equal(r.audit.kind, EXPECTED[type].audit);
        assert.equal(r.audit.data.from, state);
        assert.equal(r.audit.data.to, expected);
        for (const e of r.events) assert.match(e.type, /^[a-z_]+\.[a-z_]+$/);
      });
    }
  }
});

describe('allowedCommands', () => {
  for (const state of COMPLAINT_STATES) {
    test(`${state}`, () => {
      const want = COMMAND_TYPES.filter((t) => EXPECTED[t].to[state] !== undefined);
      assert.deepEqual(allowedCommands(IN_STATE[state]), want);
    });
  }
});

describe('state variants the guards distinguish', () => {
  test('paused before acceptance: information can be supplied, or the complaint closed or merged; nothing else', () => {
    const s: ComplaintSnapshot = { ...IN_STATE.registered, state: 'awaiting_info', pausedFrom: 'registered', pausedAt: ago(1), missingFields: ['demand'] };
    assert.deepEqual(allowedCommands(s), ['supplyInformation', 'closeComplaint', 'mergeComplaints']);
    const r = decide(s, { type: 'supplyInformation', suppliedFields: ['demand'] }, CTX);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'registered');
    assert.deepEqual(r.next.missingFields, []);
    const c = decide(s, { type: 'closeComplaint', reason: '投诉人未补充诉求' }, CTX);
    assert.ok(c.ok);
    assert.equal(c.next.closure, 'not_accepted');
  });

  test('closed without acceptance: reopen goes back to registered; no satisfaction and no review', () => {
    const s: ComplaintSnapshot = { ...IN_STATE.registered, state: 'closed', closure: 'not_accepted', closedAt: ago(1) };
    assert.deepEqual(allowedCommands(s), ['reopenComplaint', 'archiveComplaint']);
    const r = decide(s, VALID_COMMAND.reopenComplaint, CTX);
    assert.ok(r.ok);
    assert.equal(r.next.state, 'registered');
  });

  test('after a decided review, a second review cannot be requested', () => {
    const s: ComplaintSnapshot = { ...IN_STATE.review_decided, state: 'followed_up' };
    assert.ok(!allowedCommands(s).includes('requestReview'));
    assert.equal(decide(s, VALID_COMMAND.requestReview, CTX).ok, false);
  });

  test('an unknown command type is VALIDATION_FAILED', () => {
    const r = decide(IN_STATE.registered, { type: 'deleteComplaint' } as never, CTX);
    assert.deepEqual(r, { ok: false, code: 'VALIDATION_FAILED', details: { fields: ['type'] } });
  });
});
