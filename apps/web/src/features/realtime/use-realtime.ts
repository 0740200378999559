'use client';
// Runs the session's realtime connection while the signed-in screens are
// mounted and feeds its events into the query cache.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { endSession, freshAccessToken, refreshSession } from '../../lib/api.ts';
import {
  type RealtimeStatus,
  realtimeStatus,
  startRealtime,
  stopRealtime,
  subscribeRealtime,
  subscribeRealtimeStatus,
} from '../../lib/socket.ts';
import { deviceId, readSession, type Session } from '../auth/session-store.ts';
import { applyEvent } from './apply-event.ts';

export function useRealtime(session: Session): void {
  const queryClient = useQueryClient();
  const operatorId = session.operator.id;
  const tenantId = session.operator.tenantId;

  useEffect(() => {
    const unsubscribe = subscribeRealtime({
      onEvent: (envelope) => applyEvent(queryClient, envelope, { operatorId }),
      // Too far behind to replay: every screen refetches.
      onReset: () => void queryClient.invalidateQueries(),
    });
    let stopped = false;
    let retriedAt = 0;
    const connect = () =>
      startRealtime(
        { tenantId, operatorId, deviceId: deviceId() },
        { getToken: () => freshAccessToken(), onAuthFailure },
      );
    // A refused token may only be stale (say, the server's clock or a restore): refresh once a minute
    // at most and reconnect; a revoked session or a suspended tenant ends the session.
    function onAuthFailure(reason: string) {
      if (stopped) return;
      stopRealtime();
      if (reason !== 'unauthorized' || Date.now() - retriedAt < 60_000) return endSession();
      retriedAt = Date.now();
      void refreshSession().then((session) => {
        if (stopped) return;
        // No new session but the old one kept: the server was unreachable, so try again shortly.
        if (session) connect();
        else if (readSession()) setTimeout(() => !stopped && connect(), 15_000);
      });
    }
    connect();
    return () => {
      stopped = true;
      unsubscribe();
      stopRealtime();
    };
  }, [queryClient, tenantId, operatorId]);
}

export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(subscribeRealtimeStatus, realtimeStatus, () => 'connecting' as const);
}
