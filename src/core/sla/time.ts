// Instants and Asia/Shanghai civil dates, independent of the process time zone.
// China has observed no daylight-saving time since 1991, so Asia/Shanghai is a fixed UTC+08:00 offset.

/** An instant: a Date, or an ISO 8601 date-time string that carries `Z` or a `±hh:mm` offset. */
export type Instant = Date | string;

/** A civil (calendar) date in Asia/Shanghai, formatted `YYYY-MM-DD`. */
export type CivilDate = string;

export const ASIA_SHANGHAI_UTC_OFFSET_MS = 8 * 3_600_000;
export const ASIA_SHANGHAI_OFFSET_LABEL = '+08:00';
export const MS_PER_DAY = 86_400_000;
export const MS_PER_HOUR = 3_600_000;

export class InvalidTimeError extends RangeError {
  readonly code: 'INVALID_INSTANT' | 'INVALID_DATE';
  constructor(code: 'INVALID_INSTANT' | 'INVALID_DATE', message: string) {
    super(message);
    this.name = 'InvalidTimeError';
    this.code = code;
  }
}

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/**
 * Milliseconds since the epoch for an instant. Strings must carry an offset: a date-time without one
 * would otherwise be read in the process's own zone, which is exactly the ambiguity this module removes.
 */
export function parseInstant(instant: Instant): number {
  if (instant instanceof Date) {
    const ms = instant.getTime();
    if (Number.isNaN(ms)) throw new InvalidTimeError('INVALID_INSTANT', 'Invalid Date');
    return ms;
  }
  const m = INSTANT_RE.exec(instant);
  if (!m) {
    throw new InvalidTimeError(
      'INVALID_INSTANT',
      `not an ISO date-time with offset (e.g. 2025-01-27T10:00:00+08:00): ${JSON.stringify(instant)}`,
    );
  }
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const s = Number(m[6] ?? 0);
  const frac = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  const offH = Number(m[10] ?? 0);
  const offM = Number(m[11] ?? 0);
  if (!validYmd(y, mo, d) || h > 23 || mi > 59 || s > 59 || offH > 23 || offM > 59) {
    throw new InvalidTimeError('INVALID_INSTANT', `date-time out of range: ${JSON.stringify(instant)}`);
  }
  const sign = m[9] === '-' ? -1 : 1;
  const offsetMs = m[8] ? 0 : sign * (offH * 60 + offM) * 60_000;
  return Date.UTC(y, mo - 1, d, h, mi, s, frac) - offsetMs;
}

export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  return m !== null && validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Days since 1970-01-01 for a civil date (the date's own label, no zone involved). */
export function epochDayOf(date: CivilDate): number {
  const m = DATE_RE.exec(date);
  if (!m || !validYmd(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new InvalidTimeError('INVALID_DATE', `not a valid YYYY-MM-DD date: ${JSON.stringify(date)}`);
  }
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
}

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** Year, month (1–12) and day of an epoch day (H. Hinnant's civil_from_days; no Date allocation). */
function ymdOfEpochDay(day: number): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function civilDateOfEpochDay(day: number): CivilDate {
  const [y, m, d] = ymdOfEpochDay(day);
  return `${String(y).padStart(4, '0')}-${PAD2[m]}-${PAD2[d]}`;
}

/** Year of an epoch day. */
export function yearOfEpochDay(day: number): number {
  return ymdOfEpochDay(day)[0];
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The Asia/Shanghai epoch day on which an instant (ms) falls. */
export function shanghaiEpochDay(ms: number): number {
  return Math.floor((ms + ASIA_SHANGHAI_UTC_OFFSET_MS) / MS_PER_DAY);
}

/** First millisecond of an Asia/Shanghai epoch day. */
export function startOfShanghaiDayMs(day: number): number {
  return day * MS_PER_DAY - ASIA_SHANGHAI_UTC_OFFSET_MS;
}

/** 23:59:59.000 Asia/Shanghai of an epoch day: the instant a day-based deadline ends. */
export function endOfShanghaiDayMs(day: number): number {
  return startOfShanghaiDayMs(day + 1) - 1000;
}

/** ISO string with the +08:00 offset; milliseconds only when non-zero. */
export function formatShanghai(ms: number): string {
  if (!Number.isFinite(ms)) throw new InvalidTimeError('INVALID_INSTANT', `not a finite instant: ${ms}`);
  const local = ms + ASIA_SHANGHAI_UTC_OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  let rest = local - day * MS_PER_DAY;
  const msPart = rest % 1000;
  rest = (rest - msPart) / 1000;
  const time = `${PAD2[Math.floor(rest / 3600)]}:${PAD2[Math.floor(rest / 60) % 60]}:${PAD2[rest % 60]}`;
  const frac = msPart === 0 ? '' : `.${String(msPart).padStart(3, '0')}`;
  return `${civilDateOfEpochDay(day)}T${time}${frac}${ASIA_SHANGHAI_OFFSET_LABEL}`;
}

/** The Asia/Shanghai civil date of an instant, e.g. 2025-01-26T16:30:00Z → 2025-01-27. */
export function toShanghaiDate(instant: Instant): CivilDate {
  return civilDateOfEpochDay(shanghaiEpochDay(parseInstant(instant)));
}

/** The instant a day-based deadline ending on `date` expires: `YYYY-MM-DDT23:59:59+08:00`. */
export function endOfDayShanghai(date: CivilDate): string {
  return formatShanghai(endOfShanghaiDayMs(epochDayOf(date)));
}

/** `YYYY-MM-DDT00:00:00+08:00`. */
export function startOfDayShanghai(date: CivilDate): string {
  return formatShanghai(startOfShanghaiDayMs(epochDayOf(date)));
}

/** An instant re-expressed with the +08:00 offset. */
export function toShanghaiIso(instant: Instant): string {
  return formatShanghai(parseInstant(instant));
}
