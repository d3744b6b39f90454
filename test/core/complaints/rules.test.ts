// The rule errors behind the state guards, and what the allowed transitions record.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../../src/core/complaints/transitions.ts';
import { registerComplaint } from '../../../src/core/complaints/register.ts';
import type { ComplaintSnapshot } from '../../../src/core/complaints/states.ts';
import type { DecideResult } from '../../../src/core/complaints/results.ts';
import { CTX, HANDLER, IN_STATE, NOW, VALID_COMMAND, ago, ctxAs } from './fixtures.ts';

function okNext(r: DecideResult): ComplaintSnapshot {
  assert.ok(r.ok, JSON.stringify(r));
  return r.next;
}

describe('registration and acceptance', () => {
  test('R3.1-02 an incomplete complaint cannot be accepted until the missing parts are supplied', () => {
    const reg = registerComplaint({ id: 'c-9', channel: 'phone', receivedAt: ago(1), missingFields: ['contact', 'demand'] }, CTX);
    const s = okNext(reg);
    assert.equal(reg.ok && reg.audit.kind, 'COMPLAINT_REGISTERED');
    assert.deepEqual(decide(s, { type: 'acceptComplaint' }, CTX), {
      ok: false,
      code: 'INCOMPLETE_COMPLAINT',
      details: { missingFields: ['contact', 'demand'] },
    });
    const asked = okNext(decide(s, { type: 'requestInformation' }, CTX));
    assert.equal(asked.state, 'awaiting_info');
    const partly = okNext(decide(asked, { type: 'supplyInformation', suppliedFields: ['contact'] }, CTX));
    assert.equal(decide(partly, { type: 'acceptComplaint' }, CTX).ok, false);
    const again = okNext(decide(partly, { type: 'requestInformation', fields: ['demand'] }, CTX));
    const complete = okNext(decide(again, { type: 'supplyInformation', suppliedFields: ['demand'] }, CTX));
    const accepted = okNext(decide(complete, { type: 'acceptComplaint' }, CTX));
    assert.equal(accepted.state, 'accepted');
    assert.equal(accepted.acceptedAt, NOW);
  });

  test('registration refuses C3 authentication data in the complainant text', () => {
    const r = registerComplaint({ id: 'c-9', channel: 'web', receivedAt: ago(1), freeText: ['卡被盗刷，我的取款密码是 123456'] }, CTX);
    assert.deepEqual(r, { ok: false, code: 'C3_DATA_REFUSED', details: { kinds: ['password'] } });
    assert.equal(registerComplaint({ id: 'c-9', channel: 'web', receivedAt: ago(1), freeText: ['忘记密码，重置密码失败'] }, CTX).ok, true);
  });

  test('the pause is reported so the SLA clock can account for it', () => {
    const r = decide(IN_STATE.awaiting_info, { type: 'supplyInformation' }, CTX);
    assert.ok(r.ok);
    assert.equal(r.events[0]?.data.pausedMs, 2 * 86_400_000);
  });
});

describe('routing', () => {
  test('transfers and returns count as reassignments (推诿 detection); escalation does not', () => {
    const t = okNext(decide(IN_STATE.in_progress, VALID_COMMAND.transferComplaint, CTX));
    assert.deepEqual([t.handlingUnitId, t.handlerId, t.reassignmentCount], ['unit-b', null, 1]);
    const back = okNext(decide(t, VALID_COMMAND.returnComplaint, CTX));
    assert.deepEqual([back.state, back.handlingUnitId, back.reassignmentCount], ['classified', null, 2]);
    const e = okNext(decide(IN_STATE.in_progress, VALID_COMMAND.escalateComplaint, CTX));
    assert.deepEqual([e.tier, e.reassignmentCount, e.handlerId], [2, 0, HANDLER]);
  });

  test('transfer and return need a reason; assigning to another unit must be a transfer', () => {
    assert.deepEqual(decide(IN_STATE.in_progress, { type: 'transferComplaint', toUnitId: 'unit-b', reason: ' ' }, CTX), {
      ok: false,
      code: 'VALIDATION_FAILED',
      details: { fields: ['reason'] },
    });
    assert.equal(decide(IN_STATE.assigned, { type: 'returnComplaint' } as never, CTX).ok, false);
    const r = decide(IN_STATE.assigned, { type: 'assignComplaint', handlingUnitId: 'unit-z' }, CTX);
    assert.equal(!r.ok && r.code, 'VALIDATION_FAILED');
  });

  test('escalation stops at tier 3; escalating to a new unit without a handler waits for assignment', () => {
    const t2 = okNext(decide(IN_STATE.in_progress, { type: 'escalateComplaint', reason: '金额较大', toUnitId: 'panel' }, CTX));
    assert.deepEqual([t2.tier, t2.state, t2.handlingUnitId, t2.handlerId], [2, 'assigned', 'panel', null]);
    const t3 = okNext(decide({ ...t2, state: 'in_progress', handlerId: 'u-panel' }, VALID_COMMAND.escalateComplaint, CTX));
    assert.equal(t3.tier, 3);
    assert.deepEqual(decide(t3, VALID_COMMAND.escalateComplaint, CTX), {
      ok: false,
      code: 'ESCALATION_NOT_ALLOWED',
      details: { tier: 3, maxTier: 3 },
    });
  });

  test('free text in events and audit entries is PII-masked', () => {
    const r = decide(IN_STATE.in_progress, { type: 'transferComplaint', toUnitId: 'unit-b', reason: '客户手机13812345678要求转信用卡中心' }, CTX);
    assert.ok(r.ok);
    assert.equal(r.audit.data.reason, '客户手机138****5678要求转信用卡中心');
    assert.ok(!JSON.stringify(r.events).includes('13812345678'));
  });
});

describe('extensions', () => {
  const general: ComplaintSnapshot = { ...IN_STATE.in_progress, complexity: 'general' };
  const cp = CTX; // consumer protection of a superior unit

  test('a general complaint cannot be extended unless the policy allows it', () => {
    assert.deepEqual(decide(general, VALID_COMMAND.extendDeadline, CTX), {
      ok: false,
      code: 'EXTENSION_NOT_ALLOWED',
      details: { reason: 'complexity', complexity: 'general', maxLevel: 0 },
    });
    const r = decide(general, VALID_COMMAND.extendDeadline, { ...CTX, policy: { generalMaxExtensionLevel: 1 } });
    assert.equal(okNext(r).extensionLevel, 1);
  });

  test('a complex complaint extends to 30 days with a reason; to 60 only after approval, with a customer notice', () => {
    const s = IN_STATE.in_progress;
    assert.equal(decide(s, { type: 'extendDeadline', level: 1, reason: '' }, CTX).ok, false);
    assert.deepEqual(decide(s, { type: 'extendDeadline', level: 2, reason: '特别复杂' }, CTX), {
      ok: false,
      code: 'EXTENSION_NOT_ALLOWED',
      details: { reason: 'first_extension_required' },
    });
    const l1 = okNext(decide(s, VALID_COMMAND.extendDeadline, ctxAs(HANDLER)));
    assert.equal(l1.extensionLevel, 1);
    const reqR = decide(l1, { type: 'extendDeadline', level: 2, reason: '需境外机构协查' }, ctxAs(HANDLER));
    const req = okNext(reqR);
    assert.equal(reqR.ok && reqR.audit.kind, 'EXTENSION_REQUESTED');
    assert.equal(req.extensionLevel, 1, 'not extended before approval');
    assert.equal(req.pendingExtension?.requestedBy, HANDLER);
    assert.deepEqual(decide(req, { type: 'extendDeadline', level: 2, reason: 'x' }, ctxAs(HANDLER)), {
      ok: false,
      code: 'EXTENSION_NOT_ALLOWED',
      details: { reason: 'approval_pending' },
    });

    const refusedBy = (ctx: typeof CTX) => {
      const r = decide(req, VALID_COMMAND.approveExtension, ctx);
      return !r.ok && r.code === 'EXTENSION_NOT_ALLOWED' ? r.details.reason : 'ok';
    };
    assert.equal(refusedBy(ctxAs('u-x', ['handler'], { actorIsSuperior: true })), 'approver_role');
    assert.equal(refusedBy(ctxAs('u-x', ['consumer_protection'], { actorIsSuperior: false })), 'approver_not_superior');
    assert.equal(refusedBy(ctxAs('u-x', ['consumer_protection'])), 'approver_not_superior');
    assert.equal(refusedBy(ctxAs(HANDLER, ['consumer_protection'], { actorIsSuperior: true })), 'approver_conflict');

    const approved = decide(req, VALID_COMMAND.approveExtension, cp);
    assert.ok(approved.ok);
    assert.equal(approved.next.extensionLevel, 2);
    assert.equal(approved.next.pendingExtension, null);
    assert.deepEqual(approved.events.map((e) => e.type), ['complaint.extension_approved', 'customer_notice.requested']);
    assert.equal(approved.events[1]?.data.totalDays, 60);
    assert.deepEqual(decide(approved.next, { type: 'extendDeadline', level: 2, reason: 'x' }, CTX), {
      ok: false,
      code: 'EXTENSION_NOT_ALLOWED',
      details: { reason: 'already_extended', extensionLevel: 2 },
    });

    const rejected = decide(req, { type: 'approveExtension', approved: false, note: '理由不充分' }, cp);
    assert.ok(rejected.ok);
    assert.deepEqual([rejected.next.extensionLevel, rejected.next.pendingExtension, rejected.audit.kind], [1, null, 'EXTENSION_REJECTED']);
  });

  test('approval without a request, and extension after the statutory due time, are refused', () => {
    const r = decide(IN_STATE.in_progress, VALID_COMMAND.approveExtension, CTX);
    assert.equal(!r.ok && r.details.reason, 'no_pending_request');
    const late = decide({ ...IN_STATE.in_progress, statutoryDueAt: ago(1) }, VALID_COMMAND.extendDeadline, CTX);
    assert.equal(!late.ok && late.code === 'EXTENSION_NOT_ALLOWED' && late.details.reason, 'deadline_passed');
  });
});
