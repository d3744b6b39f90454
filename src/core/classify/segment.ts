// Word segmentation with jieba and Kesu's financial user dictionary (created once, on first use).
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { userDictionary } from './lexicon.ts';

let jieba: Jieba | undefined;

function instance(): Jieba {
  if (!jieba) {
    const j = Jieba.withDict(dict);
    j.loadDict(new TextEncoder().encode(userDictionary()));
    jieba = j;
  }
  return jieba;
}

/** Segment already-normalised text into words (HMM off: only dictionary words, stable across inputs). */
export function segment(text: string): string[] {
  if (text.length === 0) return [];
  return instance().cut(text, false);
}
