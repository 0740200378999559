// The supervisor's live queue (GET /queue-stats): per queue the waiting line
// and its SLA clocks at risk or breached, per operator presence and load.
// Times are ISO strings; the screen counts down from them on its own clock.
import { z } from 'zod';
import { availability, operatorRole, routingMode } from '../enums.ts';
import { isoTime } from './iso-time.ts';

export const slaKind = z.enum(['first_response', 'resolution']);
export type SlaKind = z.infer<typeof slaKind>;

/** How many conversations each list of a queue holds at most. */
export const QUEUE_STATS_LIST_CAP = 50;

export const waitingConversation = z.object({
  conversationId: z.uuid(),
  clientName: z.string().nullable(),
  /** When it joined the line (its creation). */
  since: isoTime,
});

export const slaAtRisk = z.object({
  conversationId: z.uuid(),
  clientName: z.string().nullable(),
  assignedOperatorId: z.uuid().nullable(),
  kind: slaKind,
  warnAt: isoTime.nullable(),
  dueAt: isoTime,
});
export type SlaAtRisk = z.infer<typeof slaAtRisk>;

export const slaBreached = slaAtRisk.omit({ warnAt: true });
export type SlaBreached = z.infer<typeof slaBreached>;

export const queueStats = z.object({
  id: z.uuid(),
  name: z.string(),
  routingMode,
  /** Unassigned and new, open or pending. */
  waiting: z.number().int(),
  oldestWaitingSince: isoTime.nullable(),
  /** The head of the line (priority, then oldest), at most QUEUE_STATS_LIST_CAP. */
  waitingConversations: z.array(waitingConversation),
  /** Warned or past the warn time, not yet due; earliest due first. */
  atRisk: z.array(slaAtRisk),
  /** Past due while the clock is still running (no reply yet, or not resolved). */
  breached: z.array(slaBreached),
});
export type QueueStats = z.infer<typeof queueStats>;

export const operatorLoad = z.object({
  id: z.uuid(),
  name: z.string(),
  role: operatorRole,
  availability,
  /** Has a live socket; null when this API process cannot see presence. */
  connected: z.boolean().nullable(),
  load: z.number().int(),
  capacity: z.number().int(),
});
export type OperatorLoad = z.infer<typeof operatorLoad>;

export const queueStatsResponse = z.object({
  queues: z.array(queueStats),
  operators: z.array(operatorLoad),
  generatedAt: isoTime,
});
export type QueueStatsResponse = z.infer<typeof queueStatsResponse>;
