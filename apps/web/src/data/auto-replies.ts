// Auto replies: the workspace's rules as GET /auto-replies answers
// (supervisors and up may read; admins write), and their writes.
import type { AutoReplyTrigger, ChannelKind } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import { crudRequests } from './crud.ts';

export type AutoReply = {
  id: string;
  name: string;
  trigger: AutoReplyTrigger;
  keywords: string[];
  content: string;
  /** Empty: every channel. */
  channels: ChannelKind[];
  priority: number;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
};

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
      queryFn: () => api<{ items: AutoReply[] }>('/auto-replies'),
      select: (data) => data.items,
    }),
};

export const autoReplyRequests = crudRequests<AutoReply, AutoReplyInput>('/auto-replies');
