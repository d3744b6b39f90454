import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractEntities } from '../../../src/core/classify/entities.ts';
import { assessUrgency } from '../../../src/core/classify/urgency.ts';

const assess = (text: string) => assessUrgency(text, extractEntities(text));
const codes = (text: string) => assess(text).reasons.map((r) => `${r.code}:${r.level}`);

describe('urgency rules', () => {
  test('an ordinary complaint is normal', () => {
    assert.deepEqual(assess('信用卡年费扣了200元，要求退还'), { urgency: 'normal', reasons: [] });
  });

  test('self-harm is critical (must be flagged major)', () => {
    const r = assess('逼得我不想活了，你们再打电话我就跳楼');
    assert.equal(r.urgency, 'critical');
    assert.deepEqual(codes('逼得我不想活了'), ['self_harm:critical']);
  });

  test('media, lawsuit, police and regulator each raise urgency to high, with the words and positions', () => {
    const text = '再不处理我就找记者曝光，已经请了律师，也报警了，还打了12378';
    const r = assess(text);
    assert.equal(r.urgency, 'high');
    assert.deepEqual(
      r.reasons.map((x) => x.code),
      ['media_exposure', 'lawsuit', 'police', 'regulator'],
    );
    for (const x of r.reasons) assert.equal(text.slice(x.start, x.end), x.match);
    assert.equal(r.reasons[0]?.zh, '媒体曝光风险');
  });

  test('regulators by name: 银保监, 金融监管局, 人民银行, 12363', () => {
    for (const t of ['向银保监会反映', '去金融监管局投诉', '已经告到人民银行', '打了12363']) assert.deepEqual(codes(t), ['regulator:high'], t);
  });

  test('a negated threat does not count', () => {
    assert.equal(assess('我不想起诉，只想要个说法').urgency, 'normal');
  });

  test('mass complaints: a joint complaint of 20+ people is critical, a few people high', () => {
    assert.equal(assess('我们30多人一起投诉这家公司').urgency, 'critical');
    assert.equal(assess('我们准备集体投诉').urgency, 'critical');
    assert.deepEqual(codes('我们5个人一起来投诉'), ['mass_complaint:high']);
    assert.deepEqual(codes('很多人都遇到了这个问题'), ['mass_complaint:high']);
  });

  test('vulnerable customers: elderly, disabled, seriously ill', () => {
    assert.deepEqual(codes('我父亲八十多岁了'), ['vulnerable_customer:high']);
    assert.deepEqual(codes('我是残疾人'), ['vulnerable_customer:high']);
    assert.deepEqual(codes('家里有人得了重病'), ['vulnerable_customer:high']);
    assert.equal(assess('我今年35岁').urgency, 'normal');
  });

  test('large amounts: ≥ 100 000 high, ≥ 1 000 000 critical, thresholds configurable', () => {
    assert.deepEqual(codes('被骗了15万元'), ['large_amount:high']);
    assert.deepEqual(codes('理财亏了120万'), ['large_amount:critical']);
    assert.equal(assess('被扣了5万元').urgency, 'normal');
    const t = '被扣了5万元';
    assert.equal(assessUrgency(t, extractEntities(t), { largeAmount: 50_000 }).urgency, 'high');
  });

  test('threats of violence are critical', () => {
    assert.equal(assess('不解决我就跟你们同归于尽').urgency, 'critical');
  });
});
