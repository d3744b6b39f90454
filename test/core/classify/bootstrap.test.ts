import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseComplaint, loadedBootstrapModel } from '../../../src/core/classify/analyse.ts';
import { decodeBootstrap, encodeBootstrap, trainBootstrap, type CorpusRow } from '../../../src/core/classify/bootstrap.ts';
import { BUSINESS_CODES, REASON_CODES } from '../../../src/core/classify/codes.ts';
import { predict } from '../../../src/core/classify/linear.ts';

describe('shipped bootstrap model', () => {
  // The invented examples of categories.md (they are not in the training corpus).
  const examples: Array<[string, string]> = [
    ['手机银行转账提示失败，但钱已经扣了，三天没退回。', 'technical'],
    ['信用卡年费我已经申请过免收，今年又扣了200元，要求退还。', 'product'],
    ['贷款已经结清一个月了，网点一直不给开结清证明。', 'business'],
    ['柜台工作人员态度恶劣，问她工号也不说，要求道歉。', 'service'],
    ['理财经理说是保本产品，结果亏了8%。', 'product'],
    ['催收员天天给我单位同事打电话。', 'service'],
    ['车行帮我办的车贷，多收的服务费车行不退。', 'other'],
  ];
  for (const [text, category] of examples) {
    test(`${text} → ${category}`, () => {
      assert.equal(analyseComplaint(text).category, category);
    });
  }

  test('the analysis carries codes from the default tables, calibrated confidences and the model version', () => {
    const r = analyseComplaint('信用卡年费我已经申请过免收，今年又扣了200元，要求退还。');
    assert.ok(REASON_CODES.some((c) => c.code === r.reasonCode), r.reasonCode);
    assert.ok(BUSINESS_CODES.some((c) => c.code === r.businessCode), r.businessCode);
    assert.equal(r.businessCode, 'B03');
    assert.equal(r.reasonCode, 'C08');
    for (const c of [r.categoryConfidence, r.reasonConfidence, r.businessConfidence]) assert.ok(c > 0 && c <= 1);
    assert.match(r.modelVersion, /^bootstrap-[0-9a-f]{12}$/);
    assert.equal(r.modelVersion, loadedBootstrapModel().version);
  });

  test('debt-collection conduct gets C12 / B10', () => {
    const r = analyseComplaint('催收天天打电话骚扰我的家人和同事，还威胁要上门，要求停止暴力催收');
    assert.deepEqual([r.category, r.reasonCode, r.businessCode], ['service', 'C12', 'B10']);
  });

  test('urgency and masked entities come with the classification', () => {
    const r = analyseComplaint('我七十多岁了，卡号6222021234567891234被盗刷了三万五千元，再不处理就找媒体曝光');
    assert.equal(r.urgency, 'high');
    assert.deepEqual(r.urgencyReasons.map((x) => x.code).sort(), ['media_exposure', 'vulnerable_customer']);
    assert.ok(r.entities.some((e) => e.type === 'amount' && e.value === 35000));
    assert.ok(!JSON.stringify(r).includes('6222021234567891234'));
    assert.equal(analyseComplaint('活不下去了，你们逼死我了').urgency, 'critical');
  });

  test('the fused fast path agrees with each head predicted on its own', () => {
    const m = loadedBootstrapModel();
    for (const text of ['ATM吞卡了，钱也没吐出来', '保险公司说我未如实告知拒赔', '银行卡无故被冻结，工资取不出来', '你好']) {
      const r = analyseComplaint(text);
      const c = predict(m.category, text);
      const re = predict(m.reason, text);
      const b = predict(m.business, text);
      assert.deepEqual([r.category, r.reasonCode, r.businessCode], [c.label, re.label, b.label], text);
      assert.ok(Math.abs(r.categoryConfidence - c.confidence) < 1e-3);
      assert.ok(Math.abs(r.businessConfidence - b.confidence) < 1e-3);
    }
  });

  test('confidence is lower for a vague text than for a clear one', () => {
    const clear = analyseComplaint('催收天天打电话骚扰我的家人，爆通讯录，威胁恐吓，要求停止暴力催收');
    const vague = analyseComplaint('那个事情到现在还是没有弄好');
    assert.ok(clear.categoryConfidence > vague.categoryConfidence);
  });
});

describe('bootstrap training', () => {
  const rows: CorpusRow[] = [];
  const add = (category: string, reasonCode: string, businessCode: string, texts: string[], source?: string) =>
    texts.forEach((text) => rows.push({ text, category, reasonCode, businessCode, ...(source ? { source } : {}) }));
  add('service', 'C12', 'B10', ['催收天天打电话', '暴力催收骚扰家人', '催收威胁恐吓', '催收爆通讯录', '催收半夜打电话']);
  add('product', 'C08', 'B03', ['年费太高要求退还', '分期手续费太贵', '利息太高了', '违约金不合理', '罚息太多']);
  add('technical', 'C02', 'B04', ['APP闪退', '转账失败钱扣了', '系统故障登录不了', '验证码收不到', '页面白屏']);
  add('service', 'C12', 'B10', ['催收给我同事打电话', '催收辱骂我'], 'handwritten');
  add('product', 'C08', 'B03', ['年费收得不合理', '手续费太高'], 'handwritten');
  add('technical', 'C02', 'B04', ['手机银行打不开', '付款失败扣了钱'], 'handwritten');

  test('is deterministic and survives the compact encoding', () => {
    const opts = { seed: 2, folds: 2, lambdas: [1e-4], minDf: 1 };
    const a = JSON.stringify(encodeBootstrap(trainBootstrap(rows, opts)));
    const b = JSON.stringify(encodeBootstrap(trainBootstrap(rows, opts)));
    assert.equal(a, b);
    const model = decodeBootstrap(JSON.parse(a));
    assert.equal(JSON.stringify(encodeBootstrap(model)), a);
    const r = analyseComplaint('催收打电话威胁我', model);
    assert.deepEqual([r.category, r.reasonCode, r.businessCode], ['service', 'C12', 'B10']);
  });

  test('a file that is not a bootstrap model is refused', () => {
    assert.throws(() => decodeBootstrap({ format: 'something-else' }), /not a Kesu bootstrap model/);
  });
});
