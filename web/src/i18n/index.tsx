// Message catalogues (one per language) and the hook components use: t(key, vars) and te(prefix, value) for
// enumerations. The language is remembered in localStorage and sent to the API as Accept-Language.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import zhCN, { type MessageKey } from './zh-CN.ts';
import en from './en.ts';

export type Lang = 'zh-CN' | 'en';
export type { MessageKey };
export type Vars = Record<string, string | number>;

const CATALOGUES: Record<Lang, Readonly<Record<MessageKey, string>>> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'kesu.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let current: Lang = initialLang();

/** The language in use (read by the API client for Accept-Language). */
export function currentLang(): Lang {
  return current;
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const s = CATALOGUES[lang][key] ?? CATALOGUES['zh-CN'][key] ?? key;
  return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
}

/** Label of an enumeration value (state, category, channel …); unknown values are shown as they are. */
export function translateEnum(lang: Lang, prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${prefix}.${value}`;
  return key in CATALOGUES[lang] ? CATALOGUES[lang][key as MessageKey] : value;
}

export function hasMessage(key: string): key is MessageKey {
  return key in zhCN;
}

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Vars): string;
  te(prefix: string, value: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(current);
  const setLang = useCallback((l: Lang) => {
    current = l;
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: keep it for this page only */
    }
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      te: (prefix, v) => translateEnum(lang, prefix, v),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
