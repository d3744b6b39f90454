import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_MASKING_RULES, mask, parseMaskingRules, type MaskRule } from '../../../src/core/privacy/masking.ts';

describe('mask with the default rules', () => {
  test('shows the documented bank defaults', () => {
    assert.equal(mask('name', '张三'), '张*');
    assert.equal(mask('name', '张小明'), '张**');
    assert.equal(mask('name', '欧阳娜娜'), '欧***');
    assert.equal(mask('idNumber', '11010519491231002X'), '1101**********002X');
    assert.equal(mask('phone', '13812345678'), '138****5678');
    assert.equal(mask('cardNumber', '6222020200112233445'), '6222***********3445');
    assert.equal(mask('cardNumber', '6222 0202 0011 2233'), '6222********2233');
    assert.equal(mask('accountNumber', '6214830100000019'), '6214********0019');
    assert.equal(mask('email', 'zhangsan@example.com'), 'z*******@example.com');
    assert.equal(mask('address', '北京市朝阳区建国路88号'), '北京市朝阳区******');
    assert.equal(mask('customerNo', 'C000123456'), '******3456');
  });

  test('short values reveal less, never more: a 1-character name, a 4-digit phone, a short card', () => {
    assert.equal(mask('name', '张'), '*');
    assert.equal(mask('phone', '1381'), '****');
    assert.equal(mask('phone', '138123'), '13****');
    assert.equal(mask('cardNumber', '62220202'), '62******');
    assert.equal(mask('idNumber', '110105'), '******');
    assert.equal(mask('email', 'a@example.com'), '*@example.com');
    assert.equal(mask('address', '北京'), '**');
    assert.equal(mask('name', ''), '');
  });

  test('a field without a rule is masked completely', () => {
    assert.equal(mask('balance', '12345.67'), '********');
    assert.equal(mask('toString', 'abc'), '***', 'no prototype lookups');
  });

  test('custom rules (data) change the output', () => {
    const rules = { ...DEFAULT_MASKING_RULES, phone: { keepStart: 0, keepEnd: 4, maskChar: '#', minMasked: 4, compact: true } };
    assert.equal(mask('phone', '138 1234 5678', rules), '#######5678');
  });

  test('property: never shows more than keepStart + keepEnd characters, always hides ≥ min(len, minMasked)', () => {
    const rule = fc.record({
      keepStart: fc.integer({ min: 0, max: 8 }),
      keepEnd: fc.integer({ min: 0, max: 8 }),
      minMasked: fc.integer({ min: 1, max: 12 }),
    });
    const value = fc.array(fc.constantFrom('a', 'b', '1', '9', '张', '京', '😀'), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(rule, value, (r, v) => {
        const full: MaskRule = { ...r, maskChar: '*' };
        const out = Array.from(mask('f', v, { f: full }));
        const input = Array.from(v);
        assert.equal(out.length, input.length);
        let ks = 0;
        while (ks < out.length && out[ks] !== '*') ks++;
        let ke = 0;
        while (ke < out.length - ks && out[out.length - 1 - ke] !== '*') ke++;
        assert.ok(ks <= r.keepStart && ke <= r.keepEnd, `shown ${ks}+${ke}`);
        assert.ok(out.length - ks - ke >= Math.min(input.length, r.minMasked), 'hidden count');
        assert.deepEqual(out.slice(0, ks), input.slice(0, ks));
        assert.deepEqual(out.slice(out.length - ke), input.slice(input.length - ke));
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseMaskingRules', () => {
  test('accepts well-formed rules', () => {
    const r = parseMaskingRules({ name: { keepStart: 1, keepEnd: 0, maskChar: '×', minMasked: 1 } });
    assert.deepEqual(r, { ok: true, rules: { name: { keepStart: 1, keepEnd: 0, maskChar: '×', minMasked: 1 } } });
  });

  test('refuses rules that could reveal everything or are malformed', () => {
    const r = parseMaskingRules({
      phone: { keepStart: 3, keepEnd: 4, maskChar: '*', minMasked: 0 },
      name: { keepStart: -1, keepEnd: 0, maskChar: '**', minMasked: 1 },
    });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, 'INVALID_MASKING_RULES');
      assert.deepEqual(r.details.map((d) => d.field).sort(), ['name', 'name', 'phone']);
    }
    assert.equal(parseMaskingRules(null).ok, false);
  });
});
