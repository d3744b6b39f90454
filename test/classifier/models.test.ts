// Classifier models through the API: register → list → activate → new intakes carry the new version and the
// custom head's label → deactivate → back to the bootstrap model; refusals store nothing; a second process
// picks up an activation at its next reload; a model that cannot be decoded never replaces the set in force.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { testKesu, standardTree, type TestKesu, type Staff } from '../support/app.ts';
import { BODY } from '../support/fixtures.ts';
import { buildApp } from '../../src/http/app.ts';
import { ClassifierModels, processClassifier, reloadClassifier } from '../../src/app/classifier/models.ts';
import { loadedBootstrapModel } from '../../src/core/classify/analyse.ts';
import { shippedBootstrapJson } from '../../src/core/classify/shipped-model.ts';
import { train, type Example, type LinearModel } from '../../src/core/classify/linear.ts';

const FEES = ['信用卡年费太高要求退还', '分期手续费太贵了', '年费乱收要求退回', '违约金不合理要求减免', '罚息太多了要求减免', '手续费乱收费'];
const COLLECTION = ['催收天天打电话', '暴力催收骚扰家人', '催收威胁恐吓我', '催收爆通讯录', '催收半夜打电话', '催收辱骂我'];
const FEE_TEXT = '我的信用卡上个月被扣了年费200元，办卡时说终身免年费，要求退还。';

function examples(fees: string, collection: string): Example[] {
  const out: Example[] = [];
  for (let i = 0; i < 4; i++) {
    for (const t of FEES) out.push({ text: `${t}${i}`, label: fees });
    for (const t of COLLECTION) out.push({ text: `${t}${i}`, label: collection });
  }
  return out;
}

// The bootstrap model reads a fee complaint as 'product'; this head says 'technical' — visibly different.
const custom: LinearModel = train(examples('technical', 'other'), { seed: 1, calibrationFraction: 0 });
const SHIPPED = loadedBootstrapModel().version;

let k: TestKesu;
let admin: Staff, agent: Staff, sup: Staff;
let second: { app: FastifyInstance; models: ClassifierModels } | null = null;

before(async () => {
  k = await testKesu({ deps: { analyse: processClassifier.analyse } });
  await standardTree(k);
  admin = await k.staff('m_admin', ['admin'], 'HQ');
  agent = await k.staff('m_agent', ['agent'], 'BJ01');
  sup = await k.staff('m_sup', ['supervisor', 'consumer_protection'], 'HQ');
});
after(async () => {
  await second?.app.close();
  await k?.close();
});

const register = (body: unknown, query: string, as: Staff = admin) =>
  k.as(as, { method: 'POST', url: `/api/v1/classifier/models?${query}`, payload: body as Record<string, unknown>, headers: { 'accept-language': 'en' } });
const post = (url: string, as: Staff = admin) => k.as(as, { method: 'POST', url });
const list = async () => {
  const r = await k.as(admin, { method: 'GET', url: '/api/v1/classifier/models' });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { items: Array<Record<string, unknown> & { id: string; version: string; active: boolean }>; activeVersion: string };
};
async function intake(app: FastifyInstance = k.app, content = FEE_TEXT) {
  const r = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: { ...BODY, content }, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf } });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().suggestion as { category: string; reasonCode: string; modelVersion: string };
}
const count = async () => Number((await k.deps.db.selectFrom('classifier_model').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const audits = async (kind: string) => k.deps.db.selectFrom('audit_entry').select(['stream', 'entity_id', 'data']).where('kind', '=', kind).execute();

test('before any upload the list shows the shipped bootstrap model, active, and intakes carry its version', async () => {
  const l = await list();
  assert.equal(l.items.length, 1);
  assert.deepEqual({ id: l.items[0]!.id, head: l.items[0]!.head, version: l.items[0]!.version, active: l.items[0]!.active, shipped: l.items[0]!.shipped }, { id: 'shipped', head: 'bundle', version: SHIPPED, active: true, shipped: true });
  assert.match(String(l.items[0]!.sha256), /^1b6b75b7/, 'the sha256 of data/models/bootstrap.json');
  assert.equal(l.activeVersion, SHIPPED);
  const s = await intake();
  assert.equal(s.modelVersion, SHIPPED);
  assert.equal(s.category, 'product');
});

test('register → list → activate: new intakes carry the combined version and the custom head\'s label; deactivate → the bootstrap model again', async () => {
  const r = await register(custom, 'head=category&name=' + encodeURIComponent('费用类试验模型'));
  assert.equal(r.statusCode, 201, r.body);
  const item = r.json();
  assert.match(item.version, /^category-[0-9a-f]{12}$/);
  assert.equal(item.name, '费用类试验模型');
  assert.deepEqual(item.labels, ['other', 'technical']);
  assert.equal(item.active, false);
  assert.equal(item.uploadedBy, admin.id);
  assert.equal(item.uploadedByName, admin.username, 'the uploader is named, not only identified');
  assert.equal(item.sizeBytes, Buffer.byteLength(JSON.stringify(custom) + '\n'));

  // Registered but not active: nothing changes yet.
  assert.equal((await intake()).modelVersion, SHIPPED);
  const l = await list();
  assert.deepEqual(l.items.map((x) => x.version), [SHIPPED, item.version]);
  assert.deepEqual(l.items.map((x) => x.uploadedByName), [null, admin.username]);

  const a = await post(`/api/v1/classifier/models/${item.id}/activate`);
  assert.equal(a.statusCode, 200, a.body);
  assert.equal(a.json().active, true);
  assert.ok(a.json().activatedAt);
  const combined = `${SHIPPED}+${item.version}`;
  assert.equal((await list()).activeVersion, combined);
  const s = await intake();
  assert.equal(s.modelVersion, combined);
  assert.equal(s.category, 'technical', 'the custom category head decides the category');
  assert.equal(s.reasonCode, 'C08', 'the bootstrap reason head still decides the reason');

  const d = await post(`/api/v1/classifier/models/${item.id}/deactivate`);
  assert.equal(d.statusCode, 200, d.body);
  assert.equal(d.json().active, false);
  const back = await intake();
  assert.equal(back.modelVersion, SHIPPED);
  assert.equal(back.category, 'product');

  const reg = await audits('MODEL_REGISTERED');
  assert.equal(reg.length, 1);
  assert.equal(reg[0]!.stream, 'config');
  assert.equal(reg[0]!.data.version, item.version);
  assert.equal((await audits('MODEL_ACTIVATED')).length, 1);
  assert.equal((await audits('MODEL_DEACTIVATED')).length, 1);
  // Deactivating again changes nothing and writes no second entry.
  assert.equal((await post(`/api/v1/classifier/models/${item.id}/deactivate`)).statusCode, 200);
  assert.equal((await audits('MODEL_DEACTIVATED')).length, 1);
});

test('bad JSON, a file that is not a model and labels outside the code table → 400 with the code; nothing is stored', async () => {
  const before = await count();
  const broken = await k.as(admin, { method: 'POST', url: '/api/v1/classifier/models?head=category', payload: '{"format": "kesu-linear/1", ', headers: { 'content-type': 'application/json' } });
  assert.equal(broken.statusCode, 400);
  assert.equal(broken.json().error.code, 'INVALID_JSON');

  const notModel = await register({ format: 'something-else', labels: [] }, 'head=category');
  assert.equal(notModel.statusCode, 400);
  assert.equal(notModel.json().error.code, 'MODEL_INVALID');

  const wrongHead = await register(shippedBootstrapJson, 'head=reason');
  assert.equal(wrongHead.statusCode, 400);
  assert.equal(wrongHead.json().error.code, 'MODEL_INVALID');
  assert.match(wrongHead.json().error.details.reason, /head=bundle/);

  const malformed = await register({ ...custom, weights: custom.weights.slice(1) }, 'head=category');
  assert.equal(malformed.statusCode, 400);
  assert.equal(malformed.json().error.code, 'MODEL_INVALID');
  assert.ok(malformed.json().error.details.problems.some((p: string) => p.startsWith('weights')));

  const ownLabels = await register(train(examples('fees', 'collection'), { seed: 1, calibrationFraction: 0 }), 'head=category');
  assert.equal(ownLabels.statusCode, 400);
  const e = ownLabels.json().error;
  assert.equal(e.code, 'MODEL_LABELS_INVALID');
  assert.deepEqual(e.details.unknownLabels, ['collection', 'fees']);
  assert.match(e.message, /labels outside/);

  const unknownCode = await register(train(examples('C08', 'C77'), { seed: 1, calibrationFraction: 0 }), 'head=reason');
  assert.equal(unknownCode.statusCode, 400);
  assert.deepEqual(unknownCode.json().error.details.unknownLabels, ['C77']);
  // A category model is not a reason model.
  const crossed = await register(custom, 'head=reason');
  assert.equal(crossed.json().error.code, 'MODEL_LABELS_INVALID');

  assert.equal(await count(), before, 'nothing stored');
  assert.equal((await audits('MODEL_REGISTERED')).length, 1, 'no audit entry for a refusal');
  const dup = await register(custom, 'head=category');
  assert.equal(dup.statusCode, 409);
  assert.equal(dup.json().error.code, 'MODEL_EXISTS');
});

test('a model trained on texts with emoji (half surrogate pairs in its character n-grams) can be uploaded and predicts', async () => {
  const withEmoji = train(examples('C08', 'C12').map((e, i) => ({ ...e, text: `${e.text}${i % 2 ? '😡😡' : '🙏🙏'}` })), { seed: 1, calibrationFraction: 0 });
  assert.ok(withEmoji.vocab.some((v) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(v)), 'the vocabulary has a lone lead surrogate');
  const r = await register(withEmoji, 'head=reason&name=emoji');
  assert.equal(r.statusCode, 201, r.body);
  const a = await post(`/api/v1/classifier/models/${r.json().id}/activate`);
  assert.equal(a.statusCode, 200, a.body);
  const s = await intake(k.app, '催收天天打电话😡😡');
  assert.equal(s.reasonCode, 'C12');
  assert.equal(s.modelVersion, `${SHIPPED}+${r.json().version}`);
  assert.equal((await post(`/api/v1/classifier/models/${r.json().id}/deactivate`)).statusCode, 200);
});

test('a role without model:manage gets 403 on every model route', async () => {
  const id = (await list()).items[1]!.id;
  for (const s of [agent, sup]) {
    assert.equal((await k.as(s, { method: 'GET', url: '/api/v1/classifier/models' })).statusCode, 403);
    const r = await register(custom, 'head=category', s);
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().error.code, 'FORBIDDEN');
    assert.equal((await post(`/api/v1/classifier/models/${id}/activate`, s)).statusCode, 403);
    assert.equal((await post(`/api/v1/classifier/models/${id}/deactivate`, s)).statusCode, 403);
  }
  assert.equal((await list()).items.filter((x) => x.active).length, 1, 'only the shipped model is in force');
});

test('a bundle (a whole bootstrap model, > 256 KiB) replaces the shipped model; activating "shipped" brings it back', async () => {
  const r = await register(shippedBootstrapJson, 'head=bundle&name=bundle-test');
  assert.equal(r.statusCode, 201, r.body);
  const bundle = r.json();
  assert.equal(bundle.version, 'bundle-1b6b75b7856c', 'version = head + first 12 hex of the file\'s sha256');
  assert.equal(bundle.labels.length, 5 + 13 + 13);
  assert.ok(bundle.heldOut.category, 'the cross-fitted results travel with it');
  const cat = (await list()).items.find((x) => x.head === 'category')!;
  assert.equal((await post(`/api/v1/classifier/models/${cat.id}/activate`)).statusCode, 200);
  assert.equal((await post(`/api/v1/classifier/models/${bundle.id}/activate`)).statusCode, 200);
  const l = await list();
  assert.equal(l.activeVersion, `${bundle.version}+${cat.version}`);
  assert.equal(l.items.find((x) => x.id === 'shipped')!.active, false);
  assert.equal((await intake()).modelVersion, `${bundle.version}+${cat.version}`);

  const s = await post('/api/v1/classifier/models/shipped/activate');
  assert.equal(s.statusCode, 200, s.body);
  assert.equal(s.json().active, true);
  assert.equal((await intake()).modelVersion, `${SHIPPED}+${cat.version}`);
  const no = await post('/api/v1/classifier/models/shipped/deactivate');
  assert.equal(no.statusCode, 409);
  assert.equal(no.json().error.code, 'MODEL_IS_SHIPPED');
  assert.equal((await post('/api/v1/classifier/models/00000000-0000-4000-8000-000000000000/activate')).json().error.code, 'MODEL_NOT_FOUND');
});

test('a second process picks up an activation at its next reload (the worker runs it every minute)', async () => {
  const models = new ClassifierModels();
  const app = await buildApp({ deps: { ...k.deps, analyse: models.analyse }, logLevel: 'silent' });
  await app.ready();
  second = { app, models };
  const cat = (await list()).items.find((x) => x.head === 'category')!;
  assert.equal(cat.active, true);
  assert.equal((await intake(app)).modelVersion, SHIPPED, 'not reloaded yet: still the shipped set');
  const r = await reloadClassifier(k.deps.db, { models });
  assert.deepEqual(r, { changed: true, version: `${SHIPPED}+${cat.version}` });
  const s = await intake(app);
  assert.equal(s.modelVersion, `${SHIPPED}+${cat.version}`);
  assert.equal(s.category, 'technical');
  assert.equal((await reloadClassifier(k.deps.db, { models })).changed, false, 'nothing changed: nothing decoded');

  assert.equal((await post(`/api/v1/classifier/models/${cat.id}/deactivate`)).statusCode, 200);
  assert.equal((await intake(app)).modelVersion, `${SHIPPED}+${cat.version}`, 'the other process until its reload');
  await reloadClassifier(k.deps.db, { models });
  assert.equal((await intake(app)).modelVersion, SHIPPED);
});

test('an active model that cannot be decoded leaves the set in force and is logged once', async () => {
  const models = new ClassifierModels();
  const cat = (await list()).items.find((x) => x.head === 'category')!;
  await post(`/api/v1/classifier/models/${cat.id}/activate`);
  await reloadClassifier(k.deps.db, { models });
  const good = models.current().version;
  assert.equal(good, `${SHIPPED}+${cat.version}`);
  // Another row for the business head whose stored body is damaged.
  await k.deps.db.insertInto('classifier_model').values({ name: 'damaged', head: 'business', version: 'business-damaged0000', sha256: '0'.repeat(64), labels: JSON.stringify({ business: ['B01', 'B02'] }), size_bytes: 10, held_out: null, body: gzipSync('{"format": "kesu-lin'), uploaded_by: null, uploaded_at: new Date(), active: true }).execute();
  const errors: string[] = [];
  const log = { error: (_o: object, msg: string) => void errors.push(msg) };
  assert.deepEqual(await reloadClassifier(k.deps.db, { models, log }), { changed: false, version: good });
  assert.equal(models.analyse(FEE_TEXT).modelVersion, good);
  assert.equal(errors.length, 1);
  await reloadClassifier(k.deps.db, { models, log });
  assert.equal(errors.length, 1, 'the same failure is not logged every minute');
  await k.deps.db.deleteFrom('classifier_model').where('version', '=', 'business-damaged0000').execute();
  await reloadClassifier(k.deps.db, { models, log });
  assert.equal(models.current().version, good);
});

test('two activations for one head at the same time: both answer, exactly one model is in force', async () => {
  const other = await register(train(examples('business', 'service'), { seed: 2, calibrationFraction: 0 }), 'head=category&name=second');
  assert.equal(other.statusCode, 201, other.body);
  const cat = (await list()).items.find((x) => x.head === 'category' && x.id !== other.json().id)!;
  const [a, b] = await Promise.all([post(`/api/v1/classifier/models/${cat.id}/activate`), post(`/api/v1/classifier/models/${other.json().id}/activate`)]);
  assert.deepEqual([a.statusCode, b.statusCode], [200, 200], a.body + b.body);
  const active = (await list()).items.filter((x) => x.head === 'category' && x.active);
  assert.equal(active.length, 1);
  assert.equal((await intake()).modelVersion, `${SHIPPED}+${active[0]!.version}`, 'this process follows the database');
});
