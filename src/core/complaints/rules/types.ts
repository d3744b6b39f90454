import type { CommandOf, CommandType } from '../commands.ts';
import type { ComplaintPolicy } from '../policy.ts';
import type { DecideContext, DecideResult } from '../results.ts';
import type { ComplaintSnapshot } from '../states.ts';

/** A rule runs only after the state guard of its command passed (see transitions.ts). */
export type Rule<T extends CommandType> = (
  s: ComplaintSnapshot,
  cmd: CommandOf<T>,
  ctx: DecideContext,
  policy: ComplaintPolicy,
) => DecideResult;
