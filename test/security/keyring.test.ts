// Sealing personal data: nonces are never reused (they come from a pool of random bytes refilled as it runs out), and
// every value comes back out, in text and in binary form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { freshDatabase } from '../support/db.ts';
import { Keyring, freshNonce } from '../../src/security/keyring.ts';

let d: Awaited<ReturnType<typeof freshDatabase>>;
let k: Keyring;
before(async () => {
  d = await freshDatabase();
  k = new Keyring(randomBytes(32), d.db);
  await k.load();
});
after(async () => d?.drop());

test('5,000 nonces across many pool refills are all distinct and 12 bytes long', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const n = freshNonce();
    assert.equal(n.length, 12);
    seen.add(n.toString('hex'));
  }
  assert.equal(seen.size, 5000);
});

test('the same phone number sealed 1,000 times: 1,000 different ciphertexts with different nonces, each decrypts back', async () => {
  const phone = '13912345678';
  const sealed = Array.from({ length: 1000 }, () => k.encrypt('phone', phone));
  assert.equal(new Set(sealed).size, 1000);
  // keyId.nonce.ciphertext.tag: the nonce is the part after the key id.
  const nonces = sealed.map((s) => s.split('.')[2]);
  assert.equal(new Set(nonces).size, 1000);
  for (const s of sealed.slice(0, 50)) assert.equal(await k.decrypt('phone', s), phone);
  const blobs = Array.from({ length: 400 }, () => k.encryptBytes('attachment', Buffer.from('凭证')));
  assert.equal(new Set(blobs.map((b) => b.toString('hex'))).size, 400);
  assert.equal((await k.decryptBytes('attachment', blobs[0]!)).toString(), '凭证');
});
