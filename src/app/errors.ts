// One catalogue of error codes: stable UPPER_SNAKE code → HTTP status and messages in zh-CN and en.
// docs/errors.md is generated from it (npm run docs:errors); a test keeps the two in step.
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容不符合要求', en: 'The request is not valid' },
  UNKNOWN_FIELD: { status: 400, zh: '请求包含不允许的字段', en: 'The request contains a field that is not allowed' },
  INVALID_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  INVALID_TEXT: { status: 400, zh: '文本包含不允许的字符（如 NUL 或无效 Unicode）', en: 'The text contains characters that are not allowed (NUL or invalid Unicode)' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型，请发送 JSON', en: 'Unsupported content type; send JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  INVALID_ID_NUMBER: { status: 400, zh: '身份证号码格式不正确', en: 'The resident ID number is malformed' },
  INVALID_ID_CHECKSUM: { status: 400, zh: '身份证号码校验位不正确', en: 'The resident ID number has a wrong check digit' },
  INVALID_ID_BIRTHDATE: { status: 400, zh: '身份证号码中的出生日期无效', en: 'The birth date in the resident ID number is not valid' },
  INVALID_PHONE: { status: 400, zh: '手机号码不正确', en: 'The mobile phone number is not valid' },
  INVALID_CARD_NUMBER: { status: 400, zh: '银行卡号不正确', en: 'The bank card number is not valid' },
  INVALID_EMAIL: { status: 400, zh: '电子邮箱地址不正确', en: 'The e-mail address is not valid' },
  C3_DATA_REFUSED: { status: 400, zh: '请勿提交密码、CVN2 安全码、卡片有效期等鉴别信息', en: 'Do not submit passwords, PINs, CVN2 codes or card expiry dates' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Authentication required' },
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码不正确', en: 'Wrong user name or password' },
  SESSION_EXPIRED: { status: 401, zh: '会话已过期，请重新登录', en: 'Your session has expired; sign in again' },
  MFA_REQUIRED: { status: 403, zh: '需要完成双因素认证', en: 'Two-factor authentication is required' },
  MFA_ENROLMENT_REQUIRED: { status: 403, zh: '您的角色要求先启用双因素认证', en: 'Your role requires two-factor authentication to be set up first' },
  INVALID_OTP: { status: 401, zh: '验证码不正确或已失效', en: 'The code is wrong or has expired' },
  INVALID_TOTP: { status: 401, zh: '动态验证码不正确或已使用', en: 'The authenticator code is wrong or was already used' },
  ACCOUNT_LOCKED: { status: 423, zh: '登录失败次数过多，账户已临时锁定，请稍后再试', en: 'Too many failed sign-ins; the account is locked for a while' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  CSRF_TOKEN_INVALID: { status: 403, zh: '缺少或错误的 CSRF 令牌', en: 'Missing or wrong CSRF token' },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限', en: 'You do not have permission to do this' },
  WEAK_PASSWORD: { status: 400, zh: '密码至少 12 个字符且不能是常见密码', en: 'The password must have at least 12 characters and not be a common one' },
  NOT_FOUND: { status: 404, zh: '资源不存在', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  COMPLAINT_NOT_FOUND: { status: 404, zh: '投诉不存在', en: 'Complaint not found' },
  USER_NOT_FOUND: { status: 404, zh: '用户不存在', en: 'User not found' },
  ORG_UNIT_NOT_FOUND: { status: 404, zh: '机构不存在', en: 'Org unit not found' },
  API_KEY_NOT_FOUND: { status: 404, zh: 'API 密钥不存在', en: 'API key not found' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已被使用', en: 'The user name is taken' },
  ORG_UNIT_CODE_TAKEN: { status: 409, zh: '机构代码已被使用', en: 'The org unit code is taken' },
  INVALID_ORG_PARENT: { status: 400, zh: '上级机构不合法', en: 'The parent org unit is not valid' },
  IDEMPOTENCY_CONFLICT: { status: 409, zh: '相同的幂等键已用于不同的请求内容', en: 'The Idempotency-Key was already used with a different request body' },
  INVALID_TRANSITION: { status: 409, zh: '当前状态下不允许此操作', en: 'This action is not allowed in the current state' },
  CONCURRENT_UPDATE: { status: 409, zh: '投诉已被他人修改，请刷新后重试', en: 'The complaint was changed by someone else; reload and try again' },
  INCOMPLETE_COMPLAINT: { status: 409, zh: '投诉信息不完整，无法受理', en: 'The complaint is incomplete and cannot be accepted' },
  REVIEW_WINDOW_CLOSED: { status: 409, zh: '申请核查的期限已过', en: 'The window for requesting a review has closed' },
  REVIEWER_CONFLICT: { status: 409, zh: '核查须由原处理人以外的人员作出', en: 'The review must be decided by someone other than the original handler' },
  EXTENSION_NOT_ALLOWED: { status: 409, zh: '不允许此次延期', en: 'This extension is not allowed' },
  ESCALATION_NOT_ALLOWED: { status: 409, zh: '不允许此次升级', en: 'This escalation is not allowed' },
  MERGE_NOT_ALLOWED: { status: 409, zh: '不允许合并这些投诉', en: 'These complaints cannot be merged' },
  NOT_SUPERIOR_UNIT: { status: 403, zh: '须由上级机构人员办理', en: 'This must be done by staff of the superior unit' },
  REFERRAL_REQUIRED: { status: 400, zh: '监管转办投诉须提供转办信息', en: 'A regulator referral needs its referral details' },
  REFERRAL_NOT_ALLOWED: { status: 400, zh: '只有监管转办渠道可以提供转办信息', en: 'Referral details are only for the regulator channel' },
  CODE_TABLE_NOT_FOUND: { status: 404, zh: '代码表版本不存在', en: 'No code table of this version' },
  UNKNOWN_CODE: { status: 400, zh: '编码不在当前代码表中', en: 'The code is not in the active code table' },
  CALENDAR_INVALID: { status: 400, zh: '节假日日历文件不合法', en: 'The holiday calendar file is not valid' },
  MODEL_INVALID: { status: 400, zh: '不是有效的 Kesu 分类模型文件（或与所选模型头不符）', en: 'Not a valid Kesu classifier model file (or not one for the chosen head)' },
  MODEL_LABELS_INVALID: { status: 400, zh: '模型的类别不在指引的五类或当前代码表中', en: 'The model has labels outside the guide\'s five categories or the active code table' },
  MODEL_EXISTS: { status: 409, zh: '相同的模型已经登记过', en: 'This model is already registered' },
  MODEL_NOT_FOUND: { status: 404, zh: '分类模型不存在', en: 'Classifier model not found' },
  MODEL_IS_SHIPPED: { status: 409, zh: '内置引导模型是默认模型，不能停用；启用另一个整体模型即可替换它', en: 'The shipped bootstrap model is the fallback and cannot be deactivated; activate another bundle to replace it' },
  DATA_DIR_LOCKED: { status: 503, zh: '数据目录正被另一个进程使用', en: 'The data folder is in use by another process' },
  NOT_READY: { status: 503, zh: '服务尚未就绪', en: 'The service is not ready' },
  INTERNAL_ERROR: { status: 500, zh: '服务器内部错误，请稍后再试', en: 'Internal server error; try again later' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details?: Record<string, unknown>,
    message?: string,
  ) {
    super(message ?? ERRORS[code].en);
    this.status = ERRORS[code].status;
  }
}

export type Locale = 'zh-CN' | 'en';

export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return locale === 'en' ? ERRORS[code].en : ERRORS[code].zh;
}
