// Job payloads: what a writer queues in the jobs table and a worker claims.
// One schema per job kind; enqueueJob takes z.input of it, and the worker
// parses each claimed payload with it (a payload that does not parse is
// dead-lettered at once with the issues, never retried: no later attempt
// could make it parse).
import { z } from 'zod';

/** Outbound delivery of one reply through its channel. */
export const DELIVER_MESSAGE_JOB = 'deliver_message';
/**
 * Push fallback for one event: a retry for the devices FCM did not take when the
 * worker's log round first sent it (push_cursors). Jobs queued before the log round
 * existed carry {seq} alone and go to every device.
 */
export const PUSH_EVENT_JOB = 'push_event';

export const deliverMessageJobPayload = z.object({ messageId: z.uuid() });
export const pushEventJobPayload = z.object({
  seq: z.number().int().positive(),
  /** The devices still owed the push; absent: every device of the event's recipients. */
  deviceIds: z.array(z.uuid()).min(1).max(10_000).optional(),
});

/** Every job kind and its payload's schema. */
export const jobPayloads = {
  [DELIVER_MESSAGE_JOB]: deliverMessageJobPayload,
  [PUSH_EVENT_JOB]: pushEventJobPayload,
} as const;

export type JobKind = keyof typeof jobPayloads;
export const jobKinds = Object.keys(jobPayloads) as JobKind[];
/** What a writer may queue for this kind. */
export type JobPayloadInput<K extends JobKind> = z.input<(typeof jobPayloads)[K]>;
/** What a worker gets once the claimed payload parsed. */
export type JobPayload<K extends JobKind> = z.infer<(typeof jobPayloads)[K]>;
