'use client';
// Keeps the live queue live without polling: a debounced refetch of the stats
// when an event that moves a line, a clock or a load arrives, and the
// ephemeral `presence` broadcasts kept beside the cache (they are gone with
// the socket, so a reconnect clears them and refetches instead).
import type { EventEnvelope, PresenceBroadcast } from '@relay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queueStatsQueries } from '../../data/queue-stats.ts';
import {
  type RealtimeSocket,
  realtimeSocket,
  realtimeStatus,
  subscribeRealtime,
  subscribeRealtimeStatus,
} from '../../lib/socket.ts';

/** Bursts (a webhook's message plus its conversation and routing events) make one refetch. */
const REFETCH_DEBOUNCE_MS = 250;

export type LivePresence = Record<string, { status: PresenceBroadcast['status']; devices: number }>;

function movesTheQueue(type: string): boolean {
  return (
    type.startsWith('conversation.') ||
    type.startsWith('sla.') ||
    type === 'message.created' ||
    type === 'operator.updated'
  );
}

export function useLiveQueue(): LivePresence {
  const queryClient = useQueryClient();
  const [presence, setPresence] = useState<LivePresence>({});

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refetch = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => void queryClient.invalidateQueries({ queryKey: queueStatsQueries.all() }),
        REFETCH_DEBOUNCE_MS,
      );
    };
    const unsubscribe = subscribeRealtime({
      onEvent: (envelope: EventEnvelope) => {
        if (movesTheQueue(envelope.type)) refetch();
      },
      onReset: refetch,
    });

    let attached: RealtimeSocket | null = null;
    const onPresence = (payload: PresenceBroadcast) =>
      setPresence((current) => ({
        ...current,
        [payload.operatorId]: { status: payload.status, devices: payload.devices },
      }));
    let wasConnected = realtimeStatus() === 'connected';
    const sync = () => {
      const socket = realtimeSocket();
      if (socket !== attached) {
        attached?.off('presence', onPresence);
        socket?.on('presence', onPresence);
        attached = socket;
      }
      const connected = realtimeStatus() === 'connected';
      // Broadcasts missed while away are not replayed: forget them and ask the server.
      if (connected && !wasConnected) {
        setPresence({});
        refetch();
      }
      wasConnected = connected;
    };
    sync();
    const unsubscribeStatus = subscribeRealtimeStatus(sync);
    return () => {
      clearTimeout(timer);
      unsubscribe();
      unsubscribeStatus();
      attached?.off('presence', onPresence);
    };
  }, [queryClient]);

  return presence;
}
