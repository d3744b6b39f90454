// The one API client: JSON in and out, the CSRF token on every non-GET request, Accept-Language from the
// console's language, and the error envelope {"error":{"code","message","details"}} mapped once to ApiError.
import { currentLang, translate } from '../i18n/index.tsx';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type AuthListener = (e: ApiError) => void;
const authListeners = new Set<AuthListener>();
/** Called when a request finds the session gone (401), so the console can show the sign-in screen. */
export function onAuthLost(l: AuthListener): () => void {
  authListeners.add(l);
  return () => authListeners.delete(l);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function qs(params: Query): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** A body sent as it is (a file's bytes or text) instead of `body` as JSON; content type from `headers`, else JSON. */
  raw?: Blob | string;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const lang = currentLang();
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': lang === 'en' ? 'en' : 'zh-CN' };
  if (body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  Object.assign(headers, opts.headers ?? {});
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(opts.raw !== undefined ? { body: opts.raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK_ERROR', translate(lang, 'error.network'));
  }
  const text = await res.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const env = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
    const err = new ApiError(
      res.status,
      typeof env?.code === 'string' ? env.code : `HTTP_${res.status}`,
      typeof env?.message === 'string' ? env.message : translate(lang, 'error.http', { status: res.status }),
      env?.details,
    );
    if (res.status === 401 && !path.startsWith('/auth/')) for (const l of authListeners) l(err);
    throw err;
  }
  return json as T;
}

export const api = {
  get: <T,>(path: string, opts?: { signal?: AbortSignal }) => request<T>('GET', path, undefined, opts),
  post: <T,>(path: string, body?: unknown, opts?: { headers?: Record<string, string> }) => request<T>('POST', path, body, opts),
  patch: <T,>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T,>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T,>(path: string) => request<T>('DELETE', path),
  /** POST a file as the request body (e.g. a model file), not wrapped in JSON. */
  upload: <T,>(path: string, file: Blob | string, contentType = 'application/json') => request<T>('POST', path, undefined, { raw: file, headers: { 'content-type': contentType } }),
};

/** The text to show for any failure: the server's localised message, or a generic one. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return translate(currentLang(), 'error.unexpected');
}
