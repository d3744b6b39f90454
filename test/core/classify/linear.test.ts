import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, evaluatePredictions, fitTemperature, negativeLogLikelihood, predict, train, type Example } from '../../../src/core/classify/linear.ts';
import { createRng, pick } from '../../../src/core/classify/prng.ts';

// A small invented three-class problem with overlapping vocabulary and 10 % label noise, so that the model is
// not certain about everything and calibration has something to do.
function toyData(n: number, seed: number): Example[] {
  const rng = createRng(seed);
  const topics: Record<string, string[]> = {
    fees: ['年费', '手续费', '利息太高', '违约金', '罚息', '收费不合理', '分期手续费'],
    collection: ['催收', '骚扰家人', '爆通讯录', '威胁恐吓', '半夜打电话', '上门催收'],
    app: ['闪退', '登录不了', '验证码收不到', '系统故障', '白屏', '转账失败'],
  };
  const filler = ['信用卡', '银行', '客服', '要求处理', '上个月', '我的', '已经', '还款', '很生气', '希望尽快解决'];
  const labels = Object.keys(topics);
  const out: Example[] = [];
  for (let i = 0; i < n; i++) {
    const label = pick(rng, labels);
    const words = [pick(rng, topics[label]!), pick(rng, filler), pick(rng, filler)];
    if (rng() < 0.35) words.push(pick(rng, topics[pick(rng, labels)]!)); // a word of another topic
    const shown = rng() < 0.1 ? pick(rng, labels) : label; // label noise
    out.push({ text: words.join('，'), label: shown });
  }
  return out;
}

describe('generic linear classifier', () => {
  const trainSet = toyData(600, 1);
  const testSet = toyData(300, 2);

  test('learns the toy problem well above chance and reports calibrated scores', () => {
    const model = train(trainSet, { seed: 3 });
    const ev = evaluate(model, testSet);
    assert.ok(ev.accuracy > 0.8, `accuracy ${ev.accuracy}`);
    assert.deepEqual(model.labels, ['app', 'collection', 'fees']);
    const p = predict(model, '信用卡年费收费不合理');
    assert.equal(p.label, 'fees');
    const sum = Object.values(p.scores).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-9);
    assert.equal(p.confidence, Math.max(...Object.values(p.scores)));
  });

  test('training is deterministic: same data and seed give the same model, byte for byte', () => {
    const a = JSON.stringify(train(trainSet, { seed: 7 }));
    const b = JSON.stringify(train(trainSet, { seed: 7 }));
    assert.equal(a, b);
    const c = JSON.stringify(train(trainSet, { seed: 8 }));
    assert.notEqual(a, c);
  });

  test('calibration: the fitted temperature lowers held-out NLL and confidence tracks accuracy', () => {
    const model = train(trainSet, { seed: 3 });
    const cal = model.meta.calibration;
    assert.ok(cal, 'calibration ran');
    assert.ok(cal.nllAfter <= cal.nllBefore + 1e-9, `${cal.nllAfter} ≤ ${cal.nllBefore}`);
    const ev = evaluate(model, testSet);
    // With ~10 % label noise the model cannot be right more than ~90 % of the time: its mean confidence must say so.
    assert.ok(Math.abs(ev.meanConfidence - ev.accuracy) < 0.08, `confidence ${ev.meanConfidence} vs accuracy ${ev.accuracy}`);
    assert.ok(ev.ece < 0.08, `ECE ${ev.ece}`);
  });

  test('fitTemperature finds T > 1 for over-confident logits and T < 1 for under-confident ones', () => {
    const rng = createRng(5);
    const over: Float64Array[] = [];
    const under: Float64Array[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 400; i++) {
      const y = rng() < 0.7 ? 0 : 1; // class 0 is right 70 % of the time
      ys.push(y);
      over.push(Float64Array.from([8, 0])); // claims ~100 %
      under.push(Float64Array.from([0.1, 0])); // claims ~52 %
    }
    const tOver = fitTemperature(over, ys);
    const tUnder = fitTemperature(under, ys);
    assert.ok(tOver > 1 && tUnder < 1, `${tOver} ${tUnder}`);
    // softmax([8,0]/T) should give class 0 the probability it is actually right with
    const rate = ys.filter((y) => y === 0).length / ys.length;
    assert.ok(Math.abs(1 / (1 + Math.exp(-8 / tOver)) - rate) < 0.01, `${rate}`);
    assert.ok(negativeLogLikelihood(over, ys, tOver) < negativeLogLikelihood(over, ys, 1));
  });

  test('evaluation metrics match a hand computation', () => {
    const ev = evaluatePredictions(['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', 'c']);
    assert.equal(ev.accuracy, 4 / 6);
    assert.deepEqual(ev.confusion, { labels: ['a', 'b', 'c'], matrix: [[2, 1, 0], [0, 1, 1], [0, 0, 1]] });
    assert.equal(ev.perClass.a?.precision, 1);
    assert.equal(ev.perClass.a?.recall, 2 / 3);
    assert.equal(ev.perClass.b?.precision, 0.5);
    assert.equal(ev.perClass.c?.f1, 2 / 3);
    assert.ok(Math.abs(ev.macroF1 - (0.8 + 0.5 + 2 / 3) / 3) < 1e-12);
  });

  test('one label only is refused with a clear message', () => {
    assert.throws(() => train([{ text: '甲', label: 'x' }, { text: '乙', label: 'x' }]), /at least two labels/);
  });
});
