// @relay/sla: the SLA engine's pure logic — which policy a conversation gets,
// and when its first response and resolution (and their warnings) are due,
// business hours and DST included. No database, no clock of its own.
export { addBusinessTime, warnMoment } from './business-time.ts';
export {
  parsePolicy,
  pickPolicy,
  policyMatches,
  type SlaConditions,
  type SlaPolicy,
  type SlaSubject,
  type StoredSlaPolicy,
} from './pick-policy.ts';
export { NO_SLA_TIMERS, type SlaTimers, slaTimers } from './sla-timers.ts';
