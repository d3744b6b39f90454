// The fast paths of the classifier against the plain computations they replace: each must give the same result on
// any text, not only on the corpus (the shortcuts are only worth having if nothing a user sees can change).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Converter, Locale } from 'opencc-js/t2cn';
import { loadedBootstrapModel } from '../../../src/core/classify/analyse.ts';
import { allMatches, extractEntities, FirstCharPattern } from '../../../src/core/classify/entities.ts';
import { DEFAULT_FEATURE_OPTIONS, extractFeatures, featureHash, forEachFeatureHash } from '../../../src/core/classify/features.ts';
import {
  createMultiHead,
  predict,
  predictFeatures,
  predictMultiHead,
  train,
  vectorizeText,
  type Example,
  type LinearModel,
} from '../../../src/core/classify/linear.ts';
import { foldWidth, mayNeedConversion, toSimplified } from '../../../src/core/classify/normalize.ts';
import { createRng, pick } from '../../../src/core/classify/prng.ts';
import '../../../src/core/classify/urgency.ts'; // registers its patterns in FirstCharPattern.all

const opencc = Converter({ from: 't', to: 'cn' });
/** What toSimplified did before it learnt to skip the converter. */
function referenceSimplified(text: string): string {
  return opencc(text)
    .replace(/帐(户|号|单|务|目)/g, '账$1')
    .replace(/(到|入|转|对|记|查|赖|算|销)帐/g, '$1账');
}

/** Every [key, replacement] of the dictionaries behind Converter({ from: 't', to: 'cn' }). */
function dictionaryPairs(): Array<[string, string]> {
  const config = (Locale as unknown as { configs: Record<string, { normalizationChain: string[][]; conversionChain: string[][] }> }).configs.t2s;
  assert.ok(config, 'opencc-js still has the t2s configuration');
  const pairs: Array<[string, string]> = [];
  for (const group of [...config.normalizationChain, ...config.conversionChain]) {
    for (const dict of group) for (const entry of dict.split('|')) pairs.push(entry.split(' ') as [string, string]);
  }
  return pairs;
}

describe('traditional → simplified skips texts the converter would not change', () => {
  test('every dictionary entry that changes something is noticed, alone and inside simplified text', () => {
    const changing = dictionaryPairs().filter(([k, v]) => k !== v);
    assert.ok(changing.length > 4000, `only ${changing.length} entries`);
    for (const [k] of changing) {
      assert.ok(mayNeedConversion(k), k);
      const text = `我的信用卡${k}被扣了年费`;
      assert.equal(toSimplified(text), referenceSimplified(text), text);
    }
  });

  test('every character that the converter changes on its own is noticed', () => {
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if (opencc(ch) !== ch) assert.ok(mayNeedConversion(ch), `U+${c.toString(16)}`);
    }
  });

  test('same result as the converter on simplified, traditional and mixed texts', () => {
    const texts = [
      '信用卡年费我已经申请过免收，今年又扣了200元，要求退还。',
      '銀行卡被凍結，還款帳戶的錢一直沒到帳',
      '怎么还没到账，什么时候处理？一坏就是三天',
      '我的帳號和账户都被冻结了，转帐也不行',
      '乾隆年間的后台系统 (測試) ATM 吞卡',
      '',
      '𠮷野家 😀 \ud800 孤立的代理项',
    ];
    for (const t of texts) assert.equal(toSimplified(t), referenceSimplified(t), t);
    assert.equal(mayNeedConversion('信用卡年费我已经申请过免收，今年又扣了200元，要求退还。'), false);
  });
});

describe('width folding', () => {
  /** One character at a time, as before. */
  function referenceFold(text: string): string {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out += c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : c === 0x3000 ? ' ' : text[i];
    }
    return out;
  }

  test('every full-width character, and lone surrogates and byte-order marks are left where they are', () => {
    let all = '';
    for (let c = 0xff00; c <= 0xff60; c++) all += String.fromCharCode(c) + '字';
    for (const t of [all, '\ufeff开头的ＢＯＭ', '孤立\ud800的代理项１２３', 'no wide characters', '　全角空格　', '']) {
      const out = foldWidth(t);
      assert.equal(out, referenceFold(t));
      assert.equal(out.length, t.length);
    }
  });
});

describe('hashed features', () => {
  test('punctuation and spaces end n-gram runs and drop words exactly as the string features do, for every such character', () => {
    let text = '信用卡';
    const ranges: Array<[number, number]> = [
      [0x00, 0x2ff],
      [0x1680, 0x1680],
      [0x2000, 0x206f],
      [0x3000, 0x303f],
      [0xfe00, 0xffff],
    ];
    for (const [lo, hi] of ranges) for (let c = lo; c <= hi; c++) text += String.fromCharCode(c) + (c % 3 === 0 ? '催收' : 'a');
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
    assert.deepEqual([...seen.entries()].sort(), [...expected.entries()].sort());
  });
});

function toyExamples(n: number, seed: number, labels: string[]): Example[] {
  const rng = createRng(seed);
  const words = ['年费', '手续费', '催收', '骚扰', '闪退', '登录', '利息', '冻结', '客服', '态度', '理赔', '退保', '转账', '失败'];
  return Array.from({ length: n }, (_, i) => ({
    text: [pick(rng, words), pick(rng, words), pick(rng, words), '，', pick(rng, words)].join(''),
    label: labels[i % labels.length] as string,
  }));
}

describe('prediction', () => {
  const texts = [
    '信用卡年费我已经申请过免收，今年又扣了200元，要求退还。',
    '催收催收催收催收，天天催收，催收打电话',
    '',
    '。。。',
    // Long enough to grow the reused buffers.
    '手机银行转账提示失败，但钱已经扣了，三天没退回。'.repeat(120),
  ];

  test('the hashed vector equals TF-IDF on the feature strings, counts included', () => {
    const m = loadedBootstrapModel().category;
    const index = new Map(m.vocab.map((k, i) => [k, i]));
    for (const text of texts) {
      const counts = extractFeatures(text, m.features);
      const expected = new Map<number, number>();
      let norm = 0;
      for (const [key, c] of counts) {
        const f = index.get(key);
        if (f === undefined) continue;
        const v = (1 + Math.log(c)) * Math.fround(m.idf[f] as number);
        expected.set(f, v);
        norm += v * v;
      }
      const { idx, val } = vectorizeText(m, text).vec;
      assert.deepEqual([...idx].sort((a, b) => a - b), [...expected.keys()].sort((a, b) => a - b), text.slice(0, 20));
      idx.forEach((f, j) => {
        const d = Math.abs((val[j] as number) - (expected.get(f) as number) / Math.sqrt(norm));
        assert.ok(d < 1e-12, `${m.vocab[f]}: ${d}`);
      });
    }
  });

  test('models of every table size predict the same from the hashed and the string features', () => {
    // Vocabularies from a few dozen to a few thousand features: hash tables of 2^7 to 2^13 slots (one and two sort passes).
    for (const [n, labels] of [
      [6, ['a', 'b']],
      [60, ['a', 'b', 'c']],
      [600, ['a', 'b', 'c', 'd', 'e']],
    ] as const) {
      const model: LinearModel = train(toyExamples(n, n, [...labels]), { seed: 1, minDf: 1, calibrationFraction: 0 });
      for (const text of [...texts, ...toyExamples(20, 99, ['x']).map((e) => e.text)]) {
        const a = predict(model, text);
        const b = predictFeatures(model, extractFeatures(text, model.features));
        assert.equal(a.label, b.label);
        // The hashed path keeps IDF as float32 (in the hash table's slots): equal to ~1e-7.
        for (const l of model.labels) {
          const d = Math.abs((a.scores[l] as number) - (b.scores[l] as number));
          assert.ok(d < 1e-6, `${l}: ${d}`);
        }
      }
    }
  });

  test('the fused heads sum exactly as one output at a time would (any number of outputs)', () => {
    const boot = loadedBootstrapModel();
    const small = train(toyExamples(60, 3, ['a', 'b', 'c']), { seed: 1, minDf: 1, calibrationFraction: 0 });
    for (const heads of [[boot.category, boot.reason, boot.business], [boot.category], [small]]) {
      const mh = createMultiHead(heads);
      for (const text of texts) {
        const { idx, val } = vectorizeText(heads[0] as LinearModel, text).vec;
        const got = predictMultiHead(mh, text);
        heads.forEach((m, h) => {
          const k = m.labels.length;
          const z = new Float64Array(k);
          for (let c = 0; c < k; c++) {
            const col = (mh.offsets[h] as number) + c;
            let acc = 0;
            for (let j = 0; j < idx.length; j++) acc = acc + (mh.weights[(idx[j] as number) * mh.stride + col] as number) * (val[j] as number);
            z[c] = (mh.bias[col] as number) + acc * (mh.scale[col] as number);
          }
          let max = -Infinity;
          for (const x of z) max = Math.max(max, x / m.temperature);
          const e = Array.from(z, (x) => Math.exp(x / m.temperature - max));
          const sum = e.reduce((a, b) => a + b, 0);
          m.labels.forEach((l, c) => assert.equal(got[h]?.scores[l], (e[c] as number) / sum, `${l} ${text.slice(0, 10)}`));
        });
      }
    }
  });
});

describe('patterns tried only where their first character stands', () => {
  test('find exactly what the plain global pattern finds', () => {
    assert.ok(FirstCharPattern.all.length >= 7, `${FirstCharPattern.all.length} patterns`);
    const rng = createRng(7);
    for (const p of FirstCharPattern.all) {
      // Random texts over the pattern's own characters, digits, numerals and a little punctuation.
      const alphabet = [...new Set([...p.source.replace(/\\[dsw]/g, ''), ...'0123456789一二两三十百千万半前期岁人 .,，、。%'])].filter(
        (c) => !'\\()[]{}?*+|^$'.includes(c),
      );
      const samples = [
        '信用卡分12期，已还8期，3个月前借了人民币3.5万元，利率18%，七十多岁，20多人一起投诉，跳楼',
        '借款51000元，还了两千五，三天前，百分之二十，半个月，15个工作日',
      ];
      for (let i = 0; i < 3000; i++) {
        const len = 1 + Math.floor(rng() * 24);
        let s = '';
        for (let j = 0; j < len; j++) s += pick(rng, alphabet);
        samples.push(s);
      }
      const plain = new RegExp(p.source, 'g');
      for (const s of samples) {
        const want = allMatches(plain, s).map((m) => [m.index, ...m]);
        const got = p.matches(s).map((m) => [m.index, ...m]);
        assert.deepEqual(got, want, `${p.source.slice(0, 30)} on ${s}`);
      }
    }
  });
});

describe('entity positions', () => {
  test('full-width digits and spaces, traditional script and invisible characters keep every position on the original text', () => {
    const text = '\u200b２０２４年３月５日在中國工商銀行　被扣了１２００元，上个月又扣了３．５万，分１２期，電話１３８１２３４５６７８';
    const ents = extractEntities(text);
    assert.deepEqual(
      ents.map((e) => [e.type, e.masked ? e.text : text.slice(e.start, e.end), e.value ?? null]),
      [
        ['date', '２０２４年３月５日', '2024-03-05'],
        ['institution', '中國工商銀行', '中国工商银行'],
        ['amount', '１２００元', 1200],
        ['date', '上个月', 'last_month'],
        ['amount', '３．５万', 35000],
        ['installments', '１２期', 12],
        ['phone', '138****5678', null],
      ],
    );
    for (const e of ents) if (!e.masked) assert.equal(e.text, text.slice(e.start, e.end));
    const phone = ents.find((e) => e.type === 'phone');
    assert.equal(text.slice(phone?.start, phone?.end), '１３８１２３４５６７８');
  });
});
