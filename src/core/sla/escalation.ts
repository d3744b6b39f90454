// The escalation ladder as policy data: what happens when a step is at risk, breached, or its statutory
// limit comes near. Pure data read by the sweep; an administrator may replace it.
export type LadderTrigger = 'at_risk' | 'breached' | 'statutory_near';
export type NotifyRole = 'handler' | 'supervisor' | 'consumer_protection';

export interface LadderRung {
  step: string;
  trigger: LadderTrigger;
  /** Only when the complaint is at this tier (omit: any tier). */
  tier?: 1 | 2 | 3;
  /** Escalate one tier up (the complaint loop's escalateComplaint, by the system). */
  escalate?: boolean;
  notify: NotifyRole[];
}

export const DEFAULT_LADDER: readonly LadderRung[] = [
  { step: 'decide', trigger: 'at_risk', notify: ['handler'] },
  { step: 'decide', trigger: 'breached', tier: 1, escalate: true, notify: ['supervisor'] },
  { step: 'decide', trigger: 'breached', tier: 2, escalate: true, notify: ['supervisor', 'consumer_protection'] },
  { step: 'decide', trigger: 'statutory_near', notify: ['consumer_protection'] },
  { step: 'acknowledge', trigger: 'breached', notify: ['supervisor'] },
  { step: 'notify', trigger: 'breached', notify: ['supervisor', 'consumer_protection'] },
  { step: 'reviewDecide', trigger: 'breached', notify: ['consumer_protection'] },
];

export function rungsFor(ladder: readonly LadderRung[], step: string, trigger: LadderTrigger, tier: number): LadderRung[] {
  return ladder.filter((r) => r.step === step && r.trigger === trigger && (r.tier === undefined || r.tier === tier));
}
