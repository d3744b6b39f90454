import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { redactForAudit, REDACTED } from '../../../src/core/privacy/redact.ts';

describe('redactForAudit', () => {
  test('replaces C2 fields at any depth, in camelCase or snake_case, and masks identifiers in free text', () => {
    const diff = {
      complaintId: 'c-1',
      complainant: { name: '张三', id_number: '11010519491231002X', contactPhone: '13812345678', preferredChannel: 'sms' },
      accounts: [{ cardNo: '6222020200112233445', bank: 'ICBC' }],
      content: '手机13812345678收不到验证码，卡号6222020200112233445',
      category: 'technical',
      count: 3,
    };
    const out = redactForAudit(diff);
    assert.deepEqual(out, {
      complaintId: 'c-1',
      complainant: { name: REDACTED, id_number: REDACTED, contactPhone: REDACTED, preferredChannel: 'sms' },
      accounts: [{ cardNo: REDACTED, bank: 'ICBC' }],
      content: '手机138****5678收不到验证码，卡号6222***********3445',
      category: 'technical',
      count: 3,
    });
    const serialised = JSON.stringify(out);
    for (const secret of ['张三', '11010519491231002X', '13812345678', '6222020200112233445']) {
      assert.ok(!serialised.includes(secret), secret);
    }
  });

  test('redacts before/after values of change records that name a personal field', () => {
    const out = redactForAudit({
      changes: [
        { field: 'phone', from: '13812345678', to: '13912345678' },
        { field: 'complainant.address', old: '北京市朝阳区建国路88号', new: '上海市' },
        { field: 'category', from: 'service', to: 'product' },
      ],
    });
    assert.deepEqual(out.changes, [
      { field: 'phone', from: REDACTED, to: REDACTED },
      { field: 'complainant.address', old: REDACTED, new: REDACTED },
      { field: 'category', from: 'service', to: 'product' },
    ]);
  });

  test('keeps empty values visible so "was empty, now set" remains auditable', () => {
    assert.deepEqual(redactForAudit({ email: { from: null, to: 'a@b.com' } }), { email: REDACTED });
    assert.deepEqual(redactForAudit({ email: null, phone: '' }), { email: null, phone: '' });
  });

  test('C3 fields are redacted too; keep exempts non-personal names', () => {
    assert.deepEqual(redactForAudit({ password: 'x', cvv: '123' }), { password: REDACTED, cvv: REDACTED });
    assert.deepEqual(redactForAudit({ unit: { name: '北京分行' } }, { keep: ['name'] }), { unit: { name: '北京分行' } });
  });

  test('does not modify its input, copies dates and survives cycles', () => {
    const at = new Date('2025-01-27T02:00:00Z');
    const input: Record<string, unknown> = { phone: '13812345678', at };
    input.self = input;
    const out = redactForAudit(input);
    assert.equal(input.phone, '13812345678');
    assert.equal(out.phone, REDACTED);
    assert.notEqual(out.at, at);
    assert.equal((out.at as Date).getTime(), at.getTime());
    assert.equal(out.self, '[circular]');
    const shared = { note: 'x' };
    assert.deepEqual(redactForAudit({ a: shared, b: shared }), { a: { note: 'x' }, b: { note: 'x' } });
  });
});
