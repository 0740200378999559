// Auto replies: the workspace's rules as GET /auto-replies answers
// (supervisors and up may read; admins write), and their writes.
import { type AutoReply, type AutoReplyTrigger, apiRoutes } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.autoReplies;

/** What the form sends: every field of the rule (creation and edit alike). */
export type AutoReplyInput = Omit<AutoReply, 'id' | 'createdAt' | 'updatedAt'>;

/** When each kind fires, as the webhook applies them (at most one reply per inbound message). */
export const TRIGGERS: Record<AutoReplyTrigger, { label: string; when: string }> = {
  keyword: {
    label: 'Keyword',
    when: 'A message contains one of the keywords (as a whole word). Repeats after 10 minutes at most.',
  },
  away: {
    label: 'Away',
    when: 'Nobody who could answer is online. Takes precedence over the greeting; repeats after 6 hours at most.',
  },
  greeting: {
    label: 'Greeting',
    when: 'A new conversation starts and no keyword or away rule answered. At most once a day per conversation.',
  },
};

export const autoReplyQueries = {
  all: () =>
    queryOptions({
      queryKey: ['auto-replies'] as const,
      queryFn: () => call(routes.listAutoReplies),
      select: (data) => data.items,
    }),
};

export const autoReplyRequests = {
  create: (body: BodyOf<typeof routes.createAutoReply>) => call(routes.createAutoReply, { body }),
  update: (id: string, body: BodyOf<typeof routes.updateAutoReply>) =>
    call(routes.updateAutoReply, { params: { id }, body }),
  remove: (id: string) => call(routes.deleteAutoReply, { params: { id } }),
};
