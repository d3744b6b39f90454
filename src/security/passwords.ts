// Staff passwords: argon2id, at least 12 characters, no composition rules, common passwords refused.
// Hashing is limited to two at a time so that login cannot be used to exhaust the CPU.
import { hash, verify } from '@node-rs/argon2';

const COMMON = new Set([
  'password1234', 'password12345', '123456789012', '1234567890123', 'qwertyuiop12', 'qwerty123456', 'iloveyou1234',
  'admin1234567', 'administrator', 'welcome12345', 'letmein12345', 'abc123456789', '111111111111', '000000000000',
  'aaaaaaaaaaaa', 'passw0rd1234', 'changeme1234', 'kesu12345678', 'woaini123456', 'a12345678910', '1q2w3e4r5t6y',
  'zaq12wsxcde3', 'p@ssw0rd1234', 'qwerasdfzxcv', '123123123123', '88888888888888', '666666666666', '520131452013',
]);

export function passwordProblem(pw: string): string | null {
  if ([...pw].length < 12) return 'too_short';
  if ([...pw].length > 256) return 'too_long';
  if (COMMON.has(pw.toLowerCase())) return 'common';
  if (new Set(pw).size <= 2) return 'repetitive';
  return null;
}

let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const OPTS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(pw: string): Promise<string> {
  return limited(() => hash(pw, OPTS));
}

export function verifyPassword(stored: string, pw: string): Promise<boolean> {
  return limited(() => verify(stored, pw).catch(() => false));
}

/** A valid hash of a random password: verified against when the user does not exist, so timing does not tell. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hash('kesu-no-such-user-' + Math.random(), OPTS);
  return dummy;
}
