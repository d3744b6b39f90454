// The small set of ports use cases receive.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../security/keyring.ts';

export type Clock = () => Date;

/** What the classifier suggests for a complaint text (src/core/classify). */
export interface Analysis {
  category: string;
  categoryConfidence: number;
  reasonCode: string | null;
  reasonConfidence?: number;
  businessCode: string | null;
  businessConfidence?: number;
  urgency: 'normal' | 'high' | 'critical';
  urgencyReasons: unknown[];
  entities?: unknown[];
  modelVersion: string;
}

export interface Deps {
  db: Kysely<DB>;
  keyring: Keyring;
  clock: Clock;
  /** Suggests category, codes and urgency; absent → no suggestion is stored. */
  analyse?: (text: string) => Analysis;
  /** Draws a tracking number; absent → the random one of src/app/complaints/intake.ts (tests fix it). */
  trackingNo?: (now: Date) => string;
}
