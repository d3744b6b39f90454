// Small text helpers shared by the privacy module.

/**
 * Folds full-width ASCII (U+FF01–U+FF5E) to ASCII and the ideographic space (U+3000) to a space.
 * One UTF-16 unit in, one out, so indices found in the folded text are valid in the original text
 * (unlike NFKC, which may change lengths).
 */
export function foldWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}

/** Calendar date (year, month 1–12, day) in Asia/Shanghai (UTC+8, no DST since 1991) of an instant. */
export function shanghaiYmd(instant: Date): { year: number; month: number; day: number } {
  const d = new Date(instant.getTime() + 8 * 3_600_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
