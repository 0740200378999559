// GET /events: the socket's catch-up over HTTP. Its query (eventsQuery) sits with the
// conversations' schemas; the envelope is the socket's.
import { z } from 'zod';
import { eventEnvelope } from '../socket.ts';

/** The events after ?after= the caller may see, oldest first; reset: too far behind, refetch instead. */
export const eventPage = z.object({
  events: z.array(eventEnvelope),
  latestSeq: z.number().int().min(0),
  reset: z.boolean(),
});
export type EventPage = z.infer<typeof eventPage>;
