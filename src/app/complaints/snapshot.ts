// A complaint's rule snapshot is kept whole in complaint.state_data (JSON); dates travel as ISO strings.
import type { ComplaintSnapshot } from '../../core/complaints/index.ts';

const DATE_KEYS = new Set([
  'receivedAt', 'pausedAt', 'statutoryDueAt', 'acceptedAt', 'handlingStartedAt', 'decidedAt', 'decisionNotifiedAt',
  'reviewRequestedAt', 'reviewDecidedAt', 'followedUpAt', 'closedAt', 'archivedAt', 'requestedAt',
]);

export function snapshotToJson(s: ComplaintSnapshot): string {
  return JSON.stringify(s);
}

export function snapshotFromJson(raw: unknown): ComplaintSnapshot {
  const revive = (v: unknown, key?: string): unknown => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, revive(x, k)]));
    }
    if (typeof v === 'string' && key && DATE_KEYS.has(key)) return new Date(v);
    return v;
  };
  return revive(typeof raw === 'string' ? JSON.parse(raw) : raw) as ComplaintSnapshot;
}
