// GET /events: the socket's catch-up over HTTP, for clients without a socket (and API keys with events:read).
import { eventsQuery } from '../http/conversations.ts';
import { eventPage } from '../http/events.ts';
import { defineRoute } from './define-route.ts';

export const eventRoutes = {
  listEvents: defineRoute({
    method: 'GET',
    path: '/events',
    operationId: 'listEvents',
    summary: 'Catch up on events after a seq (same as the socket sync)',
    tag: 'events',
    apiKeyScope: 'events:read',
    query: eventsQuery,
    responses: { 200: eventPage },
  }),
};
