// Intake and set-up: accept, classify, assign, start handling, ask for / receive more information.
import { missingText, refuse, safeText, success } from '../results.ts';
import { CATEGORIES, COMPLETENESS_FIELDS, COMPLEXITIES, isOneOf, type CompletenessField } from '../states.ts';
import type { Rule } from './types.ts';

export const acceptComplaint: Rule<'acceptComplaint'> = (s, _cmd, ctx) => {
  if (s.missingFields.length > 0) return refuse('INCOMPLETE_COMPLAINT', { missingFields: [...s.missingFields] });
  const next = { ...s, state: 'accepted' as const, acceptedAt: ctx.now };
  return success(s, next, ctx, 'complaint.accepted', 'COMPLAINT_ACCEPTED', { channel: s.channel });
};

export const classifyComplaint: Rule<'classifyComplaint'> = (s, cmd, ctx) => {
  const bad: string[] = [];
  if (!isOneOf(CATEGORIES, cmd.category)) bad.push('category');
  if (!isOneOf(COMPLEXITIES, cmd.complexity)) bad.push('complexity');
  for (const k of ['major', 'mass'] as const) if (cmd[k] !== undefined && typeof cmd[k] !== 'boolean') bad.push(k);
  for (const k of ['channelCode', 'businessCode', 'reasonCode'] as const) {
    if (cmd[k] !== undefined && (typeof cmd[k] !== 'string' || cmd[k].trim() === '')) bad.push(k);
  }
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  const reclassified = s.state !== 'accepted';
  const next = {
    ...s,
    state: reclassified ? s.state : ('classified' as const),
    category: cmd.category,
    complexity: cmd.complexity,
    major: cmd.major ?? s.major,
    mass: cmd.mass ?? s.mass,
  };
  return success(s, next, ctx, 'complaint.classified', 'COMPLAINT_CLASSIFIED', {
    category: cmd.category,
    complexity: cmd.complexity,
    major: next.major,
    mass: next.mass,
    channelCode: cmd.channelCode,
    businessCode: cmd.businessCode,
    reasonCode: cmd.reasonCode,
    reclassified,
    previous: reclassified ? { category: s.category, complexity: s.complexity } : undefined,
  });
};

export const assignComplaint: Rule<'assignComplaint'> = (s, cmd, ctx) => {
  const bad = missingText(cmd, ['handlingUnitId']);
  if (cmd.handlerId !== undefined && cmd.handlerId !== null && (typeof cmd.handlerId !== 'string' || !cmd.handlerId.trim())) {
    bad.push('handlerId');
  }
  if (bad.length) return refuse('VALIDATION_FAILED', { fields: bad });
  if (s.state === 'assigned' && cmd.handlingUnitId !== s.handlingUnitId) {
    // Moving to another unit is a transfer and counts as a reassignment.
    return refuse('VALIDATION_FAILED', { fields: ['handlingUnitId'], hint: 'transferComplaint' });
  }
  const next = {
    ...s,
    state: 'assigned' as const,
    handlingUnitId: cmd.handlingUnitId,
    handlerId: cmd.handlerId ?? (s.state === 'assigned' ? s.handlerId : null),
  };
  return success(s, next, ctx, 'complaint.assigned', 'COMPLAINT_ASSIGNED', {
    handlingUnitId: next.handlingUnitId,
    handlerId: next.handlerId,
    tier: s.tier,
  });
};

export const startHandling: Rule<'startHandling'> = (s, _cmd, ctx) => {
  const handlerId = s.handlerId ?? ctx.actor.id;
  const next = { ...s, state: 'in_progress' as const, handlerId, handlingStartedAt: s.handlingStartedAt ?? ctx.now };
  return success(s, next, ctx, 'complaint.handling_started', 'COMPLAINT_HANDLING_STARTED', { handlerId, tier: s.tier });
};

function fieldList(v: unknown): CompletenessField[] | null {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((f) => isOneOf(COMPLETENESS_FIELDS, f))) return null;
  return [...new Set(v as CompletenessField[])];
}

export const requestInformation: Rule<'requestInformation'> = (s, cmd, ctx) => {
  const fields = fieldList(cmd.fields);
  if (fields === null) return refuse('VALIDATION_FAILED', { fields: ['fields'] });
  const asked = fields.length ? fields : s.state === 'registered' ? [...s.missingFields] : [];
  const hasNote = typeof cmd.note === 'string' && cmd.note.trim() !== '';
  if (asked.length === 0 && !hasNote) return refuse('VALIDATION_FAILED', { fields: ['note'] });
  const pausedFrom = s.state === 'registered' ? ('registered' as const) : ('in_progress' as const);
  const next = { ...s, state: 'awaiting_info' as const, pausedFrom, pausedAt: ctx.now };
  return success(s, next, ctx, 'complaint.information_requested', 'INFORMATION_REQUESTED', {
    fields: asked,
    note: safeText(cmd.note),
  });
};

export const supplyInformation: Rule<'supplyInformation'> = (s, cmd, ctx) => {
  const supplied = fieldList(cmd.suppliedFields);
  if (supplied === null) return refuse('VALIDATION_FAILED', { fields: ['suppliedFields'] });
  const back = s.pausedFrom ?? 'in_progress';
  const next = {
    ...s,
    state: back,
    pausedFrom: null,
    pausedAt: null,
    missingFields: s.missingFields.filter((f) => !supplied.includes(f)),
  };
  return success(s, next, ctx, 'complaint.information_supplied', 'INFORMATION_SUPPLIED', {
    suppliedFields: supplied,
    stillMissing: [...next.missingFields],
    pausedAt: s.pausedAt?.toISOString(),
    pausedMs: s.pausedAt ? ctx.now.getTime() - s.pausedAt.getTime() : undefined,
  });
};
