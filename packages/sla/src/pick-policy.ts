// Owns which SLA policy a conversation gets and what its conditions mean. The
// stored jsonb is parsed with the same zod schemas the API validated it with.
import { type BusinessHours, businessHours, slaConditions } from '@relay/contracts';

export type SlaConditions = ReturnType<typeof slaConditions.parse>;

/** A policy as stored (jsonb columns not yet trusted). */
export type StoredSlaPolicy = {
  id: string;
  firstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  warnAtPercent: number;
  businessHours: unknown;
  conditions: unknown;
  isDefault: boolean;
};

export type SlaPolicy = Omit<StoredSlaPolicy, 'businessHours' | 'conditions'> & {
  businessHours: BusinessHours | null;
  conditions: SlaConditions;
};

/** What a policy's conditions are checked against. */
export type SlaSubject = {
  queueId: string | null;
  /** The conversation's queue's policy, if the queue has one. */
  queuePolicyId: string | null;
  channel: string;
  priority: number;
};

/** The policy with its jsonb parsed, or null when the stored jsonb is not valid (never applied). */
export function parsePolicy<P extends StoredSlaPolicy>(stored: P): (Omit<P, keyof SlaPolicy> & SlaPolicy) | null {
  const hours =
    stored.businessHours == null
      ? { success: true as const, data: null }
      : businessHours.safeParse(stored.businessHours);
  const conditions = slaConditions.safeParse(stored.conditions ?? {});
  if (!hours.success || !conditions.success) return null;
  return { ...stored, businessHours: hours.data, conditions: conditions.data };
}

/**
 * Every key given must hold (AND); a key left out, or given as an empty list,
 * does not restrict. channels: the conversation's channel is listed;
 * queueIds: its queue is listed (a conversation without a queue is not);
 * priorityAtLeast: its priority (0 low … 3 urgent) is that or higher.
 */
export function policyMatches(conditions: SlaConditions, subject: SlaSubject): boolean {
  if (conditions.channels?.length && !conditions.channels.some((c) => c === subject.channel)) return false;
  if (conditions.queueIds?.length && !(subject.queueId && conditions.queueIds.includes(subject.queueId))) return false;
  if (conditions.priorityAtLeast !== undefined && subject.priority < conditions.priorityAtLeast) return false;
  return true;
}

/**
 * The queue's policy when it matches the conversation, else the tenant's
 * default when that matches, else none. A policy whose stored jsonb does not
 * parse is skipped rather than guessed at.
 */
export function pickPolicy<P extends StoredSlaPolicy>(
  policies: P[],
  subject: SlaSubject,
): (Omit<P, keyof SlaPolicy> & SlaPolicy) | undefined {
  const candidates = [
    policies.find((p) => subject.queuePolicyId !== null && p.id === subject.queuePolicyId),
    policies.find((p) => p.isDefault),
  ];
  for (const stored of candidates) {
    const policy = stored && parsePolicy(stored);
    if (policy && policyMatches(policy.conditions, subject)) return policy;
  }
  return undefined;
}
