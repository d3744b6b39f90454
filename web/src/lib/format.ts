// Times in Asia/Shanghai (whatever the browser's zone), amounts in yuan with thousands separators.
/** The console's languages (same union as i18n's Lang; kept here so this module has no UI imports). */
type Lang = 'zh-CN' | 'en';

export const TIME_ZONE = 'Asia/Shanghai';

const dtCache = new Map<string, Intl.DateTimeFormat>();
function dtf(lang: Lang, kind: 'datetime' | 'date'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = dtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(kind === 'datetime' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    dtCache.set(key, f);
  }
  return f;
}

export function fmtDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dtf(lang, 'datetime').format(d);
}

export function fmtDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : dtf(lang, 'date').format(d);
}

const numCache = new Map<string, Intl.NumberFormat>();
export function fmtAmount(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined) return '—';
  let f = numCache.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: true });
    numCache.set(lang, f);
  }
  return `${n < 0 ? '-' : ''}¥${f.format(Math.abs(n))}`;
}

export function fmtInt(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN').format(n);
}

/** Days / hours / minutes of a duration, largest two units (e.g. 2 d 3 h). */
export function durationParts(ms: number): Array<['d' | 'h' | 'm', number]> {
  const m = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  const parts: Array<['d' | 'h' | 'm', number]> = [];
  if (d) parts.push(['d', d]);
  if (h || d) parts.push(['h', h]);
  if (!d) parts.push(['m', min]);
  return parts.slice(0, 2);
}

/** The current time in Asia/Shanghai as a value for <input type="datetime-local">. */
export function shanghaiLocalInput(d: Date = new Date()): string {
  const s = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return s.slice(0, 16);
}

/** A datetime-local value read as Asia/Shanghai wall time → ISO instant with +08:00. */
export function fromShanghaiLocalInput(v: string): string {
  return `${v.length === 16 ? `${v}:00` : v}+08:00`;
}
