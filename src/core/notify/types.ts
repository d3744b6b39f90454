// Types of the notification layer: template kinds, locales, channels, variables.
// Pure data; no I/O.

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Delivery channels rendered by a template (the portal shows the e-mail text). */
export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TEMPLATE_KINDS = [
  'acknowledgement',
  'information_request',
  'extension_notice',
  'decision_notice',
  'review_outcome',
  'satisfaction_request',
  'follow_up',
  'portal_otp',
] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** One locale's text of a template. `{{name}}` placeholders; `html` is a fragment wrapped in a document at render. */
export interface TemplateContent {
  /** E-mail subject, plain text. */
  readonly subject: string;
  /** E-mail plain-text body (also what the portal shows). No HTML markup. */
  readonly text: string;
  /** E-mail HTML body fragment; values are HTML-escaped when rendered. */
  readonly html: string;
  /** SMS body, plain text; only SMS-safe variables (no personal data beyond the tracking number). */
  readonly sms: string;
}

/** A template is data: administrators edit it, the database layer versions it. */
export interface NotificationTemplate {
  readonly kind: TemplateKind;
  readonly locales: Readonly<Record<Locale, TemplateContent>>;
}

export type TemplateField = keyof TemplateContent;
export const TEMPLATE_FIELDS: readonly TemplateField[] = ['subject', 'text', 'html', 'sms'];

/** A value given to a placeholder. Dates are formatted per locale in Asia/Shanghai; lists are joined. */
export type TemplateValue = string | number | Date | readonly string[];
export type TemplateVars = Readonly<Record<string, TemplateValue | null | undefined>>;

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface SmsSegmentation {
  /** `gsm7` when every character is in the GSM 03.38 alphabet, otherwise `ucs2` (any Chinese character). */
  readonly encoding: 'gsm7' | 'ucs2';
  /** Number of SMS segments billed. */
  readonly segments: number;
  /** Capacity of one segment: 160/70 for a single message, 153/67 for each part of a concatenated one. */
  readonly perSegment: number;
  /** Length in septets (gsm7, extension characters count 2) or UTF-16 code units (ucs2). */
  readonly units: number;
}

export interface RenderedSms extends SmsSegmentation {
  readonly text: string;
}

export interface RenderedNotification {
  readonly kind: TemplateKind;
  readonly locale: Locale;
  /** Present when the `email` channel was rendered. */
  readonly email?: RenderedEmail;
  /** Present when the `sms` channel was rendered. */
  readonly sms?: RenderedSms;
}
