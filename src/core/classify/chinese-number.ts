// Numbers written with Chinese numerals, Arabic digits or a mix: 三万五千 → 35000, 3万5 → 35000, 1.8万 → 18000,
// 两千五 → 2500 (colloquial: the unit after the last one is implied), 壹仟贰佰 → 1200, 十五 → 15.

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4, 五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

/** Characters that may appear in a numeral (Chinese digits and units, Arabic digits, decimal point). */
export const NUMERAL_CHARS = '零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億0123456789.';

/** Parse a numeral; undefined when the string is not one. */
export function parseChineseNumber(input: string): number | undefined {
  const s = input.replace(/[,，\s]/g, '');
  if (!s) return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  let total = 0; // value of completed 万/亿 groups
  let section = 0; // value inside the current group
  let number = 0; // pending digit value
  let hasNumber = false;
  let lastUnit = 0; // the last unit seen, for colloquial elision (三万五 = 三万五千)
  let zeroSinceUnit = false;
  let i = 0;
  let sawAnything = false;
  while (i < s.length) {
    const ch = s[i] as string;
    if (/[\d.]/.test(ch)) {
      let j = i;
      while (j < s.length && /[\d.]/.test(s[j] as string)) j++;
      const run = s.slice(i, j);
      if (!/^\d+(\.\d+)?$/.test(run)) return undefined;
      number = Number(run);
      hasNumber = true;
      sawAnything = true;
      i = j;
      continue;
    }
    if (ch in DIGITS) {
      const d = DIGITS[ch] as number;
      if (d === 0) {
        zeroSinceUnit = true;
        number = 0;
        hasNumber = false;
      } else {
        number = d;
        hasNumber = true;
      }
      sawAnything = true;
      i++;
      continue;
    }
    if (ch in SMALL_UNITS) {
      const u = SMALL_UNITS[ch] as number;
      section += (hasNumber ? number : 1) * u;
      number = 0;
      hasNumber = false;
      lastUnit = u;
      zeroSinceUnit = false;
      sawAnything = true;
      i++;
      continue;
    }
    if (ch in BIG_UNITS) {
      const u = BIG_UNITS[ch] as number;
      const group = section + (hasNumber ? number : 0);
      if (!sawAnything) return undefined;
      if (u === 1e8) total = (total + group) * u;
      else total += (group === 0 ? 1 : group) * u;
      section = 0;
      number = 0;
      hasNumber = false;
      lastUnit = u;
      zeroSinceUnit = false;
      i++;
      continue;
    }
    return undefined;
  }
  if (!sawAnything) return undefined;
  if (hasNumber && lastUnit >= 10 && !zeroSinceUnit && Number.isInteger(number) && number < 10) {
    // 三万五 → 五 means 五千; 两千五 → 五百; 一百五 → 五十; 十五 stays 15 (10 / 10 = 1).
    number *= lastUnit === 1e4 ? 1000 : lastUnit === 1e8 ? 1e7 : lastUnit / 10;
  }
  const value = total + section + number;
  return Number.isFinite(value) ? value : undefined;
}
