// Encryption of personal financial information (C2 fields) at rest.
// A master key (KESU_MASTER_KEY, or a key file created on first run with mode 0600) wraps data keys kept in the
// database; every ciphertext names the data key it was made with, so keys rotate without downtime.
// Blind indexes (HMAC-SHA256) use a separate key derived from the master key, so they survive data-key rotation.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

const PREFIX = 'v1';

export class KeyError extends Error {
  readonly code = 'KEY_ERROR';
}

export function loadMasterKey(opts: { masterKey: string | null; dataDir: string }): Buffer {
  if (opts.masterKey) return parseKey(opts.masterKey, 'KESU_MASTER_KEY');
  const dir = join(opts.dataDir, 'keys');
  const file = join(dir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return parseKey(readFileSync(file, 'utf8').trim(), file);
}

function parseKey(text: string, source: string): Buffer {
  const b = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (b.length !== 32) throw new KeyError(`${source}: the master key must be 32 bytes (base64 or hex)`);
  return b;
}

// GCM nonces come from the CSPRNG 4 KiB at a time — one getrandom call for ~340 nonces instead of one each (a system
// call costs ~0.1 ms in some sandboxes, and intake seals five fields). Every byte is handed out once, so nonces are
// as unique as with a call per nonce.
let noncePool = Buffer.alloc(0);
let nonceAt = 0;
export function freshNonce(): Buffer {
  if (nonceAt + 12 > noncePool.length) {
    noncePool = randomBytes(4096);
    nonceAt = 0;
  }
  const n = Buffer.from(noncePool.subarray(nonceAt, nonceAt + 12));
  nonceAt += 12;
  return n;
}

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const nonce = freshNonce();
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return `${nonce.toString('base64')}.${ct.toString('base64')}.${c.getAuthTag().toString('base64')}`;
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const [n, ct, tag] = sealed.split('.');
  if (!n || ct === undefined || !tag) throw new KeyError('malformed ciphertext');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(n, 'base64'));
  d.setAAD(Buffer.from(aad));
  d.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64')), d.final()]);
}

export class Keyring {
  private keys = new Map<string, Buffer>();
  private activeId = '';
  private readonly blindKey: Buffer;

  constructor(
    private readonly master: Buffer,
    private readonly db: Kysely<DB>,
  ) {
    this.blindKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'kesu-blind-index-v1', 32));
  }

  /** Loads data keys; creates the first one if there is none (safe when several processes start at once). */
  async load(): Promise<void> {
    let rows = await this.db.selectFrom('encryption_key').selectAll().where('purpose', '=', 'data').execute();
    if (!rows.some((r) => r.active)) {
      await this.insertKey(true);
      rows = await this.db.selectFrom('encryption_key').selectAll().where('purpose', '=', 'data').execute();
    }
    const keys = new Map<string, Buffer>();
    let active = '';
    for (const r of rows) {
      try {
        keys.set(r.id, open(this.master, r.wrapped_key, `key:${r.id}`));
      } catch {
        throw new KeyError(
          `数据密钥 ${r.id} 无法用当前主密钥解开 / data key ${r.id} cannot be unwrapped with the configured master key (wrong KESU_MASTER_KEY or key file?)`,
        );
      }
      if (r.active) active = r.id;
    }
    this.keys = keys;
    this.activeId = active;
  }

  private async insertKey(active: boolean, db: Kysely<DB> = this.db): Promise<string> {
    const id = `k${randomBytes(6).toString('hex')}`;
    const wrapped = seal(this.master, randomBytes(32), `key:${id}`);
    await db
      .insertInto('encryption_key')
      .values({ id, purpose: 'data', wrapped_key: wrapped, active })
      .onConflict((oc) => oc.doNothing())
      .execute();
    return id;
  }

  get activeKeyId(): string {
    return this.activeId;
  }

  encrypt(field: string, plaintext: string): string {
    const key = this.keys.get(this.activeId);
    if (!key) throw new KeyError('keyring not loaded');
    return `${PREFIX}.${this.activeId}.${seal(key, Buffer.from(plaintext, 'utf8'), `pii:${field}`)}`;
  }

  encryptOrNull(field: string, plaintext: string | null | undefined): string | null {
    return plaintext === null || plaintext === undefined || plaintext === '' ? null : this.encrypt(field, plaintext);
  }

  /** Binary values (attachments): key id + nonce + tag + ciphertext in one buffer. */
  encryptBytes(field: string, plain: Buffer): Buffer {
    const key = this.keys.get(this.activeId);
    if (!key) throw new KeyError('keyring not loaded');
    const nonce = freshNonce();
    const c = createCipheriv('aes-256-gcm', key, nonce);
    c.setAAD(Buffer.from(`bin:${field}`));
    const ct = Buffer.concat([c.update(plain), c.final()]);
    const id = Buffer.from(this.activeId, 'utf8');
    return Buffer.concat([Buffer.from([id.length]), id, nonce, c.getAuthTag(), ct]);
  }

  async decryptBytes(field: string, blob: Buffer): Promise<Buffer> {
    const idLen = blob[0]!;
    const keyId = blob.subarray(1, 1 + idLen).toString('utf8');
    if (!this.keys.has(keyId)) await this.load();
    const key = this.keys.get(keyId);
    if (!key) throw new KeyError(`unknown data key ${keyId}`);
    const nonce = blob.subarray(1 + idLen, 13 + idLen);
    const tag = blob.subarray(13 + idLen, 29 + idLen);
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAAD(Buffer.from(`bin:${field}`));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(blob.subarray(29 + idLen)), d.final()]);
  }

  static keyIdOf(ciphertext: string): string {
    return ciphertext.split('.')[1] ?? '';
  }

  async decrypt(field: string, ciphertext: string): Promise<string> {
    const [v, keyId, ...rest] = ciphertext.split('.');
    if (v !== PREFIX || !keyId) throw new KeyError('unknown ciphertext format');
    if (!this.keys.has(keyId)) await this.load(); // rotated by another process
    const key = this.keys.get(keyId);
    if (!key) throw new KeyError(`unknown data key ${keyId}`);
    return open(key, rest.join('.'), `pii:${field}`).toString('utf8');
  }

  /** Exact-match look-up token for a normalised value; the kind separates ID numbers from phones. */
  blindIndex(kind: string, normalised: string): string {
    return createHmac('sha256', this.blindKey).update(`${kind}:${normalised}`).digest('hex').slice(0, 40);
  }

  /** Makes a new active data key; old keys stay readable until `retire` finds no value still using them. */
  async rotate(): Promise<{ newKeyId: string; previous: string }> {
    const previous = this.activeId;
    const newKeyId = await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('encryption_key').set({ active: false }).where('purpose', '=', 'data').where('active', '=', true).execute();
      return this.insertKey(true, trx);
    });
    await this.load();
    return { newKeyId, previous };
  }
}
