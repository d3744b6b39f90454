// Random tokens and their stored hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** API key token: `kesu_<prefix>_<secret>`; the prefix finds the row, the secret is checked against its hash. */
export function newApiKeyToken(): { token: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url'); // 192 bits
  return { token: `kesu_${prefix}_${secret}`, prefix, secretHash: sha256(secret) };
}

export function parseApiKeyToken(token: string): { prefix: string; secret: string } | null {
  const m = /^kesu_([0-9a-f]{12})_([A-Za-z0-9_-]{20,64})$/.exec(token);
  return m ? { prefix: m[1]!, secret: m[2]! } : null;
}
