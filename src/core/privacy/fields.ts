// JR/T 0171-2020 classes of the complainant's personal financial information, each field with its purpose
// (PIPL and R6-01: minimum necessary collection, explicit purpose), and the field-name lookup used to redact.

export type PiiClass = 'C1' | 'C2' | 'C3';

export interface Purpose {
  readonly zh: string;
  readonly en: string;
}

export interface FieldClassInfo {
  readonly class: PiiClass;
  readonly purpose: Purpose;
  /** Whether Kesu ever stores the field. C3 fields: never (refused at the door). */
  readonly stored: boolean;
}

/** Complainant fields and their classes. See docs/privacy.md for the reasoning behind each decision. */
export const COMPLAINANT_FIELDS = {
  name: {
    class: 'C2',
    stored: true,
    purpose: { zh: '识别投诉人身份、称呼投诉人', en: 'Identify and address the complainant' },
  },
  idNumber: {
    class: 'C2',
    stored: true,
    purpose: { zh: '核实投诉人身份，关联其账户与业务', en: "Verify the complainant's identity and link accounts" },
  },
  phone: {
    class: 'C2',
    stored: true,
    purpose: { zh: '联系投诉人、告知受理与处理结果', en: 'Contact the complainant and notify acceptance and results' },
  },
  email: {
    class: 'C2',
    stored: true,
    purpose: { zh: '以书面形式送达回执与处理决定', en: 'Deliver receipts and decisions in writing' },
  },
  address: {
    class: 'C2',
    stored: true,
    purpose: { zh: '邮寄书面处理决定、确定属地管理机构', en: 'Post written decisions; find the responsible branch' },
  },
  cardNumber: {
    class: 'C2',
    stored: true,
    purpose: { zh: '定位投诉涉及的银行卡及交易', en: 'Locate the card and transactions complained about' },
  },
  accountNumber: {
    class: 'C2',
    stored: true,
    purpose: { zh: '定位投诉涉及的账户及交易', en: 'Locate the account and transactions complained about' },
  },
  customerNo: {
    class: 'C2',
    stored: true,
    purpose: { zh: '关联机构内部客户信息、识别重复投诉', en: 'Link internal customer records; detect repeat complaints' },
  },
  loginName: {
    class: 'C2',
    stored: true,
    purpose: { zh: '排查电子渠道登录与交易问题', en: 'Investigate online-channel login and transaction problems' },
  },
  oneTimeCode: {
    class: 'C2',
    stored: false,
    purpose: { zh: '仅用于客户门户的一次性验证，不入库', en: 'Portal one-time verification only; not stored' },
  },
  preferredChannel: {
    class: 'C1',
    stored: true,
    purpose: { zh: '按投诉人选择的方式反馈', en: "Reply by the complainant's chosen channel" },
  },
  preferredLanguage: {
    class: 'C1',
    stored: true,
    purpose: { zh: '以投诉人使用的语言沟通', en: "Communicate in the complainant's language" },
  },
  password: {
    class: 'C3',
    stored: false,
    purpose: { zh: '不收集：鉴别信息，处理投诉无需', en: 'Never collected: authentication data, never needed' },
  },
  pin: {
    class: 'C3',
    stored: false,
    purpose: { zh: '不收集：鉴别信息，处理投诉无需', en: 'Never collected: authentication data, never needed' },
  },
  cvn: {
    class: 'C3',
    stored: false,
    purpose: { zh: '不收集：卡片验证码', en: 'Never collected: card verification number' },
  },
  cardExpiry: {
    class: 'C3',
    stored: false,
    purpose: { zh: '不收集：卡片有效期', en: 'Never collected: card expiry date' },
  },
  trackData: {
    class: 'C3',
    stored: false,
    purpose: { zh: '不收集：磁道信息', en: 'Never collected: card track data' },
  },
} as const satisfies Record<string, FieldClassInfo>;

export type ComplainantField = keyof typeof COMPLAINANT_FIELDS;

/** Field names (lower case, without '_' and '-') that mean a known field. */
const ALIASES: Readonly<Record<string, ComplainantField>> = (() => {
  const table: Record<ComplainantField, string[]> = {
    name: ['name', 'fullname', 'realname', 'complainantname', 'customername', 'contactname', 'holdername'],
    idNumber: ['idnumber', 'idno', 'idcard', 'idcardno', 'idcardnumber', 'certno', 'certificateno', 'certificatenumber', 'identityno', 'identitynumber'],
    phone: ['phone', 'phonenumber', 'phoneno', 'mobile', 'mobileno', 'mobilephone', 'mobilenumber', 'cellphone', 'tel', 'telephone', 'contactphone'],
    email: ['email', 'emailaddress', 'mail', 'mailaddress'],
    address: ['address', 'addr', 'homeaddress', 'contactaddress', 'mailingaddress', 'postaladdress'],
    cardNumber: ['cardnumber', 'cardno', 'bankcard', 'bankcardno', 'bankcardnumber', 'pan'],
    accountNumber: ['accountnumber', 'accountno', 'acctno', 'bankaccount', 'bankaccountno'],
    customerNo: ['customerno', 'customernumber', 'custno', 'clientno'],
    loginName: ['loginname', 'loginid'],
    oneTimeCode: ['onetimecode', 'otp', 'verificationcode', 'smscode'],
    preferredChannel: ['preferredchannel'],
    preferredLanguage: ['preferredlanguage'],
    password: ['password', 'passwd', 'pwd', 'passcode'],
    pin: ['pin', 'pincode'],
    cvn: ['cvn', 'cvn2', 'cvv', 'cvv2', 'cvc', 'cvc2', 'securitycode'],
    cardExpiry: ['cardexpiry', 'cardexpirydate', 'cardexpirationdate', 'validthru'],
    trackData: ['trackdata', 'track1', 'track2'],
  };
  const out: Record<string, ComplainantField> = {};
  for (const [field, aliases] of Object.entries(table) as [ComplainantField, string[]][]) {
    for (const a of aliases) out[a] = field;
  }
  return out;
})();

/** Endings that still mean the field when prefixed (complainantPhone, new_id_number, payerCardNo …). */
const SUFFIXES: readonly [string, ComplainantField][] = [
  ['idnumber', 'idNumber'], ['idno', 'idNumber'], ['idcardno', 'idNumber'],
  ['phone', 'phone'], ['mobile', 'phone'], ['phonenumber', 'phone'],
  ['email', 'email'],
  ['address', 'address'],
  ['cardno', 'cardNumber'], ['cardnumber', 'cardNumber'],
  ['accountno', 'accountNumber'], ['accountnumber', 'accountNumber'],
  ['password', 'password'],
];

/** Field names that end like a personal field but are not one. */
const NOT_PERSONAL = new Set(['ipaddress', 'serveraddress', 'macaddress', 'unitphone', 'hotlinephone']);

/**
 * The complainant field a property name refers to, or null. Case, '_' and '-' are ignored
 * ('id_number', 'IDNumber', 'complainantPhone' all match).
 */
export function classifyFieldName(name: string): ComplainantField | null {
  const key = name.toLowerCase().replace(/[_\-\s]/g, '');
  if (NOT_PERSONAL.has(key)) return null;
  const exact = ALIASES[key];
  if (exact) return exact;
  for (const [suffix, field] of SUFFIXES) if (key.endsWith(suffix)) return field;
  return null;
}

/** The JR/T 0171 class of a property name, or null when it is not a personal field. */
export function piiClassOf(name: string): PiiClass | null {
  const f = classifyFieldName(name);
  return f ? COMPLAINANT_FIELDS[f].class : null;
}
