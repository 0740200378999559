'use client';
// Adding an internal note (with the ids of the operators it @mentions). The
// answer goes into the thread's notes at once; the note.created event brings
// it to everyone else, and adds nothing twice here (same id).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { threadRequests } from '../../data/messages.ts';
import { addNote } from './thread-cache.ts';

export function useSendNote(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { content: string; mentions: string[] }) => threadRequests.addNote(conversationId, body),
    onSuccess: (note) => addNote(queryClient, note),
  });
}
