// Decision content, feedback, review window and reviewer independence, closing, reopening, merging, archiving.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../../src/core/complaints/transitions.ts';
import { reviewWindow } from '../../../src/core/complaints/policy.ts';
import type { ComplaintSnapshot } from '../../../src/core/complaints/states.ts';
import { CTX, HANDLER, IN_STATE, VALID_COMMAND, ago, ctxAs } from './fixtures.ts';

describe('decision and feedback', () => {
  test('the decision must state outcome, remedy, facts, basis and reasons, and all four remedies open', () => {
    const base = VALID_COMMAND.recordDecision;
    for (const field of ['outcome', 'remedy', 'factsChecked', 'basisAndReasons'] as const) {
      const r = decide(IN_STATE.in_progress, { ...base, [field]: field === 'outcome' ? 'maybe' : '  ' } as never, CTX);
      assert.deepEqual(r, { ok: false, code: 'VALIDATION_FAILED', details: { fields: [field] } }, field);
    }
    const r = decide(IN_STATE.in_progress, { ...base, remediesOpen: ['review', 'mediation', 'lawsuit'] }, CTX);
    assert.deepEqual(r, { ok: false, code: 'VALIDATION_FAILED', details: { fields: ['remediesOpen'], missingRemedies: ['arbitration'] } });
    const ok = decide(IN_STATE.in_progress, base, ctxAs(HANDLER));
    assert.ok(ok.ok);
    assert.deepEqual([ok.next.outcome, ok.next.decidedBy], ['partly_upheld', HANDLER]);
  });

  test('feedback records the notice time that starts the review window; major complaints are answered in person', () => {
    const at = ago(0.5);
    const r = decide(IN_STATE.decided, { type: 'sendResultFeedback', channel: 'email', notifiedAt: at }, CTX);
    assert.ok(r.ok);
    assert.equal(r.next.decisionNotifiedAt, at);
    const major: ComplaintSnapshot = { ...IN_STATE.decided, major: true };
    assert.equal(decide(major, VALID_COMMAND.sendResultFeedback, CTX).ok, false);
    assert.equal(decide(major, { type: 'sendResultFeedback', channel: 'in_person' }, CTX).ok, true);
  });

  test('satisfaction scores are 1–5 on the four dimensions', () => {
    const bad = decide(IN_STATE.feedback_sent, { type: 'recordSatisfaction', level: 'satisfied', scores: { handlingTime: 6 } }, CTX);
    assert.deepEqual(bad, { ok: false, code: 'VALIDATION_FAILED', details: { fields: ['scores.handlingTime'] } });
    const ok = decide(IN_STATE.feedback_sent, { type: 'recordSatisfaction', level: 'dissatisfied' }, CTX);
    assert.equal(ok.ok && ok.next.satisfaction, 'dissatisfied');
  });
});

describe('review (核查)', () => {
  // Notified 10 Mar 2025 01:00 in Shanghai (still 9 Mar in New York): the 30 days run 11 Mar … 9 Apr.
  const notified: ComplaintSnapshot = { ...IN_STATE.feedback_sent, decisionNotifiedAt: new Date('2025-03-09T17:00:00Z') };
  const at = (iso: string) => ({ ...CTX, now: new Date(iso) });

  test('may be requested until the end of the 30th day after the notice, Shanghai time', () => {
    assert.deepEqual(reviewWindow(notified.decisionNotifiedAt!, 30), {
      closesOn: '2025-04-09',
      closesAt: new Date('2025-04-09T16:00:00Z'),
    });
    assert.equal(decide(notified, VALID_COMMAND.requestReview, at('2025-04-09T15:59:59Z')).ok, true);
    assert.deepEqual(decide(notified, VALID_COMMAND.requestReview, at('2025-04-09T16:00:00Z')), {
      ok: false,
      code: 'REVIEW_WINDOW_CLOSED',
      details: { closesOn: '2025-04-09', closedAt: '2025-04-09T16:00:00.000Z', windowDays: 30 },
    });
  });

  test('the window length is policy; a written application received in time counts even if recorded later', () => {
    const r = decide(notified, VALID_COMMAND.requestReview, { ...at('2025-03-30T02:00:00Z'), policy: { reviewWindowDays: 15 } });
    assert.equal(!r.ok && r.code, 'REVIEW_WINDOW_CLOSED');
    const late = decide(notified, { ...VALID_COMMAND.requestReview, receivedAt: new Date('2025-04-08T02:00:00Z') }, at('2025-04-12T02:00:00Z'));
    assert.ok(late.ok);
    assert.equal(late.next.reviewRequestedAt?.toISOString(), '2025-04-08T02:00:00.000Z');
  });

  test('R3.2-05 the original handler or decision maker cannot decide the review', () => {
    const s = { ...IN_STATE.review_requested, decidedBy: 'u-manager' };
    for (const id of [HANDLER, 'u-manager']) {
      assert.deepEqual(decide(s, VALID_COMMAND.decideReview, ctxAs(id)), {
        ok: false,
        code: 'REVIEWER_CONFLICT',
        details: { reviewerId: id },
      });
    }
    const r = decide(s, { type: 'decideReview', result: 'revised', outcome: 'upheld', remedy: '全额退还', reasons: '原决定认定事实有误' }, CTX);
    assert.ok(r.ok);
    assert.deepEqual([r.next.outcome, r.next.reviewResult, r.next.reviewDecidedBy], ['upheld', 'revised', 'u-supervisor']);
    assert.ok(r.events.some((e) => e.type === 'customer_notice.requested'));
    assert.deepEqual(decide(s, { type: 'decideReview', result: 'revised', reasons: 'x' }, CTX), {
      ok: false,
      code: 'VALIDATION_FAILED',
      details: { fields: ['outcome', 'remedy'] },
    });
  });
});

describe('closing the loop', () => {
  test('closing a complaint that was never accepted needs a reason', () => {
    assert.deepEqual(decide(IN_STATE.registered, { type: 'closeComplaint' }, CTX), {
      ok: false,
      code: 'VALIDATION_FAILED',
      details: { fields: ['reason'] },
    });
    const r = decide(IN_STATE.followed_up, { type: 'closeComplaint' }, CTX);
    assert.equal(r.ok && r.next.closure, 'resolved');
  });

  test('reopen needs a reason, counts, and clears the old decision so a new notice opens a new review window', () => {
    assert.equal(decide(IN_STATE.closed, { type: 'reopenComplaint', reason: '' }, CTX).ok, false);
    const r = decide({ ...IN_STATE.closed, reopenCount: 1 }, VALID_COMMAND.reopenComplaint, CTX);
    assert.ok(r.ok);
    assert.deepEqual([r.next.state, r.next.reopenCount, r.next.outcome, r.next.decisionNotifiedAt, r.next.closedAt], ['in_progress', 2, null, null, null]);
  });

  test('merge: not into itself, not into a finished complaint, not across complainants', () => {
    const s = IN_STATE.accepted;
    const code = (target: { id: string; state: ComplaintSnapshot['state'] }, sameComplainant = true) => {
      const r = decide(s, { type: 'mergeComplaints', target, sameComplainant }, CTX);
      return r.ok ? r.next.mergedIntoId : `${r.code}:${String(r.details.reason)}`;
    };
    assert.equal(code({ id: 'c-1', state: 'accepted' }), 'MERGE_NOT_ALLOWED:same_complaint');
    for (const st of ['closed', 'archived', 'merged', 'decided'] as const) {
      assert.equal(code({ id: 'c-0', state: st }), 'MERGE_NOT_ALLOWED:target_state', st);
    }
    assert.equal(code({ id: 'c-0', state: 'in_progress' }, false), 'MERGE_NOT_ALLOWED:different_complainant');
    assert.equal(code({ id: 'c-0', state: 'in_progress' }), 'c-0');
  });

  test('archiving waits until the review window has closed', () => {
    const s = { ...IN_STATE.closed, decisionNotifiedAt: ago(10) };
    const r = decide(s, VALID_COMMAND.archiveComplaint, CTX);
    assert.equal(!r.ok && r.code === 'INVALID_TRANSITION' && r.details.reason, 'review_window_open');
    assert.equal(decide({ ...s, decisionNotifiedAt: ago(31) }, VALID_COMMAND.archiveComplaint, CTX).ok, true);
    assert.equal(decide({ ...s, reviewState: 'decided' }, VALID_COMMAND.archiveComplaint, CTX).ok, true);
  });
});
