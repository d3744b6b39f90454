import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testKesu, standardTree, type TestKesu, type Staff } from '../support/app.ts';
import { BODY } from '../support/fixtures.ts';

let k: TestKesu;
let handler: Staff, outsider: Staff;
before(async () => {
  k = await testKesu();
  await standardTree(k);
  handler = await k.staff('h1', ['handler'], 'BJ01');
  outsider = await k.staff('h2', ['handler'], 'SH');
});
after(async () => k?.close());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('扣款截图-测试-'.repeat(20))]);

test('attachments: type by content, count limited, encrypted at rest, served to staff only as a download', async () => {
  const c = (await k.as(handler, { method: 'POST', url: '/api/v1/complaints', payload: BODY })).json();
  const url = `/api/v1/complaints/${c.id}/attachments`;
  const exe = await k.as(handler, { method: 'POST', url, payload: { filename: 'photo.png', contentBase64: Buffer.from('MZ\x90\x00not an image').toString('base64') } });
  assert.equal(exe.statusCode, 415);
  assert.equal(exe.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  const ok = await k.as(handler, { method: 'POST', url, payload: { filename: '../../etc/截图.png', contentBase64: PNG.toString('base64') } });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().filename, '.._.._etc_截图.png');
  for (let i = 0; i < 4; i++) assert.equal((await k.as(handler, { method: 'POST', url, payload: { filename: `p${i}.png`, contentBase64: PNG.toString('base64') } })).statusCode, 201);
  const sixth = await k.as(handler, { method: 'POST', url, payload: { filename: 'p6.png', contentBase64: PNG.toString('base64') } });
  assert.equal(sixth.statusCode, 400);

  const stored = await k.deps.db.selectFrom('attachment').select('content_enc').executeTakeFirstOrThrow();
  assert.ok(!Buffer.from(stored.content_enc).includes(Buffer.from('扣款截图')), 'encrypted at rest');

  const dl = await k.as(handler, { method: 'GET', url: `${url}/${ok.json().id}` });
  assert.equal(dl.statusCode, 200);
  assert.match(String(dl.headers['content-disposition']), /^attachment;/);
  assert.equal(dl.headers['x-content-type-options'], 'nosniff');
  assert.equal(dl.headers['content-type'], 'image/png');
  assert.ok(dl.rawPayload.equals(PNG));
  assert.equal((await k.as(outsider, { method: 'GET', url: `${url}/${ok.json().id}` })).statusCode, 404);
});
