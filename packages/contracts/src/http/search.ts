import { z } from 'zod';
import { isoTime } from './iso-time.ts';

export const searchQuery = z.object({ q: z.string().trim().min(1).max(200) });

/** A message with every word of q, in a conversation the caller may see. */
export const messageHit = z.object({
  id: z.guid(),
  conversationId: z.guid(),
  content: z.string().nullable(),
  createdAt: isoTime,
});

export const clientHit = z.object({
  id: z.guid(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

/** Up to 20 of each: messages newest first, clients best match first. */
export const searchResults = z.object({ messages: z.array(messageHit), clients: z.array(clientHit) });
export type SearchResults = z.infer<typeof searchResults>;
