import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_TEMPLATES,
  LOCALES,
  renderTemplate,
  sampleVars,
  TEMPLATE_KINDS,
  TemplateError,
  validateTemplate,
} from '../../../src/core/notify/index.ts';
import type { Locale, NotificationTemplate, TemplateContent, TemplateKind } from '../../../src/core/notify/index.ts';

/** A copy of a default template with one field of one locale replaced. */
function edit(kind: TemplateKind, locale: Locale, patch: Partial<TemplateContent>): NotificationTemplate {
  const t = DEFAULT_TEMPLATES[kind];
  return { kind, locales: { ...t.locales, [locale]: { ...t.locales[locale], ...patch } } };
}

const codes = (t: NotificationTemplate): string[] => validateTemplate(t).issues.map((i) => i.code);

describe('default templates', () => {
  test('all kinds ship in zh-CN and en and pass validation', () => {
    for (const kind of TEMPLATE_KINDS) {
      const v = validateTemplate(DEFAULT_TEMPLATES[kind]);
      assert.deepEqual(v.issues, [], kind);
      assert.equal(v.ok, true);
    }
  });

  test('every kind renders in both locales with its sample values, with no placeholder left over', () => {
    for (const kind of TEMPLATE_KINDS) {
      for (const locale of LOCALES) {
        const r = renderTemplate(DEFAULT_TEMPLATES[kind], sampleVars(kind, locale), { locale });
        assert.ok(r.email && r.sms);
        for (const s of [r.email.subject, r.email.text, r.email.html, r.sms.text]) assert.ok(!s.includes('{{'), `${kind} ${locale}`);
        assert.match(r.email.html, new RegExp(`<html lang="${locale}">`));
      }
    }
  });

  test('defaults are frozen: editing means making a copy', () => {
    assert.throws(() => {
      (DEFAULT_TEMPLATES.acknowledgement.locales['zh-CN'] as { subject: string }).subject = 'x';
    }, TypeError);
  });

  test('acknowledgement tells the tracking number, the expected decision date and how to track', () => {
    const zh = renderTemplate(DEFAULT_TEMPLATES.acknowledgement, sampleVars('acknowledgement', 'zh-CN'), { locale: 'zh-CN' });
    assert.equal(zh.email?.subject, '投诉受理回执（编号：KS-20250127-000123）');
    assert.ok(zh.email?.text.includes('投诉编号为 KS-20250127-000123'));
    assert.ok(zh.email?.text.includes('我们将在2025年2月11日前作出处理决定'));
    assert.ok(zh.email?.text.includes('https://kesu.example.cn/track'));
    const en = renderTemplate(DEFAULT_TEMPLATES.acknowledgement, sampleVars('acknowledgement', 'en'), { locale: 'en' });
    assert.ok(en.email?.text.includes('Your tracking number is KS-20250127-000123.'));
    assert.ok(en.email?.text.includes('in writing by 11 February 2025'));
    assert.ok(en.sms?.text.includes('Decision by 11 February 2025'));
  });

  test('dates are the Asia/Shanghai calendar date, whatever the server time zone', () => {
    // 23:30 in Shanghai on 11 Feb is still 10 Feb in New York (the test time zone).
    const vars = { ...sampleVars('acknowledgement'), decision_due_date: new Date('2025-02-11T23:30:00+08:00') };
    const zh = renderTemplate(DEFAULT_TEMPLATES.acknowledgement, vars, { locale: 'zh-CN', channels: ['sms'] });
    assert.ok(zh.sms?.text.includes('2025年2月11日前'), zh.sms?.text);
    const en = renderTemplate(DEFAULT_TEMPLATES.acknowledgement, vars, { locale: 'en', channels: ['sms'] });
    assert.ok(en.sms?.text.includes('11 February 2025'), en.sms?.text);
  });

  test('decision notice states facts, basis and reasons, outcome, remedy, and the remedies under the Measures only', () => {
    for (const locale of LOCALES) {
      const vars = sampleVars('decision_notice', locale);
      const r = renderTemplate(DEFAULT_TEMPLATES.decision_notice, vars, { locale });
      const text = r.email?.text ?? '';
      for (const name of ['facts_checked', 'basis_and_reasons', 'outcome', 'remedy', 'review_body'] as const) {
        const first = String(vars[name]).split('\n')[0] as string;
        assert.ok(text.includes(first), `${locale} text lacks ${name}`);
      }
      assert.deepEqual([...text.matchAll(/《([^》]+)》/g)].map((m) => m[1]), ['银行业保险业消费投诉处理管理办法']);
      assert.deepEqual([...(r.email?.html ?? '').matchAll(/《([^》]+)》/g)].map((m) => m[1]), ['银行业保险业消费投诉处理管理办法']);
    }
    const zh = renderTemplate(DEFAULT_TEMPLATES.decision_notice, sampleVars('decision_notice'), { locale: 'zh-CN' }).email?.text ?? '';
    assert.ok(zh.includes('自收到本告知书之日起30日内，以书面形式向示例银行股份有限公司总行申请核查'));
    for (const remedy of ['申请调解', '申请仲裁', '提起诉讼']) assert.ok(zh.includes(remedy), remedy);
    const en = renderTemplate(DEFAULT_TEMPLATES.decision_notice, sampleVars('decision_notice', 'en'), { locale: 'en' }).email?.text ?? '';
    assert.ok(en.includes('within 30 days of receiving this notice'));
    for (const remedy of ['mediation', 'arbitration', 'lawsuit']) assert.ok(en.includes(remedy), remedy);
  });

  test('satisfaction request asks about the four dimensions', () => {
    const r = renderTemplate(DEFAULT_TEMPLATES.satisfaction_request, sampleVars('satisfaction_request'), { locale: 'zh-CN' });
    for (const d of ['处理时效', '解决效果', '沟通质量', '后续服务']) assert.ok(r.email?.text.includes(d) && r.sms?.text.includes(d), d);
  });

  test('portal one-time code: the code and its 10-minute life', () => {
    const r = renderTemplate(DEFAULT_TEMPLATES.portal_otp, sampleVars('portal_otp'), { locale: 'zh-CN' });
    assert.ok(r.sms?.text.includes('验证码为482913，10分钟内有效'));
    assert.ok(r.email?.html.includes('<strong>482913</strong>'));
  });
});

describe('rendering values', () => {
  const hostile = '<script>alert("x")</script> & <b>bold</b>';

  test('HTML bodies escape values; text bodies keep them as written', () => {
    const vars = { ...sampleVars('decision_notice'), facts_checked: hostile, complainant_name: '<img src=x onerror=alert(1)>' };
    const r = renderTemplate(DEFAULT_TEMPLATES.decision_notice, vars, { locale: 'zh-CN', channels: ['email'] });
    const html = r.email?.html ?? '';
    assert.ok(!html.includes('<script>'));
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(r.email?.text.includes(hostile));
  });

  test('line breaks in free text become <br> in HTML and stay line breaks in text', () => {
    const vars = { ...sampleVars('decision_notice'), outcome: '第一行\r\n第二行' };
    const r = renderTemplate(DEFAULT_TEMPLATES.decision_notice, vars, { locale: 'zh-CN', channels: ['email'] });
    assert.ok(r.email?.html.includes('<p>第一行<br>\n第二行</p>'));
    assert.ok(r.email?.text.includes('三、处理结果\n第一行\n第二行\n'));
  });

  test('subjects and SMS are one line: a value cannot add header lines', () => {
    const vars = { ...sampleVars('acknowledgement'), tracking_no: 'KS-1\r\nBcc: attacker' };
    const r = renderTemplate(DEFAULT_TEMPLATES.acknowledgement, vars, { locale: 'en' });
    assert.ok(!/[\r\n]/.test(r.email?.subject ?? ''));
    assert.equal(r.email?.subject, 'Complaint acknowledgement (tracking number KS-1 Bcc: attacker)');
    assert.ok(!/[\r\n]/.test(r.sms?.text ?? ''));
  });

  test('lists are joined per locale', () => {
    const vars = { ...sampleVars('information_request', 'en'), missing_items: ['ID copy', 'Statement'] };
    assert.ok(renderTemplate(DEFAULT_TEMPLATES.information_request, vars, { locale: 'en' }).email?.text.includes('ID copy; Statement'));
    const zh = { ...sampleVars('information_request'), missing_items: ['身份证复印件', '对账单'] };
    assert.ok(renderTemplate(DEFAULT_TEMPLATES.information_request, zh, { locale: 'zh-CN' }).email?.text.includes('身份证复印件；对账单'));
  });

  test('a URL variable must be http(s): javascript: links are refused', () => {
    const vars = { ...sampleVars('acknowledgement'), portal_url: 'javascript:alert(1)' };
    assert.throws(
      () => renderTemplate(DEFAULT_TEMPLATES.acknowledgement, vars, { locale: 'zh-CN' }),
      (e: unknown) => e instanceof TemplateError && e.code === 'INVALID_VALUE' && e.variables[0] === 'portal_url',
    );
  });

  test('missing variables are an error naming all of them (undefined, null, blank, empty list)', () => {
    const vars = {
      ...sampleVars('decision_notice'),
      facts_checked: undefined,
      remedy: '   ',
      review_body: null,
    };
    assert.throws(
      () => renderTemplate(DEFAULT_TEMPLATES.decision_notice, vars, { locale: 'zh-CN' }),
      (e: unknown) => {
        assert.ok(e instanceof TemplateError);
        assert.equal(e.code, 'MISSING_VARIABLE');
        assert.deepEqual([...e.variables].sort(), ['facts_checked', 'remedy', 'review_body']);
        return true;
      },
    );
    assert.throws(
      () => renderTemplate(DEFAULT_TEMPLATES.information_request, { ...sampleVars('information_request'), missing_items: [] }, { locale: 'en' }),
      (e: unknown) => e instanceof TemplateError && e.code === 'MISSING_VARIABLE',
    );
  });

  test('rendering only the SMS needs only the SMS variables', () => {
    const { facts_checked: _f, basis_and_reasons: _b, complainant_name: _c, ...smsOnly } = sampleVars('decision_notice');
    const r = renderTemplate(DEFAULT_TEMPLATES.decision_notice, smsOnly, { locale: 'zh-CN', channels: ['sms'] });
    assert.ok(r.sms && !r.email);
  });
});

describe('validateTemplate (before an administrator saves)', () => {
  test('rejects unknown variable names', () => {
    const t = edit('acknowledgement', 'zh-CN', { text: DEFAULT_TEMPLATES.acknowledgement.locales['zh-CN'].text + '{{tracking_numbr}}' });
    const v = validateTemplate(t);
    assert.equal(v.ok, false);
    assert.deepEqual(
      v.issues.map((i) => [i.code, i.locale, i.field, i.variable]),
      [['UNKNOWN_VARIABLE', 'zh-CN', 'text', 'tracking_numbr']],
    );
  });

  test('rejects variables of another kind', () => {
    assert.deepEqual(codes(edit('acknowledgement', 'en', { subject: 'Code {{otp_code}}' })), ['VARIABLE_NOT_ALLOWED']);
  });

  test('rejects personal-data variables in SMS and anywhere they are never allowed', () => {
    assert.ok(codes(edit('acknowledgement', 'zh-CN', { sms: '{{complainant_name}}您好，投诉{{tracking_no}}已受理，{{decision_due_date}}前答复' })).includes('PERSONAL_DATA'));
    assert.ok(codes(edit('acknowledgement', 'en', { text: DEFAULT_TEMPLATES.acknowledgement.locales.en.text + ' ID {{id_number}}' })).includes('PERSONAL_DATA'));
  });

  test('rejects a decision notice that drops what it must state', () => {
    const text = DEFAULT_TEMPLATES.decision_notice.locales['zh-CN'].text.replace('{{basis_and_reasons}}', '（略）');
    const v = validateTemplate(edit('decision_notice', 'zh-CN', { text }));
    assert.deepEqual(v.issues.map((i) => [i.code, i.variable]), [['MISSING_REQUIRED_VARIABLE', 'basis_and_reasons']]);
  });

  test('decision notices cite 《银行业保险业消费投诉处理管理办法》 and nothing else', () => {
    const base = DEFAULT_TEMPLATES.decision_notice.locales['zh-CN'].text;
    assert.deepEqual(codes(edit('decision_notice', 'zh-CN', { text: base.replace('《银行业保险业消费投诉处理管理办法》', '有关规定') })), [
      'MISSING_CITATION',
    ]);
    assert.ok(codes(edit('decision_notice', 'zh-CN', { text: base + '\n依据《金融消费者权益保护法》。' })).includes('FORBIDDEN_CITATION'));
    assert.ok(codes(edit('decision_notice', 'zh-CN', { text: base + '\n参照《投诉处理规范（2025版）》。' })).includes('FORBIDDEN_CITATION'));
  });

  test('rejects HTML in text fields and unsafe HTML in the HTML body', () => {
    assert.deepEqual(codes(edit('follow_up', 'en', { subject: '<b>Follow-up</b> {{tracking_no}}' })), ['HTML_IN_TEXT']);
    const html = DEFAULT_TEMPLATES.follow_up.locales.en.html;
    assert.ok(codes(edit('follow_up', 'en', { html: html + '<script>steal()</script>' })).includes('UNSAFE_HTML'));
    assert.ok(codes(edit('follow_up', 'en', { html: html + '<img src="x" onerror="steal()">' })).includes('UNSAFE_HTML'));
    assert.ok(codes(edit('follow_up', 'en', { html: html + '<a href="javascript:steal()">x</a>' })).includes('UNSAFE_HTML'));
    // A value inside a tag could add attributes: only URL variables, only in quotes.
    assert.ok(codes(edit('follow_up', 'en', { html: html + '<a href={{portal_url}}>x</a>' })).includes('UNSAFE_HTML'));
    assert.ok(codes(edit('follow_up', 'en', { html: html + '<p title="{{follow_up_summary}}">x</p>' })).includes('UNSAFE_HTML'));
  });

  test('rejects syntax errors and empty fields', () => {
    assert.ok(codes(edit('follow_up', 'en', { text: 'Hello {{tracking_no} {{follow_up_summary}}' })).includes('SYNTAX'));
    assert.ok(codes(edit('follow_up', 'en', { text: 'Hello {{ Tracking-No }} {{tracking_no}} {{follow_up_summary}}' })).includes('SYNTAX'));
    assert.deepEqual(codes(edit('follow_up', 'zh-CN', { sms: '  ' })), ['EMPTY_FIELD']);
  });

  test('accepts spaces inside braces', () => {
    const sms = '【{{ org_name }}】投诉{{ tracking_no }}已回访，热线{{service_hotline}}';
    assert.deepEqual(codes(edit('follow_up', 'zh-CN', { sms })), []);
  });

  test('rejects an SMS body longer than 2 segments with sample values', () => {
    const sms = DEFAULT_TEMPLATES.acknowledgement.locales['zh-CN'].sms + '感谢您对我们工作的理解与支持，我们将持续改进服务质量，为您提供更好的金融服务体验。';
    const v = validateTemplate(edit('acknowledgement', 'zh-CN', { sms }));
    assert.deepEqual(v.issues.map((i) => i.code), ['SMS_TOO_LONG']);
    assert.equal(validateTemplate(edit('acknowledgement', 'zh-CN', { sms }), { maxSmsSegments: 3 }).ok, true);
  });

  test('rejects a template missing a locale or of an unknown kind', () => {
    const { en: _en, ...onlyZh } = DEFAULT_TEMPLATES.portal_otp.locales;
    assert.deepEqual(codes({ kind: 'portal_otp', locales: onlyZh } as unknown as NotificationTemplate), ['MISSING_LOCALE']);
    assert.deepEqual(codes({ kind: 'newsletter', locales: DEFAULT_TEMPLATES.portal_otp.locales } as unknown as NotificationTemplate), [
      'UNKNOWN_KIND',
    ]);
  });
});
