// API keys looked up once and then served from memory, so an integration posting complaints costs one database round
// trip less per request. Revocation stays immediate: revoking NOTIFYs `kesu_api_keys` in its transaction and every
// process drops its cache on commit. Nothing is cached while the process cannot hear those notices (listener down),
// a lookup that raced a revocation is not cached (generation check), and entries expire after `ttlMs` regardless.
import type { Database } from '../db/database.ts';
import { API_KEY_CHANNEL } from '../app/admin/api-keys.ts';

export interface ApiKeyRow {
  id: string;
  secret_hash: string;
  scopes: string[];
  revoked_at: Date | null;
  last_used_at: Date | null;
  org_unit_id: string | null;
  path: string | null;
  name: string;
}

interface Entry {
  row: ApiKeyRow;
  loadedAt: number;
}

export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private live = false;
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(private readonly opts: { ttlMs?: number; maxEntries?: number } = {}) {}

  /** Starts listening for revocations; until the listener is up, every lookup reads the database. */
  async attach(database: Pick<Database, 'listen'>): Promise<void> {
    this.unsubscribe = await database.listen(API_KEY_CHANNEL, (signal) => {
      this.invalidate();
      this.live = signal !== 'lost';
    });
  }

  async detach(): Promise<void> {
    this.live = false;
    this.invalidate();
    await this.unsubscribe?.();
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  /** The key with this prefix: from memory when cached and fresh, else from `load` (cached only if still valid). */
  async lookup(prefix: string, nowMs: number, load: () => Promise<ApiKeyRow | undefined>): Promise<ApiKeyRow | undefined> {
    const hit = this.live ? this.entries.get(prefix) : undefined;
    if (hit && nowMs - hit.loadedAt < (this.opts.ttlMs ?? 60_000)) return hit.row;
    const generation = this.generation;
    const row = await load();
    // A notice that arrived while loading means the row may predate a revocation: serve it (it was read before the
    // commit, as without a cache) but do not keep it.
    if (row && !row.revoked_at && this.live && generation === this.generation) {
      if (this.entries.size >= (this.opts.maxEntries ?? 1000)) this.entries.clear();
      this.entries.set(prefix, { row, loadedAt: nowMs });
    } else this.entries.delete(prefix);
    return row;
  }

  /** Records a use written to the database, so the next minute's requests do not write it again. */
  touched(prefix: string, at: Date): void {
    const e = this.entries.get(prefix);
    if (e) e.row = { ...e.row, last_used_at: at };
  }
}
