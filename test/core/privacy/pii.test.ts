import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  findC3,
  refuseC3,
  findPiiInText,
  maskText,
  COMPLAINANT_FIELDS,
  classifyFieldName,
  piiClassOf,
} from '../../../src/core/privacy/pii.ts';

describe('field classes (JR/T 0171)', () => {
  test('identifying and financial fields are C2 with a purpose in both languages; authentication data is C3 and never stored', () => {
    for (const f of ['name', 'idNumber', 'phone', 'email', 'address', 'cardNumber', 'accountNumber', 'customerNo'] as const) {
      assert.equal(COMPLAINANT_FIELDS[f].class, 'C2', f);
      assert.ok(COMPLAINANT_FIELDS[f].purpose.zh.length > 0 && COMPLAINANT_FIELDS[f].purpose.en.length > 0);
    }
    for (const f of ['password', 'pin', 'cvn', 'cardExpiry', 'trackData'] as const) {
      assert.equal(COMPLAINANT_FIELDS[f].class, 'C3', f);
      assert.equal(COMPLAINANT_FIELDS[f].stored, false);
    }
  });

  test('property names are recognised in camelCase, snake_case and with prefixes', () => {
    assert.equal(classifyFieldName('id_number'), 'idNumber');
    assert.equal(classifyFieldName('complainantPhone'), 'phone');
    assert.equal(classifyFieldName('MOBILE'), 'phone');
    assert.equal(classifyFieldName('payer_card_no'), 'cardNumber');
    assert.equal(classifyFieldName('cvv2'), 'cvn');
    assert.equal(classifyFieldName('ipAddress'), null);
    assert.equal(classifyFieldName('category'), null);
    assert.equal(piiClassOf('preferred_channel'), 'C1');
    assert.equal(piiClassOf('status'), null);
  });
});

describe('findC3: authentication data is refused', () => {
  const positives: [string, string][] = [
    ['我的密码是123456，请帮我查一下', 'password'],
    ['取款密码：８８８８８８', 'password'],
    ['支付密码为 654321', 'password'],
    ['银行卡密码123456被盗用', 'password'],
    ['密码改成了abc123后还是登不上', 'password'],
    ['PIN: 1234', 'password'],
    ['my password is Secret2024', 'password'],
    ['安全码/CVV 123', 'cvn'],
    ['CVN2：456', 'cvn'],
    ['卡背面三位数是 789', 'cvn'],
    ['卡背面的3位数字是321', 'cvn'],
    ['信用卡有效期 12/27', 'cardExpiry'],
    ['卡号6222020200112233446，有效期2027年12月', 'cardExpiry'],
    ['card expiry 09/2028', 'cardExpiry'],
    [';6222020200112233446=27121010000000000', 'trackData'],
  ];
  for (const [text, kind] of positives) {
    test(`finds ${kind} in “${text}”`, () => {
      const kinds = findC3(text).map((m) => m.kind);
      assert.ok(kinds.includes(kind as never), `${kinds.join(',')}`);
      const r = refuseC3(text);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.code, 'C3_DATA_REFUSED');
    });
  }

  const negatives = [
    '重置密码失败',
    '密码错误被锁卡',
    '忘记密码',
    '密码输错3次被锁卡了，柜台说要本人去',
    '要求设置6位密码',
    '密码是2024年改的',
    '手机银行登录密码一直提示错误，客服不处理',
    '短信验证码123456一直收不到',
    '动态密码123456不对',
    '安全码一直提示错误',
    '理财产品有效期至2025年12月31日，用储蓄卡购买',
    '身份证有效期到2030年，银行卡被冻结',
    '存单有效期12/27', // no card in view
    '信用卡年费200元，要求退还',
    '转账金额 123 元没到账',
    '卡背面三位数被骗子问走了',
  ];
  for (const text of negatives) {
    test(`no false positive on “${text}”`, () => {
      assert.deepEqual(findC3(text), []);
      assert.deepEqual(refuseC3(text), { ok: true });
    });
  }

  test('matches report offsets in the original text but not the secret', () => {
    const text = '您好，密码是123456。';
    const [m] = findC3(text);
    assert.ok(m);
    assert.equal(text.slice(m.start, m.end), '密码是123456');
    assert.deepEqual(Object.keys(m).sort(), ['end', 'kind', 'start']);
  });
});

describe('findPiiInText and maskText', () => {
  const text = '卡号6222020200112233446被扣款，手机13812345678，身份证11010519491231002X，邮箱 zhang.san@example.com。';

  test('finds each identifier with its kind, offsets and normalised value', () => {
    const found = findPiiInText(text).map((m) => [m.kind, text.slice(m.start, m.end), m.value, m.verified]);
    assert.deepEqual(found, [
      ['cardNumber', '6222020200112233446', '6222020200112233446', true],
      ['phone', '13812345678', '13812345678', true],
      ['idNumber', '11010519491231002X', '11010519491231002X', true],
      ['email', 'zhang.san@example.com', 'zhang.san@example.com', true],
    ]);
  });

  test('masks them in place', () => {
    assert.equal(
      maskText(text),
      '卡号6222***********3446被扣款，手机138****5678，身份证1101**********002X，邮箱 z********@example.com。',
    );
  });

  test('recognises grouped and prefixed forms and full-width digits', () => {
    assert.equal(maskText('请回电 +86 138-1234-5678'), '请回电 138****5678');
    assert.equal(maskText('电话 138 1234 5678'), '电话 138****5678');
    assert.equal(maskText('卡 6222 0202 0011 2233 446 扣款'), '卡 6222***********3446 扣款');
    assert.equal(maskText('手机１３８１２３４５６７８'), '手机138****5678');
    assert.equal(maskText('身份证号 110105 19491231 002x'), '身份证号 1101**********002X');
  });

  test('still masks a mistyped ID number or a long number that fails Luhn (possible account number)', () => {
    const [id] = findPiiInText('身份证110105194912310021');
    assert.deepEqual([id?.kind, id?.verified], ['idNumber', false]);
    const [acct] = findPiiInText('账号 621483010000001234567');
    assert.deepEqual([acct?.kind, acct?.verified], ['accountNumber', false]);
    assert.equal(maskText('账号 621483010000001234567'), '账号 6214*************4567');
  });

  test('leaves ordinary numbers alone: amounts, dates, tracking numbers, card tails, landlines', () => {
    const plain = '投诉编号KS20250127000123，金额12000元，2025-01-27 10:30 在网点办理，尾号3445的卡，客服电话95588，座机010-12345678';
    assert.deepEqual(findPiiInText(plain), []);
    assert.equal(maskText(plain), plain);
  });
});
