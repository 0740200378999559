// Changing a channel account (PATCH /channel-accounts/:id): the answer goes
// straight into the accounts list, for the row's switch and the edit panel alike.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  type ChannelAccountPatch,
  channelAccountQueries,
  channelAccountRequests,
  withAccount,
} from '../../data/channel-accounts.ts';

export function useUpdateAccount(id: string, onSaved?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ChannelAccountPatch) => channelAccountRequests.update(id, patch),
    onSuccess: (updated) => {
      queryClient.setQueryData(channelAccountQueries.all().queryKey, (data) => withAccount(data, updated));
      onSaved?.();
    },
  });
}
