// The portal API client: JSON over fetch, the UI language in Accept-Language, the CSRF token for portal writes.
import type { Lang } from './i18n/index.ts';

const BASE = '/api/v1/portal';
const CSRF_KEY = 'kesu.portal.csrf';

export interface TimelineEntry {
  at: string;
  event: string;
  label: { zh: string; en: string };
}

export interface Decision {
  outcome: string;
  remedy: string;
  factsChecked: string;
  basisAndReasons: string;
  remediesOpen: string[];
  notifiedAt: string;
}

export interface PortalView {
  trackingNo: string;
  status: string;
  receivedAt: string;
  missing: string[];
  content: string;
  demand: string;
  timeline: TimelineEntry[];
  decision: Decision | null;
  reviewWindowClosesOn: string | null;
  canSupplyInformation: boolean;
  canRate: boolean;
  canRequestReview: boolean;
  review: { status: string; result: unknown } | null;
}

export interface SubmitInput {
  complainant: { name: string; idNumber?: string; phone?: string; email?: string };
  content: string;
  demand: string;
  amount?: number;
  productName?: string;
  consent: true;
  website?: string;
}

export interface InformationInput {
  note?: string;
  content?: string;
  demand?: string;
  complainant?: { phone?: string; email?: string };
}

export type Dimension = 'handlingTime' | 'resolution' | 'communication' | 'followUpService';
export const DIMENSIONS: readonly Dimension[] = ['handlingTime', 'resolution', 'communication', 'followUpService'];
export const LEVELS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Level = (typeof LEVELS)[number];

export interface RatingInput {
  level: Level;
  scores: Record<Dimension, number>;
  comment?: string;
}

/** A failed call: `code` is the server's error code ('NETWORK' when the server was not reached). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function storedCsrf(): string | null {
  try {
    return window.sessionStorage.getItem(CSRF_KEY);
  } catch {
    return null;
  }
}

function storeCsrf(token: string | null): void {
  try {
    if (token) window.sessionStorage.setItem(CSRF_KEY, token);
    else window.sessionStorage.removeItem(CSRF_KEY);
  } catch {
    // the session then lasts for this page only
  }
}

let csrf: string | null = storedCsrf();

async function call<T>(lang: Lang, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': lang === 'en' ? 'en' : 'zh-CN' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(BASE + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'HTTP_' + res.status, err?.message ?? '', err?.details ?? {});
  }
  return data as T;
}

export const portalApi = {
  submit: (lang: Lang, input: SubmitInput) => call<{ trackingNo: string }>(lang, 'POST', '/complaints', input),
  requestCode: (lang: Lang, trackingNo: string, via?: 'sms' | 'email') =>
    call<{ sent: true }>(lang, 'POST', '/otp', via ? { trackingNo, via } : { trackingNo }),
  async signIn(lang: Lang, trackingNo: string, code: string): Promise<void> {
    const r = await call<{ csrfToken: string }>(lang, 'POST', '/session', { trackingNo, code });
    csrf = r.csrfToken;
    storeCsrf(csrf);
  },
  complaint: (lang: Lang) => call<PortalView>(lang, 'GET', '/complaint'),
  supplyInformation: (lang: Lang, input: InformationInput) => call<PortalView>(lang, 'POST', '/complaint/information', input),
  rate: (lang: Lang, input: RatingInput) => call<PortalView>(lang, 'POST', '/complaint/satisfaction', input),
  requestReview: (lang: Lang, reason: string) => call<PortalView>(lang, 'POST', '/complaint/review', { reason }),
  async signOut(lang: Lang): Promise<void> {
    try {
      await call<{ ok: true }>(lang, 'POST', '/logout', {});
    } finally {
      csrf = null;
      storeCsrf(null);
    }
  },
  forget(): void {
    csrf = null;
    storeCsrf(null);
  },
};

/** Session-ending errors: the customer must request a new code. */
export function isSignedOut(e: unknown): boolean {
  return e instanceof ApiError && e.status === 401;
}
