// Re-encrypts every value not under the active data key, in batches, then marks old keys retired.
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';

/** Encrypted columns and the field name bound into each ciphertext (AAD). */
export const ENCRYPTED_COLUMNS: Array<{ table: 'complaint' | 'app_user'; column: string; field: string }> = [
  { table: 'complaint', column: 'name_enc', field: 'name' },
  { table: 'complaint', column: 'id_number_enc', field: 'idNumber' },
  { table: 'complaint', column: 'phone_enc', field: 'phone' },
  { table: 'complaint', column: 'email_enc', field: 'email' },
  { table: 'complaint', column: 'customer_no_enc', field: 'customerNo' },
  { table: 'app_user', column: 'email_enc', field: 'email' },
  { table: 'app_user', column: 'totp_secret_enc', field: 'totp' },
];

export async function reencryptAll(deps: Deps, onProgress?: (n: number) => void): Promise<number> {
  const active = deps.keyring.activeKeyId;
  const prefix = `v1.${active}.`;
  let done = 0;
  for (const c of ENCRYPTED_COLUMNS) {
    for (;;) {
      const rows = await sql<{ id: string; v: string }>`
        SELECT id, ${sql.ref(c.column)} AS v FROM ${sql.table(c.table)}
        WHERE ${sql.ref(c.column)} IS NOT NULL AND left(${sql.ref(c.column)}, ${prefix.length}) <> ${prefix}
        LIMIT 500`.execute(deps.db);
      if (rows.rows.length === 0) break;
      for (const r of rows.rows) {
        const plain = await deps.keyring.decrypt(c.field, r.v);
        // Conditional on the old value: a concurrent change by a server wins.
        await sql`UPDATE ${sql.table(c.table)} SET ${sql.ref(c.column)} = ${deps.keyring.encrypt(c.field, plain)}
                  WHERE id = ${r.id} AND ${sql.ref(c.column)} = ${r.v}`.execute(deps.db);
        done++;
      }
      onProgress?.(done);
    }
  }
  await deps.db.updateTable('encryption_key').set({ retired_at: deps.clock() }).where('active', '=', false).where('retired_at', 'is', null).execute();
  return done;
}
