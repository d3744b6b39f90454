// Feature extraction: jieba words plus character n-grams of the normalised text.
// Numbers are collapsed (`0`) and masks (`***`) shortened, so that amounts and dates do not become rare features.
import { normalizeText } from './normalize.ts';
import { segment } from './segment.ts';

export interface FeatureOptions {
  /** Smallest and largest character n-gram (inclusive); 0 turns n-grams off. */
  charNgramMin: number;
  charNgramMax: number;
  /** jieba words (prefixed `w:`). */
  words: boolean;
  /** Pairs of neighbouring jieba words (prefixed `b:`). */
  wordBigrams: boolean;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  charNgramMin: 1,
  charNgramMax: 3,
  words: true,
  wordBigrams: true,
};

// Characters that end a run for n-grams: punctuation and spaces (ASCII and CJK).
const BOUNDARY = /[\s!-/:-@[-`{-~\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\u2010-\u206f\u00b7]+/;
const PUNCT_ONLY = /^[\s!-/:-@[-`{-~\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\u2010-\u206f\u00b7]*$/;

/** Text as the features see it: normalised, digit runs → `0`, masks → `*`. */
export function featureText(text: string): string {
  return normalizeText(text)
    .replace(/\d+(?:\.\d+)?/g, '0')
    .replace(/[*＊xX]{2,}/g, '*');
}

/** Count every feature of `text` into `counts`. */
export function extractFeatures(text: string, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): Map<string, number> {
  const counts = new Map<string, number>();
  const t = featureText(text);
  const add = (key: string): void => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  if (options.charNgramMax > 0) {
    const lo = Math.max(1, options.charNgramMin);
    for (const run of t.split(BOUNDARY)) {
      const n = run.length;
      for (let i = 0; i < n; i++) {
        for (let len = lo; len <= options.charNgramMax && i + len <= n; len++) add(run.slice(i, i + len));
      }
    }
  }
  if (options.words || options.wordBigrams) {
    let prev = '';
    for (const w of segment(t)) {
      if (PUNCT_ONLY.test(w)) {
        prev = '';
        continue;
      }
      if (options.words && w.length >= 2) add('w:' + w);
      if (options.wordBigrams && prev) add('b:' + prev + '|' + w);
      prev = w;
    }
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------------------------
// Hashed features for fast prediction: the same features as extractFeatures, visited as pairs of 32-bit hashes
// computed from the characters (no substring is created). A vocabulary is indexed by the same hashes
// (`featureHash`); two independent hashes make a false match practically impossible.

const FNV_BASIS = 0x811c9dc5 | 0;
const H2_BASIS = 0x9747b28c | 0;

function step1(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}
function step2(h: number, c: number): number {
  const x = Math.imul(h ^ c, 0x5bd1e995);
  return x ^ (x >>> 13);
}

/** The two hashes of a feature key (as produced by extractFeatures). */
export function featureHash(key: string): [number, number] {
  let h1 = FNV_BASIS;
  let h2 = H2_BASIS;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = step1(h1, c);
    h2 = step2(h2, c);
  }
  return [h1 | 0, h2 | 0];
}

// Same set as BOUNDARY, as a predicate on char codes.
function isBoundary(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    (c >= 0x20 && c <= 0x2f) ||
    (c >= 0x3a && c <= 0x40) ||
    (c >= 0x5b && c <= 0x60) ||
    (c >= 0x7b && c <= 0x7e) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xff00 && c <= 0xff0f) ||
    (c >= 0xff1a && c <= 0xff20) ||
    (c >= 0x2010 && c <= 0x206f) ||
    c === 0x00b7 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0xfeff
  );
}

/** True when every character of `s` is punctuation or space (the words PUNCT_ONLY matches; also true for ''). */
function isPunctuationOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isBoundary(s.charCodeAt(i))) return false;
  return true;
}

// Hash states after the prefixes of word and word-pair keys (`w:`, `b:`), so that a key's hash continues from them.
const [W1, W2] = hashState('w:');
const [B1, B2] = hashState('b:');
function hashState(prefix: string): [number, number] {
  let h1 = FNV_BASIS;
  let h2 = H2_BASIS;
  for (let i = 0; i < prefix.length; i++) {
    h1 = step1(h1, prefix.charCodeAt(i));
    h2 = step2(h2, prefix.charCodeAt(i));
  }
  return [h1, h2];
}

/** Visit the hash pair of every feature occurrence of `text` (a feature seen twice is visited twice). */
export function forEachFeatureHash(
  text: string,
  options: FeatureOptions,
  visit: (h1: number, h2: number) => void,
): void {
  const t = featureText(text);
  if (options.charNgramMax > 0) {
    const lo = Math.max(1, options.charNgramMin);
    const hi = options.charNgramMax;
    const n = t.length;
    let runStart = 0;
    for (let i = 0; i <= n; i++) {
      if (i < n && !isBoundary(t.charCodeAt(i))) continue;
      // run = t[runStart, i)
      for (let a = runStart; a < i; a++) {
        let h1 = FNV_BASIS;
        let h2 = H2_BASIS;
        for (let len = 1; len <= hi && a + len <= i; len++) {
          const c = t.charCodeAt(a + len - 1);
          h1 = step1(h1, c);
          h2 = step2(h2, c);
          if (len >= lo) visit(h1 | 0, h2 | 0);
        }
      }
      runStart = i + 1;
    }
  }
  if (options.words || options.wordBigrams) {
    // `w:` + word, and `b:` + previous word + `|` + word, hashed without building the keys.
    let prev = '';
    for (const w of segment(t)) {
      if (isPunctuationOnly(w)) {
        prev = '';
        continue;
      }
      if (options.words && w.length >= 2) {
        let h1 = W1;
        let h2 = W2;
        for (let i = 0; i < w.length; i++) {
          const c = w.charCodeAt(i);
          h1 = step1(h1, c);
          h2 = step2(h2, c);
        }
        visit(h1 | 0, h2 | 0);
      }
      if (options.wordBigrams && prev) {
        let h1 = B1;
        let h2 = B2;
        for (let i = 0; i < prev.length; i++) {
          const c = prev.charCodeAt(i);
          h1 = step1(h1, c);
          h2 = step2(h2, c);
        }
        h1 = step1(h1, 0x7c); // '|'
        h2 = step2(h2, 0x7c);
        for (let i = 0; i < w.length; i++) {
          const c = w.charCodeAt(i);
          h1 = step1(h1, c);
          h2 = step2(h2, c);
        }
        visit(h1 | 0, h2 | 0);
      }
      prev = w;
    }
  }
}
