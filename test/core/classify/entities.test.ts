import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChineseNumber } from '../../../src/core/classify/chinese-number.ts';
import { extractEntities, maskSensitive, type Entity } from '../../../src/core/classify/entities.ts';

const of = (text: string, type: Entity['type']): Entity[] => extractEntities(text).filter((e) => e.type === type);

describe('Chinese numerals', () => {
  const cases: Array<[string, number]> = [
    ['三万五千', 35000], ['三万五', 35000], ['两千五', 2500], ['一百五', 150], ['十五', 15], ['二十', 20], ['一万零五', 10005],
    ['壹仟贰佰', 1200], ['3万5', 35000], ['1.8万', 18000], ['一亿两千万', 120000000], ['51000', 51000], ['十万', 100000],
  ];
  for (const [text, value] of cases) test(`${text} = ${value}`, () => assert.equal(parseChineseNumber(text), value));
  test('non-numerals are rejected', () => {
    assert.equal(parseChineseNumber('一直'), undefined);
    assert.equal(parseChineseNumber('万'), undefined);
  });
});

describe('amounts', () => {
  test('三万五千元 is 35000 yuan, at its position in the text', () => {
    const text = '信用卡被盗刷了三万五千元';
    const [a] = of(text, 'amount');
    assert.ok(a);
    assert.equal(a.value, 35000);
    assert.equal(text.slice(a.start, a.end), '三万五千元');
  });

  test('currency signs, thousands separators, 万 and w, and colloquial forms', () => {
    const values = of('手续费¥1,200，又借了3.5万，还了1.8w，欠款两千五，年费￥680.50', 'amount').map((e) => e.value);
    assert.deepEqual(values, [1200, 35000, 18000, 2500, 680.5]);
  });

  test('a bare number counts as money only after a money word, and never when it counts something else', () => {
    assert.deepEqual(of('借款51000，分12期，还了33期', 'amount').map((e) => e.value), [51000]);
    assert.deepEqual(of('等了51000年', 'amount'), []);
    assert.deepEqual(of('打了20次电话，3个人', 'amount'), []);
  });

  test('full-width digits are read and positions still match the original text', () => {
    const text = '扣了１２００元';
    const [a] = of(text, 'amount');
    assert.ok(a);
    assert.equal(a.value, 1200);
    assert.equal(text.slice(a.start, a.end), '１２００元');
  });
});

describe('dates, periods and installments', () => {
  test('absolute dates are normalised', () => {
    const values = of('2024年3月办卡，2018.6.26借款，3月5日扣款，2021-03-15还清', 'date').map((e) => e.value);
    assert.deepEqual(values, ['2024-03', '2018-06-26', '--03-05', '2021-03-15']);
  });

  test('relative dates are marked relative', () => {
    const dates = of('上个月被扣了年费，昨天又扣了一次，去年也有', 'date');
    assert.deepEqual(dates.map((d) => d.value), ['last_month', 'yesterday', 'last_year']);
    assert.ok(dates.every((d) => d.relative));
  });

  test('installments and periods carry a count and a unit', () => {
    const ents = extractEntities('分12期，已还8期，等了3个月，15个工作日内答复，半个月没到账');
    assert.deepEqual(
      ents.filter((e) => e.type === 'installments').map((e) => e.value),
      [12, 8],
    );
    assert.deepEqual(
      ents.filter((e) => e.type === 'period').map((e) => [e.value, e.unit]),
      [
        [3, 'month'],
        [15, 'working_day'],
        [0.5, 'month'],
      ],
    );
  });
});

describe('sensitive numbers are masked as soon as they are found', () => {
  const text = '卡号6222021234567891234被盗刷，手机13812345678，身份证110101199003071234，账号6222 0212 3456 7890';

  test('card, phone and ID numbers come back masked, with the positions of the clear numbers', () => {
    const ents = extractEntities(text).filter((e) => e.masked);
    assert.deepEqual(
      ents.map((e) => [e.type, e.text]),
      [
        ['card_number', '6222***********1234'],
        ['phone', '138****5678'],
        ['id_number', '110***********1234'],
        ['card_number', '6222********7890'],
      ],
    );
    assert.equal(text.slice(ents[1]!.start, ents[1]!.end), '13812345678');
  });

  test('the clear digits appear nowhere in the result', () => {
    const out = JSON.stringify(extractEntities(text));
    for (const clear of ['6222021234567891234', '13812345678', '110101199003071234', '0212 3456', '02123456']) assert.ok(!out.includes(clear), clear);
  });

  test('16-digit cards keep the first and last four digits', () => {
    assert.equal(of('卡号6222123412341234', 'card_number')[0]?.text, '6222********1234');
  });

  test('numbers already masked by the platform are recognised and left as they are', () => {
    const [p] = of('我的手机号167********被泄露', 'phone');
    assert.equal(p?.text, '167********');
  });

  test('maskSensitive masks the text and leaves everything else alone', () => {
    assert.equal(maskSensitive('请回电13812345678，卡6222123412341234扣了200元'), '请回电138****5678，卡6222********1234扣了200元');
  });

  test('amounts are not mistaken for account numbers and ID digits are not read as amounts', () => {
    const ents = extractEntities('身份证110101199003071234，欠款51000元');
    assert.deepEqual(ents.filter((e) => e.type === 'amount').map((e) => e.value), [51000]);
  });
});

describe('institutions and products', () => {
  test('known names and short names map to the canonical institution, with branches', () => {
    const ents = of('投诉农业银行茂名分行和招行信用卡中心，还有捷信', 'institution');
    assert.deepEqual(
      ents.map((e) => [e.text, e.value, e.kind]),
      [
        ['农业银行茂名分行', '中国农业银行', 'bank'],
        ['招行信用卡中心', '招商银行', 'bank'],
        ['捷信', '捷信消费金融', 'consumer_finance'],
      ],
    );
  });

  test('unknown banks, insurers and consumer-finance companies are found by their suffix without leading words', () => {
    const ents = of('今天去了一趟茂名农商银行，又给华安保险公司打电话，还有锦华消费金融', 'institution');
    assert.deepEqual(
      ents.map((e) => [e.text, e.kind]),
      [
        ['茂名农商银行', 'bank'],
        ['华安保险公司', 'insurer'],
        ['锦华消费金融', 'consumer_finance'],
      ],
    );
  });

  test('payment institutions and products', () => {
    const ents = extractEntities('用支付宝还花呗，微信支付扣了备用金的利息');
    assert.deepEqual(
      ents.filter((e) => e.type === 'institution').map((e) => e.value),
      ['支付宝', '微信支付'],
    );
    assert.deepEqual(
      ents.filter((e) => e.type === 'product').map((e) => e.value),
      ['花呗', '备用金'],
    );
  });

  test('traditional script is recognised and positions refer to the original text', () => {
    const text = '中國工商銀行扣了我的年費';
    const [e] = of(text, 'institution');
    assert.equal(e?.value, '中国工商银行');
    assert.equal(text.slice(e!.start, e!.end), '中國工商銀行');
  });
});

describe('institutions that are not names', () => {
  test('channels and kinds of bank are not institutions', () => {
    assert.deepEqual(of('手机银行和网上银行都登不上，商业银行和开户银行都说不归他们管', 'institution'), []);
  });
});
