import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foldWidth, normalizeText, toSimplified } from '../../../src/core/classify/normalize.ts';
import { DEFAULT_FEATURE_OPTIONS, extractFeatures, featureHash, featureText, forEachFeatureHash } from '../../../src/core/classify/features.ts';
import { segment } from '../../../src/core/classify/segment.ts';

describe('normalisation', () => {
  test('full-width letters, digits and punctuation become half-width without moving characters', () => {
    const input = 'ＡＴＭ吞卡，损失１２００元！';
    const out = foldWidth(input);
    assert.equal(out, 'ATM吞卡,损失1200元!');
    assert.equal(out.length, input.length);
  });

  test('traditional characters become simplified, and 帐户 / 到帐 become 账户 / 到账', () => {
    assert.equal(toSimplified('銀行卡被凍結，還款帳戶的錢一直沒到帳'), '银行卡被冻结，还款账户的钱一直没到账');
  });

  test('normalizeText collapses white space and line breaks, lower-cases Latin and drops invisible characters', () => {
    assert.equal(normalizeText('  手机银行\u200bAPP\n\n  闪退\t了  '), '手机银行app 闪退 了');
  });

  test('the feature text hides the digits of amounts and the length of masks', () => {
    assert.equal(featureText('扣了1,200.50元，卡号6222********1234'), '扣了0,0元,卡号0*0');
  });
});

describe('segmentation and features', () => {
  test('the financial user dictionary keeps finance terms whole', () => {
    const words = segment('信用卡手续费全免，提额后征信有逾期，atm吞卡了');
    for (const w of ['信用卡', '手续费', '提额', '征信', '逾期', '吞卡']) assert.ok(words.includes(w), `${w} in ${words.join('/')}`);
  });

  test('features are jieba words, word pairs and character 1–3-grams', () => {
    const f = extractFeatures('暴力催收');
    for (const k of ['暴', '暴力', '暴力催', 'w:暴力催收']) assert.ok(f.has(k), k);
    assert.ok(![...f.keys()].some((k) => !k.startsWith('w:') && !k.startsWith('b:') && k.length > 3));
  });

  test('traditional and simplified spellings give the same features', () => {
    assert.deepEqual([...extractFeatures('暴力催收騷擾家人').entries()].sort(), [...extractFeatures('暴力催收骚扰家人').entries()].sort());
  });
});

describe('hashed features', () => {
  test('the fast hashed path visits exactly the features extractFeatures counts', () => {
    const texts = ['暴力催收，骚扰家人！！', '信用卡年费 ¥200，要求退还。', 'ATM吞卡了……  手机银行APP也闪退', '銀行帳戶被凍結', ''];
    for (const text of texts) {
      const expected = new Map<string, number>();
      for (const [key, n] of extractFeatures(text)) {
        const h = featureHash(key).join(',');
        expected.set(h, (expected.get(h) ?? 0) + n);
      }
      const seen = new Map<string, number>();
      forEachFeatureHash(text, DEFAULT_FEATURE_OPTIONS, (h1, h2) => {
        const h = `${h1},${h2}`;
        seen.set(h, (seen.get(h) ?? 0) + 1);
      });
      assert.deepEqual([...seen.entries()].sort(), [...expected.entries()].sort(), text);
    }
  });
});
