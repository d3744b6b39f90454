import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_TEMPLATES,
  findSmsPersonalData,
  LOCALES,
  renderTemplate,
  sampleVars,
  smsSegments,
  TEMPLATE_KINDS,
  TemplateError,
} from '../../../src/core/notify/index.ts';

const zh = (n: number): string => '中'.repeat(n);
const ascii = (n: number): string => 'a'.repeat(n);

describe('smsSegments', () => {
  test('UCS-2 (any Chinese character): 70 in one message, 67 per part when concatenated', () => {
    assert.deepEqual(smsSegments(zh(70)), { encoding: 'ucs2', segments: 1, perSegment: 70, units: 70 });
    assert.deepEqual(smsSegments(zh(71)), { encoding: 'ucs2', segments: 2, perSegment: 67, units: 71 });
    assert.equal(smsSegments(zh(134)).segments, 2);
    assert.equal(smsSegments(zh(135)).segments, 3);
    assert.equal(smsSegments(zh(201)).segments, 3);
    assert.equal(smsSegments(zh(202)).segments, 4);
  });

  test('one Chinese character turns a Latin text into UCS-2', () => {
    assert.deepEqual(smsSegments(ascii(69) + '中'), { encoding: 'ucs2', segments: 1, perSegment: 70, units: 70 });
    assert.equal(smsSegments(ascii(70) + '中').segments, 2);
  });

  test('GSM 7-bit: 160 in one message, 153 per part', () => {
    assert.deepEqual(smsSegments(ascii(160)), { encoding: 'gsm7', segments: 1, perSegment: 160, units: 160 });
    assert.deepEqual(smsSegments(ascii(161)), { encoding: 'gsm7', segments: 2, perSegment: 153, units: 161 });
    assert.equal(smsSegments(ascii(306)).segments, 2);
    assert.equal(smsSegments(ascii(307)).segments, 3);
  });

  test('GSM extension characters (€ [ ] { } ^ ~ | \\) take two septets and are not split across parts', () => {
    assert.deepEqual(smsSegments('€'.repeat(80)), { encoding: 'gsm7', segments: 1, perSegment: 160, units: 160 });
    assert.equal(smsSegments('€'.repeat(81)).segments, 2);
    // 152 plain + "[" (2 septets) would straddle the 153 boundary: it moves to the next part.
    assert.equal(smsSegments(ascii(152) + '[' + ascii(152)).segments, 3);
    assert.equal(smsSegments(ascii(151) + '[' + ascii(153)).segments, 2);
  });

  test('a surrogate pair (emoji) is not split across parts', () => {
    // 66 + 2 + 66 = 134 units would fit two 67-unit parts only by cutting the emoji in half.
    const text = zh(66) + '😀' + zh(66);
    assert.equal(smsSegments(text).units, 134);
    assert.equal(smsSegments(text).segments, 3);
  });

  test('accented Latin outside the GSM alphabet uses UCS-2', () => {
    assert.equal(smsSegments('Café Ç').encoding, 'gsm7'); // é and Ç are in the GSM alphabet, ç is not
    assert.equal(smsSegments('ç').encoding, 'ucs2');
    assert.equal(smsSegments('Zürich').encoding, 'gsm7');
  });

  test('empty text takes no segment', () => {
    assert.equal(smsSegments('').segments, 0);
  });
});

describe('default SMS bodies', () => {
  for (const kind of TEMPLATE_KINDS) {
    for (const locale of LOCALES) {
      test(`${kind} ${locale} fits in 2 segments with realistic values`, () => {
        const { sms } = renderTemplate(DEFAULT_TEMPLATES[kind], sampleVars(kind, locale), { locale, channels: ['sms'] });
        assert.ok(sms);
        assert.ok(sms.segments >= 1 && sms.segments <= 2, `${sms.segments} segments: ${sms.text}`);
        if (locale === 'zh-CN') assert.equal(sms.encoding, 'ucs2');
      });
    }
  }
});

describe('personal data in SMS', () => {
  test('detects ID numbers, mobile, card and account numbers, e-mail addresses', () => {
    assert.deepEqual(findSmsPersonalData('身份证11010519491231002X请核对'), ['id_number']);
    assert.deepEqual(findSmsPersonalData('请致电13812345678'), ['long_number']);
    assert.deepEqual(findSmsPersonalData('卡号 6222 0212 3456 7890 已退款'), ['long_number']);
    assert.deepEqual(findSmsPersonalData('账号6222-0212-3456-7890-123'), ['long_number']);
    assert.deepEqual(findSmsPersonalData('回复至 li.ming@customer.example'), ['email_address']);
  });

  test('does not flag dates, hotlines, one-time codes or the tracking number', () => {
    assert.deepEqual(findSmsPersonalData('2025年2月11日前，热线 400-000-0000 或 95588，验证码 482913，10分钟内有效'), []);
    assert.deepEqual(findSmsPersonalData('编号 20250127000123456 已受理', ['20250127000123456']), []);
    assert.deepEqual(findSmsPersonalData('编号 20250127000123456 已受理'), ['long_number']);
  });

  test('rendering refuses an SMS template that uses a personal-data variable', () => {
    for (const name of ['complainant_name', 'id_number', 'phone', 'card_number']) {
      const template = {
        ...DEFAULT_TEMPLATES.acknowledgement,
        locales: {
          ...DEFAULT_TEMPLATES.acknowledgement.locales,
          'zh-CN': { ...DEFAULT_TEMPLATES.acknowledgement.locales['zh-CN'], sms: `{{${name}}}您好，投诉{{tracking_no}}已受理` },
        },
      };
      assert.throws(
        () => renderTemplate(template, { ...sampleVars('acknowledgement'), [name]: 'x' }, { locale: 'zh-CN', channels: ['sms'] }),
        (e: unknown) => e instanceof TemplateError && e.code === 'PERSONAL_DATA' && e.variables.includes(name),
        name,
      );
    }
  });

  test('rendering refuses an SMS whose allowed values smuggle in a phone number', () => {
    const vars = { ...sampleVars('follow_up'), service_hotline: '客户经理 13812345678' };
    assert.throws(
      () => renderTemplate(DEFAULT_TEMPLATES.follow_up, vars, { locale: 'zh-CN', channels: ['sms'] }),
      (e: unknown) => e instanceof TemplateError && e.code === 'PERSONAL_DATA' && !e.message.includes('13812345678'),
    );
    // The e-mail may carry it (it goes to the complainant's own mailbox).
    assert.ok(renderTemplate(DEFAULT_TEMPLATES.follow_up, vars, { locale: 'zh-CN', channels: ['email'] }).email);
  });

  test('an e-mail-only free-text variable is not allowed in SMS even without personal data', () => {
    const template = {
      ...DEFAULT_TEMPLATES.extension_notice,
      locales: {
        ...DEFAULT_TEMPLATES.extension_notice.locales,
        en: { ...DEFAULT_TEMPLATES.extension_notice.locales.en, sms: 'Complaint {{tracking_no}}: {{extension_reason}}' },
      },
    };
    assert.throws(
      () => renderTemplate(template, sampleVars('extension_notice', 'en'), { locale: 'en', channels: ['sms'] }),
      (e: unknown) => e instanceof TemplateError && e.code === 'VARIABLE_NOT_ALLOWED',
    );
  });
});
