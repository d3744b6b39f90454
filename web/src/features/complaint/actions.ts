// The complaint actions the console offers: core command name (as in allowedActions) → route, permission,
// whether it needs a form, and how form values become the request body.
import { fromShanghaiLocalInput } from '../../lib/format.ts';
import type { Complaint } from '../../api/types.ts';

export interface ActionDef {
  path: string;
  permission: string;
  /** No fields: a confirmation is enough. */
  confirmOnly?: boolean;
  danger?: boolean;
  primary?: boolean;
}

export const ACTIONS: Record<string, ActionDef> = {
  acceptComplaint: { path: 'accept', permission: 'complaint:accept', confirmOnly: true, primary: true },
  classifyComplaint: { path: 'classify', permission: 'complaint:classify', primary: true },
  assignComplaint: { path: 'assign', permission: 'complaint:assign', primary: true },
  startHandling: { path: 'start', permission: 'complaint:handle', confirmOnly: true, primary: true },
  requestInformation: { path: 'information-requests', permission: 'complaint:handle' },
  supplyInformation: { path: 'information', permission: 'complaint:handle', primary: true },
  transferComplaint: { path: 'transfer', permission: 'complaint:handle' },
  returnComplaint: { path: 'return', permission: 'complaint:handle' },
  escalateComplaint: { path: 'escalate', permission: 'complaint:escalate' },
  extendDeadline: { path: 'extension', permission: 'complaint:handle' },
  approveExtension: { path: 'extension/approval', permission: 'extension:approve', primary: true },
  recordDecision: { path: 'decision', permission: 'complaint:decide', primary: true },
  sendResultFeedback: { path: 'feedback', permission: 'complaint:handle', primary: true },
  recordSatisfaction: { path: 'satisfaction', permission: 'complaint:handle' },
  requestReview: { path: 'review-request', permission: 'complaint:handle' },
  decideReview: { path: 'review-decision', permission: 'complaint:review', primary: true },
  recordFollowUp: { path: 'follow-up', permission: 'complaint:handle', primary: true },
  closeComplaint: { path: 'close', permission: 'complaint:close', primary: true },
  reopenComplaint: { path: 'reopen', permission: 'complaint:close', danger: true },
  mergeComplaints: { path: 'merge', permission: 'complaint:merge' },
  archiveComplaint: { path: 'archive', permission: 'complaint:close', confirmOnly: true },
};

/** Actions to offer: allowed by the state machine, permitted to the user, and meaningful right now. */
export function offeredActions(c: Complaint, can: (p: string) => boolean): string[] {
  return c.allowedActions.filter((a) => {
    const def = ACTIONS[a];
    if (!def || !can(def.permission)) return false;
    if (a === 'approveExtension') return c.extensionPending;
    if (a === 'extendDeadline') return !c.extensionPending && c.extensionLevel < 2;
    if (a === 'recordSatisfaction') return !c.satisfaction;
    return true;
  });
}

type Values = Record<string, unknown>;

function clean(v: unknown): unknown {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') {
    const o: Values = {};
    for (const [k, x] of Object.entries(v)) {
      const c = clean(x);
      if (c !== undefined && c !== null && !(typeof c === 'object' && !Array.isArray(c) && Object.keys(c as object).length === 0)) o[k] = c;
    }
    return o;
  }
  return v;
}

/** Form values → the action's request body (API field names; empty fields dropped; local times → +08:00). */
export function toBody(command: string, values: Values): Values {
  const v = (clean(values) ?? {}) as Values;
  switch (command) {
    case 'assignComplaint':
      return { handlingUnitId: v.handlingUnitId, handlerId: v.handlerId ?? null };
    case 'sendResultFeedback':
      return { channel: v.channel, ...(typeof v.notifiedAt === 'string' ? { notifiedAt: fromShanghaiLocalInput(v.notifiedAt) } : {}) };
    case 'requestReview':
      return { reason: v.reason, ...(typeof v.receivedAt === 'string' ? { receivedAt: fromShanghaiLocalInput(v.receivedAt) } : {}) };
    case 'approveExtension':
      return { approved: v.approved === true || v.approved === 'yes', ...(v.note ? { note: v.note } : {}) };
    case 'recordFollowUp':
      return { reached: v.reached === true || v.reached === 'yes', ...(v.note ? { note: v.note } : {}) };
    case 'recordSatisfaction': {
      const scores = Object.fromEntries(Object.entries((v.scores as Values | undefined) ?? {}).filter(([, n]) => typeof n === 'number' && n > 0));
      return { level: v.level, ...(Object.keys(scores).length ? { scores } : {}), ...(v.comment ? { comment: v.comment } : {}) };
    }
    case 'classifyComplaint':
      return { ...v, major: v.major === true, mass: v.mass === true };
    default:
      return v;
  }
}
