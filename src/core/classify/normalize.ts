// Text normalisation before segmentation and feature extraction.
// `foldWidth` keeps every character at its index (entity positions refer to the original text);
// `normalizeText` is free to change lengths and is used only for classification features.
import { Converter, Locale } from 'opencc-js/t2cn';

let toSimplifiedConverter: ((text: string) => string) | undefined;

/** Full-width ASCII (！＂＃…～) → half-width, ideographic space → space. One UTF-16 unit in, one out. */
export function foldWidth(text: string): string {
  const n = text.length;
  let i = 0;
  while (i < n && !isWide(text.charCodeAt(i))) i++;
  if (i === n) return text;
  // Copy the runs between wide characters whole rather than a character at a time.
  let out = '';
  let from = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!isWide(c)) continue;
    out += text.slice(from, i) + (c === 0x3000 ? ' ' : String.fromCharCode(c - 0xfee0));
    from = i + 1;
  }
  return out + text.slice(from);
}

function isWide(c: number): boolean {
  return (c >= 0xff01 && c <= 0xff5e) || c === 0x3000;
}

// ---------------------------------------------------------------------------------------------------------------
// Traditional → simplified.
//
// OpenCC replaces, at each position, the longest dictionary key that starts there. Most complaints are already
// simplified and nothing in them changes, but finding that out with the converter costs more than everything else
// in the normalisation. A key can only change the text if it occurs in it, so it occurs only if every one of its
// characters does: for each key whose replacement differs, one of its characters (a "witness", preferably one
// that is itself converted) is marked in a table of UTF-16 units, and a text without any marked unit is returned
// as it is. The table errs on the safe side: an astral witness marks its lead surrogate, and a dictionary shape it
// does not recognise marks everything (the converter then always runs, as before).

const T2S_CONFIG = 't2s'; // what Converter({ from: 't', to: 'cn' }) uses

function dictionaryEntries(value: unknown, out: Array<readonly [string, string]>): void {
  if (typeof value === 'string') {
    // "key value|key value|…"
    for (const entry of value.split('|')) {
      const [k, v] = entry.split(' ');
      if (k !== undefined && v !== undefined) out.push([k, v]);
    }
  } else if (Array.isArray(value)) {
    const [a, b] = value as unknown[];
    if (value.length === 2 && typeof a === 'string' && typeof b === 'string' && !/[ |]/.test(a + b)) out.push([a, b]);
    else for (const x of value) dictionaryEntries(x, out);
  } else if (value && typeof value === 'object') {
    for (const x of Object.values(value)) dictionaryEntries(x, out);
  }
}

/** The table of witness units (1 = a text containing this UTF-16 unit may change), built once. */
export function conversionWitnesses(): Uint8Array {
  const table = new Uint8Array(0x10000);
  const config = (Locale as { configs?: Record<string, unknown> }).configs?.[T2S_CONFIG];
  const entries: Array<readonly [string, string]> = [];
  dictionaryEntries(config, entries);
  if (entries.length === 0) return table.fill(1);
  const mark = (ch: string): void => {
    table[ch.charCodeAt(0)] = 1; // the lead surrogate for astral characters
  };
  // Single characters that change are witnesses of their own; a phrase uses one of them when it contains one.
  const changed = new Set<string>();
  for (const [k, v] of entries) {
    if (k !== v && [...k].length === 1) changed.add(k);
  }
  for (const c of changed) mark(c);
  for (const [k, v] of entries) {
    if (k === v) continue;
    const kc = [...k];
    if (kc.length === 1) continue;
    const vc = [...v];
    const differing = kc.length === vc.length ? kc.filter((c, i) => c !== vc[i]) : kc;
    mark(differing.find((c) => changed.has(c)) ?? kc.find((c) => changed.has(c)) ?? (differing[0] as string));
  }
  return table;
}

let witnesses: Uint8Array | undefined;

/** True when OpenCC's traditional → simplified conversion may change `text` (false: it certainly does not). */
export function mayNeedConversion(text: string): boolean {
  const table = (witnesses ??= conversionWitnesses());
  for (let i = 0; i < text.length; i++) if (table[text.charCodeAt(i)] === 1) return true;
  return false;
}

// Variant spellings that OpenCC leaves alone but that mean the same thing in complaints (each contains 帐).
const VARIANTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/帐(户|号|单|务|目)/g, '账$1'],
  [/(到|入|转|对|记|查|赖|算|销)帐/g, '$1账'],
];

// Entity extraction, urgency rules and features all convert the same text: remember the last conversion (only
// texts that need the converter get here).
let lastInput = '';
let lastOutput = '';

/** Traditional (and Hong Kong / Taiwan) characters → simplified, plus a few variant spellings. */
export function toSimplified(text: string): string {
  if (!mayNeedConversion(text)) return replaceVariants(text);
  if (text === lastInput) return lastOutput;
  const convert = (toSimplifiedConverter ??= Converter({ from: 't', to: 'cn' }));
  const out = replaceVariants(convert(text));
  lastInput = text;
  lastOutput = out;
  return out;
}

function replaceVariants(text: string): string {
  if (!text.includes('帐')) return text;
  let out = text;
  for (const [re, rep] of VARIANTS) out = out.replace(re, rep);
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
