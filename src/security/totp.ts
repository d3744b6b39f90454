// TOTP (RFC 6238) through otplib: 6 digits, 30-second steps, one step of clock drift, no replays.
import { generateSecret, generateURI, verify, generate } from 'otplib';
import { randomBytes } from 'node:crypto';

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, account: string): string {
  return generateURI({ issuer: 'Kesu 客诉', label: account, secret });
}

/** Returns the matched time step, or null. Steps at or before `afterStep` are refused (replay). */
export async function checkTotp(secret: string, token: string, now: Date, afterStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(token)) return null;
  const r = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return r.valid ? (r as { timeStep: number }).timeStep : null;
}

export function totpCodeAt(secret: string, when: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(when.getTime() / 1000) });
}

export function newRecoveryCodes(n = 10): string[] {
  return Array.from({ length: n }, () => {
    const s = randomBytes(5).toString('hex');
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}
