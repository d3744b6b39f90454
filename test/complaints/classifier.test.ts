import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testKesu, standardTree, type TestKesu, type Staff } from '../support/app.ts';
import { BODY } from '../support/fixtures.ts';
import { analyseComplaint } from '../../src/core/classify/analyse.ts';

let k: TestKesu;
let agent: Staff, sup: Staff;
before(async () => {
  k = await testKesu({ deps: { analyse: (t) => analyseComplaint(t) } });
  await standardTree(k);
  agent = await k.staff('agent1', ['agent'], 'BJ01');
  sup = await k.staff('sup1', ['supervisor', 'consumer_protection'], 'BJ');
});
after(async () => k?.close());

async function setThreshold(threshold: number) {
  await k.deps.db.insertInto('setting').values({ key: 'classifier.autoApplyThreshold', value: JSON.stringify({ threshold }) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ threshold }) })).execute();
}

test('intake stores the suggestion with its model version; a threat of self-harm flags the complaint as major', async () => {
  const r = await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, content: '催收天天打电话给我家人，再这样我就跳楼，不想活了', demand: '停止骚扰' } });
  assert.equal(r.statusCode, 201, r.body);
  const c = r.json();
  assert.equal(c.major, true);
  assert.equal(c.urgency, 'critical');
  assert.ok(c.suggestion.modelVersion);
  assert.ok(['business', 'service', 'product', 'technical', 'other'].includes(c.suggestion.category));
});

test('a confident suggestion is applied at acceptance; below the threshold a person decides and overrides are counted', async () => {
  await setThreshold(0);
  const a = (await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: BODY })).json();
  const accepted = await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${a.id}/accept`, payload: {} });
  assert.equal(accepted.json().state, 'classified', 'applied automatically');
  assert.equal(accepted.json().category, a.suggestion.category);

  await setThreshold(1.01);
  const b = (await k.as(agent, { method: 'POST', url: '/api/v1/complaints', payload: BODY })).json();
  const acc = await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${b.id}/accept`, payload: {} });
  assert.equal(acc.json().state, 'accepted', 'a person decides');
  const other = ['business', 'service', 'product', 'technical', 'other'].find((x) => x !== b.suggestion.category)!;
  const cls = await k.as(agent, { method: 'POST', url: `/api/v1/complaints/${b.id}/classify`, payload: { category: other, complexity: 'general' } });
  assert.equal(cls.statusCode, 200);
  const ag = await k.as(sup, { method: 'GET', url: '/api/v1/classifier/agreement' });
  assert.equal(ag.statusCode, 200);
  const row = ag.json().items.find((x: { modelVersion: string }) => x.modelVersion === b.suggestion.modelVersion);
  assert.equal(row.auto, 1);
  assert.equal(row.human, 1);
  assert.equal(row.categoryOverridden, 1);
  assert.equal(row.agreementRate, 0);
});
