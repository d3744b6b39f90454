// Registration (登记): the first snapshot of a complaint, with its event and audit entry.
import { refuseC3 } from '../privacy/pii.ts';
import { refuse, type DecideContext, type DecideResult } from './results.ts';
import { CHANNELS, COMPLETENESS_FIELDS, isOneOf, newComplaintSnapshot, type NewComplaintInput } from './states.ts';

export interface RegisterComplaintInput extends NewComplaintInput {
  /** The complainant's free text (content, demand, notes): refused if it states C3 authentication data. */
  readonly freeText?: readonly string[];
}

export function registerComplaint(input: RegisterComplaintInput, ctx: DecideContext): DecideResult {
  const bad: string[] = [];
  if (typeof input.id !== 'string' || !input.id.trim()) bad.push('id');
  if (!isOneOf(CHANNELS, input.channel)) bad.push('channel');
  if (!(input.receivedAt instanceof Date) || Number.isNaN(input.receivedAt.getTime()) || input.receivedAt > ctx.now) bad.push('receivedAt');
  if (input.missingFields && !input.missingFields.every((f) => isOneOf(COMPLETENESS_FIELDS, f))) bad.push('missingFields');
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  for (const text of input.freeText ?? []) {
    const c3 = refuseC3(text);
    if (!c3.ok) return refuse('C3_DATA_REFUSED', { kinds: c3.kinds });
  }
  const next = newComplaintSnapshot(input);
  const data = { complaintId: next.id, from: null, to: next.state, channel: next.channel, receivedAt: next.receivedAt.toISOString(), missingFields: [...next.missingFields] };
  return {
    ok: true,
    next,
    events: [{ type: 'complaint.registered', complaintId: next.id, occurredAt: ctx.now, actorId: ctx.actor.id, data }],
    audit: { kind: 'COMPLAINT_REGISTERED', data },
  };
}
