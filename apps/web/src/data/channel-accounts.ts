// Channel accounts: the workspace's accounts as GET /channel-accounts answers
// (webhook URLs for supervisors and up), and the writes. The creation answer
// is the only one that carries the secret.
import { apiRoutes, type ChannelAccount, type ResponseOutput } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { call } from '../lib/api.ts';
import type { BodyOf } from './crud.ts';

const routes = apiRoutes.channelAccounts;

/** The creation answer: the only time the secret is shown. */
export type CreatedChannelAccount = ResponseOutput<typeof routes.createChannelAccount>;

export type ChannelAccountPatch = BodyOf<typeof routes.updateChannelAccount>;

export const channelAccountQueries = {
  all: () =>
    queryOptions({
      queryKey: ['channel-accounts'] as const,
      queryFn: () => call(routes.listChannelAccounts),
      select: (data) => data.items,
    }),
};

export const channelAccountRequests = {
  create: (body: BodyOf<typeof routes.createChannelAccount>) => call(routes.createChannelAccount, { body }),
  update: (id: string, body: ChannelAccountPatch) => call(routes.updateChannelAccount, { params: { id }, body }),
};

/** Puts a created or updated account into the list without a refetch. */
export function withAccount(
  data: { items: ChannelAccount[] } | undefined,
  account: ChannelAccount & { secret?: string },
): { items: ChannelAccount[] } | undefined {
  if (!data) return data;
  // The secret never stays in the cache.
  const { secret: _secret, ...stored } = account;
  const exists = data.items.some((item) => item.id === account.id);
  return {
    items: exists ? data.items.map((item) => (item.id === account.id ? stored : item)) : [...data.items, stored],
  };
}
