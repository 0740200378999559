// Channel accounts: the workspace's accounts as GET /channel-accounts answers
// (webhook URLs for supervisors and up), the shapes the create and update
// answers come back in, and the writes.
import type { ChannelKind, CreateChannelAccountBody } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../lib/api.ts';
import { crudRequests } from './crud.ts';

export type ChannelAccount = {
  id: string;
  channel: ChannelKind;
  name: string;
  externalAccountId: string;
  queueId: string | null;
  isActive: boolean;
  hasCredentials: boolean;
  lastWebhookAt: string | null;
  errorCount: number;
  lastError: string | null;
  createdAt: string;
  webhookUrl?: string;
  /** WhatsApp only: what Meta's verification GET must echo. */
  verifyToken?: string;
};

/** The creation answer: the only time the secret is shown. */
export type CreatedChannelAccount = ChannelAccount & { webhookUrl: string; secret: string };

export const channelAccountQueries = {
  all: () =>
    queryOptions({
      queryKey: ['channel-accounts'] as const,
      queryFn: () => api<{ items: ChannelAccount[] }>('/channel-accounts'),
      select: (data) => data.items,
    }),
};

export type ChannelAccountPatch = { name?: string; queueId?: string | null; isActive?: boolean };

export const channelAccountRequests = {
  ...crudRequests<ChannelAccount, CreateChannelAccountBody, ChannelAccountPatch>('/channel-accounts'),
  create: (body: CreateChannelAccountBody) => api<CreatedChannelAccount>('/channel-accounts', { method: 'POST', body }),
};

/** Puts a created or updated account into the list without a refetch. */
export function withAccount(
  data: { items: ChannelAccount[] } | undefined,
  account: ChannelAccount,
): { items: ChannelAccount[] } | undefined {
  if (!data) return data;
  // The secret never stays in the cache.
  const { secret: _secret, ...stored } = account as CreatedChannelAccount;
  const exists = data.items.some((item) => item.id === account.id);
  return {
    items: exists ? data.items.map((item) => (item.id === account.id ? stored : item)) : [...data.items, stored],
  };
}
