// Chinese full-text search on PGlite and PostgreSQL alike: text is segmented with jieba (plus the financial
// dictionary) into space-separated words stored in complaint.search_text and indexed with to_tsvector('simple').
import { segment } from '../../core/classify/segment.ts';
import { normalizeText } from '../../core/classify/normalize.ts';

const STOP = new Set(['的', '了', '是', '我', '在', '和', '就', '也', '都', '而', '及', '与', '着', '或', '一个', '没有', '我们', '你们', '他们']);

export function searchTokens(text: string): string[] {
  const words = segment(normalizeText(text).toLowerCase());
  const out = new Set<string>();
  for (const w of words) {
    const t = w.trim();
    if (!t || STOP.has(t) || /^[\p{P}\p{S}\s]+$/u.test(t)) continue;
    out.add(t);
  }
  return [...out];
}

export function searchText(...parts: Array<string | null | undefined>): string {
  return searchTokens(parts.filter(Boolean).join('\n')).join(' ').slice(0, 20000);
}

/** A to_tsquery('simple', …) expression: every word must match (AND), each quoted. */
export function searchQuery(q: string): string | null {
  const tokens = searchTokens(q).slice(0, 16).map((t) => `'${t.replace(/'/g, "''").replace(/\\/g, '')}'`);
  return tokens.length ? tokens.join(' & ') : null;
}
