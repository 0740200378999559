// Owns the four moments of one SLA cycle: when the first response and the
// resolution are due, and when each one's warning is.
import { addBusinessTime, warnMoment } from './business-time.ts';
import type { SlaPolicy } from './pick-policy.ts';

export type SlaTimers = {
  firstResponseDueAt: Date | null;
  firstResponseWarnAt: Date | null;
  resolutionDueAt: Date | null;
  resolutionWarnAt: Date | null;
};

export const NO_SLA_TIMERS: SlaTimers = {
  firstResponseDueAt: null,
  firstResponseWarnAt: null,
  resolutionDueAt: null,
  resolutionWarnAt: null,
};

function moments(start: Date, seconds: number | null, policy: SlaPolicy) {
  if (seconds === null) return { due: null, warn: null };
  return {
    due: addBusinessTime(start, seconds, policy.businessHours),
    warn: warnMoment(start, seconds, policy.warnAtPercent, policy.businessHours),
  };
}

/** The cycle's moments counted from `start`; a target the policy leaves null has none. */
export function slaTimers(policy: SlaPolicy | undefined, start: Date): SlaTimers {
  if (!policy) return NO_SLA_TIMERS;
  const first = moments(start, policy.firstResponseSeconds, policy);
  const resolution = moments(start, policy.resolutionSeconds, policy);
  return {
    firstResponseDueAt: first.due,
    firstResponseWarnAt: first.warn,
    resolutionDueAt: resolution.due,
    resolutionWarnAt: resolution.warn,
  };
}
