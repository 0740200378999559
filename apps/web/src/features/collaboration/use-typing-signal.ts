'use client';
// Tells the conversation's other watchers that this operator is writing a
// reply: `typing {isTyping: true}` at most every THROTTLE_MS while the text
// changes (which also keeps the other side's indicator alive), and
// `isTyping: false` after IDLE_MS without a keystroke, when the box empties,
// on send and on leaving. Ephemeral: nothing is sent while disconnected.
import { useCallback, useEffect, useRef } from 'react';
import { realtimeSocket } from '../../lib/socket.ts';

const THROTTLE_MS = 2000;
const IDLE_MS = 3000;

export type TypingSignal = {
  /** Call on every change of the reply text. */
  changed(hasText: boolean): void;
  /** The operator stopped (sent, switched to a note, left). */
  stop(): void;
};

export function useTypingSignal(conversationId: string): TypingSignal {
  const lastTrueAt = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);

  const emit = useCallback(
    (isTyping: boolean) => {
      const socket = realtimeSocket();
      if (socket?.connected) socket.emit('typing', { conversationId, isTyping });
    },
    [conversationId],
  );

  const stop = useCallback(() => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (lastTrueAt.current === 0) return;
    lastTrueAt.current = 0;
    emit(false);
  }, [emit]);

  const changed = useCallback(
    (hasText: boolean) => {
      if (!hasText) return stop();
      if (Date.now() - lastTrueAt.current >= THROTTLE_MS) {
        lastTrueAt.current = Date.now();
        emit(true);
      }
      if (idle.current) clearTimeout(idle.current);
      idle.current = setTimeout(stop, IDLE_MS);
    },
    [emit, stop],
  );

  useEffect(() => stop, [stop]);

  return { changed, stop };
}
