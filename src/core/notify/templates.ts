// Default notification templates, zh-CN and en. Templates are data: an administrator edits copies of these
// (validated by `validateTemplate` before saving); the database layer versions them.
// Decision notices cite 《银行业保险业消费投诉处理管理办法》 only (see docs/notifications.md).

import type { Locale, NotificationTemplate, TemplateContent, TemplateKind } from './types.ts';

export { renderTemplate, TemplateError, formatDate } from './render.ts';
export type { RenderOptions, TemplateErrorCode } from './render.ts';
export { validateTemplate } from './validate.ts';
export type { TemplateIssue, TemplateIssueCode, TemplateValidation, ValidateOptions } from './validate.ts';
export { sampleVars } from './samples.ts';

const ZH_FOOTER_TEXT = '\n\n本邮件由系统自动发送，请勿直接回复。如需咨询，请致电 {{service_hotline}}。\n{{org_name}}';
const ZH_FOOTER_HTML =
  '<p style="color:#666;font-size:13px;">本邮件由系统自动发送，请勿直接回复。如需咨询，请致电 {{service_hotline}}。<br>\n{{org_name}}</p>';
const EN_FOOTER_TEXT =
  '\n\nThis message was sent automatically; please do not reply to it. For help, call {{service_hotline}}.\n{{org_name}}';
const EN_FOOTER_HTML =
  '<p style="color:#666;font-size:13px;">This message was sent automatically; please do not reply to it. For help, call {{service_hotline}}.<br>\n{{org_name}}</p>';

const portalLink = '<a href="{{portal_url}}">{{portal_url}}</a>';

type Contents = Readonly<Record<Locale, TemplateContent>>;

const CONTENTS: Readonly<Record<TemplateKind, Contents>> = {
  acknowledgement: {
    'zh-CN': {
      subject: '投诉受理回执（编号：{{tracking_no}}）',
      text:
        '尊敬的{{complainant_name}}：\n\n' +
        '{{org_name}}已于{{received_date}}受理您的投诉，投诉编号为 {{tracking_no}}。\n\n' +
        '我们将在{{decision_due_date}}前作出处理决定并书面告知您。如案情复杂需要延长处理期限，我们会事先告知您延期的原因和新的期限。\n\n' +
        '您可以随时登录 {{portal_url}}，输入投诉编号并使用发送给您的验证码验证身份后，查看处理进度。' +
        ZH_FOOTER_TEXT,
      html:
        '<p>尊敬的{{complainant_name}}：</p>\n' +
        '<p>{{org_name}}已于{{received_date}}受理您的投诉，投诉编号为 <strong>{{tracking_no}}</strong>。</p>\n' +
        '<p>我们将在<strong>{{decision_due_date}}</strong>前作出处理决定并书面告知您。如案情复杂需要延长处理期限，我们会事先告知您延期的原因和新的期限。</p>\n' +
        `<p>您可以随时登录 ${portalLink}，输入投诉编号并使用发送给您的验证码验证身份后，查看处理进度。</p>\n` +
        ZH_FOOTER_HTML,
      sms: '【{{org_name}}】您的投诉已受理，编号{{tracking_no}}，我们将于{{decision_due_date}}前告知处理结果。进度查询：{{portal_url}}',
    },
    en: {
      subject: 'Complaint acknowledgement (tracking number {{tracking_no}})',
      text:
        'Dear {{complainant_name}},\n\n' +
        '{{org_name}} received your complaint on {{received_date}}. Your tracking number is {{tracking_no}}.\n\n' +
        'We will decide on your complaint and give you the decision in writing by {{decision_due_date}}. If the case is complex and needs more time, we will tell you the reason and the new date beforehand.\n\n' +
        'You can follow its progress at any time at {{portal_url}}: enter the tracking number and the one-time code we send you.' +
        EN_FOOTER_TEXT,
      html:
        '<p>Dear {{complainant_name}},</p>\n' +
        '<p>{{org_name}} received your complaint on {{received_date}}. Your tracking number is <strong>{{tracking_no}}</strong>.</p>\n' +
        '<p>We will decide on your complaint and give you the decision in writing by <strong>{{decision_due_date}}</strong>. If the case is complex and needs more time, we will tell you the reason and the new date beforehand.</p>\n' +
        `<p>You can follow its progress at any time at ${portalLink}: enter the tracking number and the one-time code we send you.</p>\n` +
        EN_FOOTER_HTML,
      sms: '[{{org_name}}] Complaint {{tracking_no}} received. Decision by {{decision_due_date}}. Track it at {{portal_url}}',
    },
  },

  information_request: {
    'zh-CN': {
      subject: '请补充投诉材料（编号：{{tracking_no}}）',
      text:
        '尊敬的{{complainant_name}}：\n\n' +
        '为处理您的投诉（编号：{{tracking_no}}），我们还需要您补充以下材料或信息：\n{{missing_items}}\n\n' +
        '请于{{reply_by_date}}前登录 {{portal_url}} 提交。' +
        ZH_FOOTER_TEXT,
      html:
        '<p>尊敬的{{complainant_name}}：</p>\n' +
        '<p>为处理您的投诉（编号：{{tracking_no}}），我们还需要您补充以下材料或信息：</p>\n' +
        '<p><strong>{{missing_items}}</strong></p>\n' +
        `<p>请于<strong>{{reply_by_date}}</strong>前登录 ${portalLink} 提交。</p>\n` +
        ZH_FOOTER_HTML,
      sms: '【{{org_name}}】您的投诉（编号{{tracking_no}}）需补充材料，请于{{reply_by_date}}前登录 {{portal_url}} 查看并提交。',
    },
    en: {
      subject: 'More information needed for your complaint (tracking number {{tracking_no}})',
      text:
        'Dear {{complainant_name}},\n\n' +
        'To handle your complaint (tracking number {{tracking_no}}) we need the following from you:\n{{missing_items}}\n\n' +
        'Please send it by {{reply_by_date}} at {{portal_url}}.' +
        EN_FOOTER_TEXT,
      html:
        '<p>Dear {{complainant_name}},</p>\n' +
        '<p>To handle your complaint (tracking number {{tracking_no}}) we need the following from you:</p>\n' +
        '<p><strong>{{missing_items}}</strong></p>\n' +
        `<p>Please send it by <strong>{{reply_by_date}}</strong> at ${portalLink}.</p>\n` +
        EN_FOOTER_HTML,
      sms: '[{{org_name}}] Complaint {{tracking_no}}: please send the missing information by {{reply_by_date}} at {{portal_url}}',
    },
  },

  extension_notice: {
    'zh-CN': {
      subject: '投诉处理期限延长通知（编号：{{tracking_no}}）',
      text:
        '尊敬的{{complainant_name}}：\n\n' +
        '您于{{received_date}}提出的投诉（编号：{{tracking_no}}）因以下原因需要延长处理期限：\n{{extension_reason}}\n\n' +
        '处理期限延长至{{new_due_date}}。我们将在此日期前作出处理决定并书面告知您。\n\n' +
        '您可以随时登录 {{portal_url}} 查看处理进度。' +
        ZH_FOOTER_TEXT,
      html:
        '<p>尊敬的{{complainant_name}}：</p>\n' +
        '<p>您于{{received_date}}提出的投诉（编号：{{tracking_no}}）因以下原因需要延长处理期限：</p>\n' +
        '<p>{{extension_reason}}</p>\n' +
        '<p>处理期限延长至<strong>{{new_due_date}}</strong>。我们将在此日期前作出处理决定并书面告知您。</p>\n' +
        `<p>您可以随时登录 ${portalLink} 查看处理进度。</p>\n` +
        ZH_FOOTER_HTML,
      sms: '【{{org_name}}】因案情复杂，您的投诉（编号{{tracking_no}}）处理期限延长至{{new_due_date}}，原因详见 {{portal_url}}',
    },
    en: {
      subject: 'More time needed for your complaint (tracking number {{tracking_no}})',
      text:
        'Dear {{complainant_name}},\n\n' +
        'We need more time to handle the complaint you made on {{received_date}} (tracking number {{tracking_no}}), for this reason:\n{{extension_reason}}\n\n' +
        'The new date for our decision is {{new_due_date}}. We will give you the decision in writing by then.\n\n' +
        'You can follow its progress at any time at {{portal_url}}.' +
        EN_FOOTER_TEXT,
      html:
        '<p>Dear {{complainant_name}},</p>\n' +
        '<p>We need more time to handle the complaint you made on {{received_date}} (tracking number {{tracking_no}}), for this reason:</p>\n' +
        '<p>{{extension_reason}}</p>\n' +
        '<p>The new date for our decision is <strong>{{new_due_date}}</strong>. We will give you the decision in writing by then.</p>\n' +
        `<p>You can follow its progress at any time at ${portalLink}.</p>\n` +
        EN_FOOTER_HTML,
      sms: '[{{org_name}}] Complaint {{tracking_no}} needs more time. New decision date: {{new_due_date}}. Reason: {{portal_url}}',
    },
  },

  decision_notice: {
    'zh-CN': {
      subject: '投诉处理决定告知书（编号：{{tracking_no}}）',
      text:
        '尊敬的{{complainant_name}}：\n\n' +
        '关于您于{{received_date}}提出的投诉（编号：{{tracking_no}}），{{org_name}}经调查核实，现将处理决定告知如下。\n\n' +
        '一、核实的情况\n{{facts_checked}}\n\n' +
        '二、处理依据和理由\n{{basis_and_reasons}}\n\n' +
        '三、处理结果\n{{outcome}}\n\n' +
        '四、补救措施\n{{remedy}}\n\n' +
        '五、您的权利\n' +
        '根据《银行业保险业消费投诉处理管理办法》，如您对本处理决定有异议，可以自收到本告知书之日起30日内，以书面形式向{{review_body}}申请核查。' +
        '您也可以通过申请调解、申请仲裁或者向人民法院提起诉讼等途径解决争议。\n\n' +
        '您可以随时登录 {{portal_url}} 查看投诉处理情况和本告知书。\n\n' +
        '{{org_name}}\n{{decision_date}}' +
        ZH_FOOTER_TEXT.replace('\n{{org_name}}', ''),
      html:
        '<p>尊敬的{{complainant_name}}：</p>\n' +
        '<p>关于您于{{received_date}}提出的投诉（编号：{{tracking_no}}），{{org_name}}经调查核实，现将处理决定告知如下。</p>\n' +
        '<h3>一、核实的情况</h3>\n<p>{{facts_checked}}</p>\n' +
        '<h3>二、处理依据和理由</h3>\n<p>{{basis_and_reasons}}</p>\n' +
        '<h3>三、处理结果</h3>\n<p>{{outcome}}</p>\n' +
        '<h3>四、补救措施</h3>\n<p>{{remedy}}</p>\n' +
        '<h3>五、您的权利</h3>\n' +
        '<p>根据《银行业保险业消费投诉处理管理办法》，如您对本处理决定有异议，可以自收到本告知书之日起<strong>30日内</strong>，以书面形式向{{review_body}}申请核查。' +
        '您也可以通过申请调解、申请仲裁或者向人民法院提起诉讼等途径解决争议。</p>\n' +
        `<p>您可以随时登录 ${portalLink} 查看投诉处理情况和本告知书。</p>\n` +
        '<p style="text-align:right;">{{org_name}}<br>\n{{decision_date}}</p>\n' +
        ZH_FOOTER_HTML.replace('<br>\n{{org_name}}', ''),
      sms: '【{{org_name}}】您的投诉（编号{{tracking_no}}）已作出处理决定，请登录 {{portal_url}} 查看告知书。如有异议，可自收到告知书之日起30日内申请核查。',
    },
    en: {
      subject: 'Decision on your complaint (tracking number {{tracking_no}})',
      text:
        'Dear {{complainant_name}},\n\n' +
        '{{org_name}} has investigated the complaint you made on {{received_date}} (tracking number {{tracking_no}}). Its decision is as follows.\n\n' +
        '1. Facts checked\n{{facts_checked}}\n\n' +
        '2. Basis and reasons\n{{basis_and_reasons}}\n\n' +
        '3. Outcome\n{{outcome}}\n\n' +
        '4. Remedy\n{{remedy}}\n\n' +
        '5. Your rights\n' +
        'Under the Measures for Handling Consumer Complaints in the Banking and Insurance Sectors (《银行业保险业消费投诉处理管理办法》), ' +
        'if you disagree with this decision you may apply in writing to {{review_body}} for a review within 30 days of receiving this notice. ' +
        'You may also resolve the dispute through mediation, arbitration, or a lawsuit in a people’s court.\n\n' +
        'You can see your complaint and this notice at any time at {{portal_url}}.\n\n' +
        '{{org_name}}\n{{decision_date}}' +
        EN_FOOTER_TEXT.replace('\n{{org_name}}', ''),
      html:
        '<p>Dear {{complainant_name}},</p>\n' +
        '<p>{{org_name}} has investigated the complaint you made on {{received_date}} (tracking number {{tracking_no}}). Its decision is as follows.</p>\n' +
        '<h3>1. Facts checked</h3>\n<p>{{facts_checked}}</p>\n' +
        '<h3>2. Basis and reasons</h3>\n<p>{{basis_and_reasons}}</p>\n' +
        '<h3>3. Outcome</h3>\n<p>{{outcome}}</p>\n' +
        '<h3>4. Remedy</h3>\n<p>{{remedy}}</p>\n' +
        '<h3>5. Your rights</h3>\n' +
        '<p>Under the Measures for Handling Consumer Complaints in the Banking and Insurance Sectors (《银行业保险业消费投诉处理管理办法》), ' +
        'if you disagree with this decision you may apply in writing to {{review_body}} for a review <strong>within 30 days</strong> of receiving this notice. ' +
        'You may also resolve the dispute through mediation, arbitration, or a lawsuit in a people’s court.</p>\n' +
        `<p>You can see your complaint and this notice at any time at ${portalLink}.</p>\n` +
        '<p style="text-align:right;">{{org_name}}<br>\n{{decision_date}}</p>\n' +
        EN_FOOTER_HTML.replace('<br>\n{{org_name}}', ''),
      sms: '[{{org_name}}] Complaint {{tracking_no}}: our decision is at {{portal_url}}. You may ask for a review within 30 days of receiving it.',
    },
  },

  review_outcome: {
    'zh-CN': {
      subject: '投诉核查结果告知（编号：{{tracking_no}}）',
      text:
        '尊敬的{{complainant_name}}：\n\n' +
        '您对投诉（编号：{{tracking_no}}）处理决定提出的核查申请，{{review_body}}已完成核查，现将结果告知如下。\n\n' +
        '一、核查情况\n{{review_findings}}\n\n' +
        '二、核查结论\n{{review_result}}\n\n' +
        '如您对核查结论仍有异议，可以通过申请调解、申请仲裁或者向人民法院提起诉讼等途径解决争议。\n\n' +
        '您可以随时登录 {{portal_url}} 查看本通知。' +
        ZH_FOOTER_TEXT,
      html:
        '<p>尊敬的{{complainant_name}}：</p>\n' +
        '<p>您对投诉（编号：{{tracking_no}}）处理决定提出的核查申请，{{review_body}}已完成核查，现将结果告知如下。</p>\n' +
        '<h3>一、核查情况</h3>\n<p>{{review_findings}}</p>\n' +
        '<h3>二、核查结论</h3>\n<p>{{review_result}}</p>\n' +
        '<p>如您对核查结论仍有异议，可以通过申请调解、申请仲裁或者向人民法院提起诉讼等途径解决争议。</p>\n' +
        `<p>您可以随时登录 ${portalLink} 查看本通知。</p>\n` +
        ZH_FOOTER_HTML,
      sms: '【{{org_name}}】您对投诉（编号{{tracking_no}}）提出的核查申请已有结论，请登录 {{portal_url}} 查看。',
    },
    en: {
      subject: 'Result of the review of your complaint (tracking number {{tracking_no}})',
      text:
        'Dear {{complainant_name}},\n\n' +
        '{{review_body}} has reviewed the decision on your complaint (tracking number {{tracking_no}}) as you asked. The result is as follows.\n\n' +
        '1. Findings\n{{review_findings}}\n\n' +
        '2. Result\n{{review_result}}\n\n' +
        'If you still disagree, you may resolve the dispute through mediation, arbitration, or a lawsuit in a people’s court.\n\n' +
        'You can see this notice at any time at {{portal_url}}.' +
        EN_FOOTER_TEXT,
      html:
        '<p>Dear {{complainant_name}},</p>\n' +
        '<p>{{review_body}} has reviewed the decision on your complaint (tracking number {{tracking_no}}) as you asked. The result is as follows.</p>\n' +
        '<h3>1. Findings</h3>\n<p>{{review_findings}}</p>\n' +
        '<h3>2. Result</h3>\n<p>{{review_result}}</p>\n' +
        '<p>If you still disagree, you may resolve the dispute through mediation, arbitration, or a lawsuit in a people’s court.</p>\n' +
        `<p>You can see this notice at any time at ${portalLink}.</p>\n` +
        EN_FOOTER_HTML,
      sms: '[{{org_name}}] The review of complaint {{tracking_no}} is complete. See the result at {{portal_url}}',
    },
  },

  satisfaction_request: {
    'zh-CN': {
      subject: '邀请您评价投诉处理服务（编号：{{tracking_no}}）',
      text:
        '尊敬的{{complainant_name}}：\n\n' +
        '您的投诉（编号：{{tracking_no}}）已处理完毕。为持续改进服务，诚邀您从以下四个方面对本次投诉处理作出评价：\n' +
        '1. 处理时效\n2. 解决效果\n3. 沟通质量\n4. 后续服务\n\n' +
        '评价地址：{{survey_url}}' +
        ZH_FOOTER_TEXT,
      html:
        '<p>尊敬的{{complainant_name}}：</p>\n' +
        '<p>您的投诉（编号：{{tracking_no}}）已处理完毕。为持续改进服务，诚邀您从以下四个方面对本次投诉处理作出评价：</p>\n' +
        '<ol><li>处理时效</li><li>解决效果</li><li>沟通质量</li><li>后续服务</li></ol>\n' +
        '<p><a href="{{survey_url}}">参与评价</a></p>\n' +
        ZH_FOOTER_HTML,
      sms: '【{{org_name}}】您的投诉（编号{{tracking_no}}）已办结，诚邀您对处理时效、解决效果、沟通质量和后续服务作出评价：{{survey_url}}',
    },
    en: {
      subject: 'How did we handle your complaint? (tracking number {{tracking_no}})',
      text:
        'Dear {{complainant_name}},\n\n' +
        'Your complaint (tracking number {{tracking_no}}) has been dealt with. To improve our service, please rate how we handled it on four points:\n' +
        '1. Handling time\n2. Resolution\n3. Communication\n4. Follow-up service\n\n' +
        'Survey: {{survey_url}}' +
        EN_FOOTER_TEXT,
      html:
        '<p>Dear {{complainant_name}},</p>\n' +
        '<p>Your complaint (tracking number {{tracking_no}}) has been dealt with. To improve our service, please rate how we handled it on four points:</p>\n' +
        '<ol><li>Handling time</li><li>Resolution</li><li>Communication</li><li>Follow-up service</li></ol>\n' +
        '<p><a href="{{survey_url}}">Take the survey</a></p>\n' +
        EN_FOOTER_HTML,
      sms: '[{{org_name}}] Complaint {{tracking_no}} is closed. Please rate our handling time, resolution, communication and follow-up: {{survey_url}}',
    },
  },

  follow_up: {
    'zh-CN': {
      subject: '投诉处理回访（编号：{{tracking_no}}）',
      text:
        '尊敬的{{complainant_name}}：\n\n' +
        '关于您的投诉（编号：{{tracking_no}}），我们对处理结果的落实情况进行了回访，情况如下：\n{{follow_up_summary}}\n\n' +
        '如问题仍未解决，或您有其他意见，请致电 {{service_hotline}} 或登录 {{portal_url}} 告诉我们。' +
        ZH_FOOTER_TEXT,
      html:
        '<p>尊敬的{{complainant_name}}：</p>\n' +
        '<p>关于您的投诉（编号：{{tracking_no}}），我们对处理结果的落实情况进行了回访，情况如下：</p>\n' +
        '<p>{{follow_up_summary}}</p>\n' +
        `<p>如问题仍未解决，或您有其他意见，请致电 {{service_hotline}} 或登录 ${portalLink} 告诉我们。</p>\n` +
        ZH_FOOTER_HTML,
      sms: '【{{org_name}}】我们已就您的投诉（编号{{tracking_no}}）的处理落实情况进行回访。如问题仍未解决，请致电{{service_hotline}}。',
    },
    en: {
      subject: 'Following up on your complaint (tracking number {{tracking_no}})',
      text:
        'Dear {{complainant_name}},\n\n' +
        'We followed up on how the decision on your complaint (tracking number {{tracking_no}}) was carried out:\n{{follow_up_summary}}\n\n' +
        'If the problem is not solved, or you have other comments, call {{service_hotline}} or tell us at {{portal_url}}.' +
        EN_FOOTER_TEXT,
      html:
        '<p>Dear {{complainant_name}},</p>\n' +
        '<p>We followed up on how the decision on your complaint (tracking number {{tracking_no}}) was carried out:</p>\n' +
        '<p>{{follow_up_summary}}</p>\n' +
        `<p>If the problem is not solved, or you have other comments, call {{service_hotline}} or tell us at ${portalLink}.</p>\n` +
        EN_FOOTER_HTML,
      sms: '[{{org_name}}] We followed up on complaint {{tracking_no}}. If the problem is not solved, call {{service_hotline}}',
    },
  },

  portal_otp: {
    'zh-CN': {
      subject: '投诉查询验证码',
      text:
        '您正在查询投诉处理进度，验证码为：{{otp_code}}\n\n' +
        '验证码{{otp_valid_minutes}}分钟内有效，仅限本人使用。请勿将验证码告知他人，我们的工作人员不会向您索要验证码。\n\n' +
        '如非本人操作，请忽略本邮件。' +
        ZH_FOOTER_TEXT,
      html:
        '<p>您正在查询投诉处理进度，验证码为：</p>\n' +
        '<p style="font-size:24px;letter-spacing:4px;"><strong>{{otp_code}}</strong></p>\n' +
        '<p>验证码{{otp_valid_minutes}}分钟内有效，仅限本人使用。请勿将验证码告知他人，我们的工作人员不会向您索要验证码。</p>\n' +
        '<p>如非本人操作，请忽略本邮件。</p>\n' +
        ZH_FOOTER_HTML,
      sms: '【{{org_name}}】您的投诉查询验证码为{{otp_code}}，{{otp_valid_minutes}}分钟内有效。请勿告知他人。',
    },
    en: {
      subject: 'Your complaint tracking code',
      text:
        'You asked to see the progress of your complaint. Your one-time code is: {{otp_code}}\n\n' +
        'It is valid for {{otp_valid_minutes}} minutes and only for you. Do not share it with anyone; our staff will never ask you for it.\n\n' +
        'If you did not ask for it, ignore this message.' +
        EN_FOOTER_TEXT,
      html:
        '<p>You asked to see the progress of your complaint. Your one-time code is:</p>\n' +
        '<p style="font-size:24px;letter-spacing:4px;"><strong>{{otp_code}}</strong></p>\n' +
        '<p>It is valid for {{otp_valid_minutes}} minutes and only for you. Do not share it with anyone; our staff will never ask you for it.</p>\n' +
        '<p>If you did not ask for it, ignore this message.</p>\n' +
        EN_FOOTER_HTML,
      sms: '[{{org_name}}] Your complaint tracking code is {{otp_code}}, valid for {{otp_valid_minutes}} minutes. Do not share it.',
    },
  },
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The shipped templates, one per kind, frozen (administrators edit copies). */
export const DEFAULT_TEMPLATES: Readonly<Record<TemplateKind, NotificationTemplate>> = deepFreeze(
  Object.fromEntries(
    (Object.keys(CONTENTS) as TemplateKind[]).map((kind) => [kind, { kind, locales: CONTENTS[kind] }]),
  ) as Record<TemplateKind, NotificationTemplate>,
);
