// The small set of ports use cases receive.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../security/keyring.ts';

export type Clock = () => Date;

export interface Deps {
  db: Kysely<DB>;
  keyring: Keyring;
  clock: Clock;
}
