// The portal's own small message catalogues (zh-CN first, English beside) and date formatting.
import { createContext, useContext } from 'react';
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';

export type Lang = 'zh-CN' | 'en';
export type MessageKey = keyof typeof zhCN;

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const LANG_KEY = 'kesu.portal.lang';
/** Customers and the review window are on Beijing time, wherever the browser is. */
const TIME_ZONE = 'Asia/Shanghai';

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = CATALOGUES[lang][key] ?? CATALOGUES['zh-CN'][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function initialLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh-CN') return fromUrl;
  try {
    const saved = window.localStorage.getItem(LANG_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // storage may be blocked: fall back to the default
  }
  return 'zh-CN';
}

export function saveLang(lang: Lang): void {
  try {
    window.localStorage.setItem(LANG_KEY, lang);
  } catch {
    // not fatal
  }
}

/** An instant (ISO string) as a date and time in Beijing. */
export function formatDateTime(lang: Lang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** A calendar day ('YYYY-MM-DD', already a Beijing date) spelled out. */
export function formatDay(lang: Lang, day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(d);
}

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({ lang: 'zh-CN', t: (k, p) => translate('zh-CN', k, p), setLang: () => {} });

export function useI18n(): I18n {
  return useContext(I18nContext);
}
