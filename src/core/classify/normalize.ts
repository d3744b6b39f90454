// Text normalisation before segmentation and feature extraction.
// `foldWidth` keeps every character at its index (entity positions refer to the original text);
// `normalizeText` is free to change lengths and is used only for classification features.
import { Converter } from 'opencc-js/t2cn';

let toSimplifiedConverter: ((text: string) => string) | undefined;

const WIDE = /[\uff01-\uff5e\u3000]/;

/** Full-width ASCII (！＂＃…～) → half-width, ideographic space → space. One UTF-16 unit in, one out. */
export function foldWidth(text: string): string {
  if (!WIDE.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}

// Variant spellings that OpenCC leaves alone but that mean the same thing in complaints.
const VARIANTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/帐(户|号|单|务|目)/g, '账$1'],
  [/(到|入|转|对|记|查|赖|算|销)帐/g, '$1账'],
];

// Entity extraction, urgency rules and features all convert the same text: remember the last conversion.
let lastInput = '';
let lastOutput = '';

/** Traditional (and Hong Kong / Taiwan) characters → simplified, plus a few variant spellings. */
export function toSimplified(text: string): string {
  if (text === lastInput) return lastOutput;
  const convert = (toSimplifiedConverter ??= Converter({ from: 't', to: 'cn' }));
  let out = convert(text);
  for (const [re, rep] of VARIANTS) out = out.replace(re, rep);
  lastInput = text;
  lastOutput = out;
  return out;
}

// Zero-width and other invisible characters that appear in pasted text.
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff\u00ad]/g;

/**
 * Normalise for classification: width folding, traditional → simplified, Latin lower case,
 * invisible characters removed, every run of white space (including line breaks) → one space, trimmed.
 */
export function normalizeText(text: string): string {
  let t = foldWidth(text.normalize('NFC')).replace(INVISIBLE, '');
  t = toSimplified(t);
  t = t.toLowerCase();
  return t.replace(/\s+/g, ' ').trim();
}
