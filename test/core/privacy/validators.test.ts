import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateIdNumber,
  validatePhone,
  validateCardNumber,
  validateEmail,
  idNumberCheckChar,
} from '../../../src/core/privacy/validators.ts';

// Independent implementations of the two check-digit algorithms, so the tests do not trust the code under test.
function gb11643Check(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * (w[i] ?? 0), 0);
  return '10X98765432'.charAt(sum % 11);
}
const id = (first17: string) => first17 + gb11643Check(first17);

function luhnComplete(partial: string): string {
  for (let d = 0; d <= 9; d++) {
    const n = partial + d;
    let sum = 0;
    [...n].reverse().forEach((c, i) => {
      let v = Number(c);
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    });
    if (sum % 10 === 0) return n;
  }
  throw new Error('unreachable');
}

const TODAY = new Date('2025-06-15T04:00:00Z');

describe('validateIdNumber (GB 11643)', () => {
  test('accepts the published example 11010519491231002X, also with lower-case x, spaces or full-width digits', () => {
    assert.deepEqual(validateIdNumber('11010519491231002X', TODAY), { ok: true, value: '11010519491231002X' });
    assert.deepEqual(validateIdNumber('11010519491231002x', TODAY), { ok: true, value: '11010519491231002X' });
    assert.deepEqual(validateIdNumber(' 110105 19491231 002X ', TODAY), { ok: true, value: '11010519491231002X' });
    assert.deepEqual(validateIdNumber('１１０１０５１９４９１２３１００２Ｘ', TODAY), { ok: true, value: '11010519491231002X' });
  });

  test('accepts made-up numbers whose check character is computed from the algorithm', () => {
    for (const first17 of ['44030619900307123', '31011520000229456', '65010219851111001', '81000019991231007']) {
      const full = id(first17);
      assert.deepEqual(validateIdNumber(full, TODAY), { ok: true, value: full }, full);
      assert.equal(idNumberCheckChar(first17), full.charAt(17));
    }
  });

  test('a wrong check character is INVALID_ID_CHECKSUM', () => {
    const good = id('44030619900307123');
    const wrong = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    assert.deepEqual(validateIdNumber(wrong, TODAY), { ok: false, code: 'INVALID_ID_CHECKSUM' });
    assert.deepEqual(validateIdNumber('110105194912310021', TODAY), { ok: false, code: 'INVALID_ID_CHECKSUM' });
  });

  test('impossible or future birth dates are INVALID_ID_BIRTHDATE even with a correct check character', () => {
    for (const bad of ['19490230', '19001301', '20230229', '18991231', '19491200']) {
      assert.deepEqual(validateIdNumber(id(`110105${bad}002`), TODAY), { ok: false, code: 'INVALID_ID_BIRTHDATE' }, bad);
    }
    assert.deepEqual(validateIdNumber(id('11010520250616002'), TODAY), { ok: false, code: 'INVALID_ID_BIRTHDATE' });
    assert.equal(validateIdNumber(id('11010520250615002'), TODAY).ok, true, 'born today is fine');
    assert.equal(validateIdNumber(id('11010520000229002'), TODAY).ok, true, '29 Feb of a leap year');
  });

  test("'today' is the date in Asia/Shanghai, whatever the server's time zone", () => {
    const born = id('11010520250127002');
    // 2025-01-26T17:00Z is already 27 Jan 01:00 in Shanghai, but still 26 Jan in New York.
    assert.equal(validateIdNumber(born, new Date('2025-01-26T17:00:00Z')).ok, true);
    assert.deepEqual(validateIdNumber(born, new Date('2025-01-26T15:59:00Z')), { ok: false, code: 'INVALID_ID_BIRTHDATE' });
  });

  test('wrong length, characters or region code are INVALID_ID_NUMBER', () => {
    for (const bad of [
      '',
      '11010519491231002', // 17
      '110105491231002', // old 15-digit format
      '11010519491231002XX',
      '1101051949123100X2',
      '11010519491231A02X',
      id('00010519491231002'), // no province 00
      id('99010519491231002'),
      id('11000019491231002'), // bare province code
    ]) {
      assert.deepEqual(validateIdNumber(bad, TODAY), { ok: false, code: 'INVALID_ID_NUMBER' }, bad);
    }
  });
});

describe('validatePhone', () => {
  test('accepts 11-digit mainland mobiles with or without +86 / 0086, normalised to 11 digits', () => {
    for (const p of ['13812345678', '+8613812345678', '+86 138 1234 5678', '0086-138-1234-5678', '(+86)13812345678', '１３８１２３４５６７８']) {
      assert.deepEqual(validatePhone(p), { ok: true, value: '13812345678' }, p);
    }
    assert.deepEqual(validatePhone('19912345678'), { ok: true, value: '19912345678' });
  });

  test('refuses other shapes with INVALID_PHONE', () => {
    for (const p of ['12812345678', '10812345678', '1381234567', '138123456789', '8613812345678', '+85213812345678', '010-12345678', '1381234567a', '']) {
      assert.deepEqual(validatePhone(p), { ok: false, code: 'INVALID_PHONE' }, p);
    }
  });
});

describe('validateCardNumber (Luhn)', () => {
  test('accepts 12–19 digit numbers with a valid Luhn digit, separators removed', () => {
    const card16 = luhnComplete('622202020011223');
    const card19 = luhnComplete('622848001234567890');
    const card12 = luhnComplete('62220202001');
    for (const c of [card16, card19, card12, '4111111111111111']) assert.deepEqual(validateCardNumber(c), { ok: true, value: c });
    const grouped = card16.replace(/(\d{4})(?=\d)/g, '$1 ');
    assert.deepEqual(validateCardNumber(grouped), { ok: true, value: card16 });
    assert.deepEqual(validateCardNumber(card16.replace(/(\d{4})(?=\d)/g, '$1-')), { ok: true, value: card16 });
  });

  test('refuses a wrong check digit, wrong lengths and non-digits with INVALID_CARD_NUMBER', () => {
    const good = luhnComplete('622202020011223');
    const wrong = good.slice(0, -1) + String((Number(good.slice(-1)) + 1) % 10);
    for (const c of [wrong, '4111111111111112', luhnComplete('6222020200'), luhnComplete('6222020200112233445'), '6222a20200112233', '']) {
      assert.deepEqual(validateCardNumber(c), { ok: false, code: 'INVALID_CARD_NUMBER' }, c);
    }
  });
});

describe('validateEmail', () => {
  test('accepts ordinary addresses and lower-cases the domain only', () => {
    assert.deepEqual(validateEmail(' Zhang.San@Example.COM '), { ok: true, value: 'Zhang.San@example.com' });
    assert.deepEqual(validateEmail('12345678@qq.com'), { ok: true, value: '12345678@qq.com' });
    assert.deepEqual(validateEmail('a+tag@mail.bank.com.cn'), { ok: true, value: 'a+tag@mail.bank.com.cn' });
  });

  test('refuses malformed addresses with INVALID_EMAIL', () => {
    for (const e of ['a@b', '@b.com', 'a@', 'a..b@c.com', '.a@c.com', 'a.@c.com', 'a@-b.com', 'a b@c.com', 'a@b.c', 'a@b..com', 'a@@b.com', `${'x'.repeat(65)}@b.com`, `a@${'b'.repeat(250)}.com`]) {
      assert.deepEqual(validateEmail(e), { ok: false, code: 'INVALID_EMAIL' }, e);
    }
  });
});
