// One row of the operations table (operations.ts and the tables it gathers): a module of its own,
// so the tables can name it without importing the file that imports them.
import type { z } from 'zod';

export type Operation = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Express-style path, e.g. /api/v1/conversations/:id */
  path: string;
  /** Stable, unique, camelCase verb phrase (listConversations, sendMessage): what generated clients call it. */
  operationId: string;
  summary: string;
  tag: string;
  /** false: no bearer token (login, webhooks, sign-up). */
  auth?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  success?: number;
  /** An idempotent create's second success answer (200 with the first write's result), beside `success`. */
  repeat?: { status: number; response: z.ZodType };
  /** The answer is a file, not JSON (any type; 502 when the provider that holds it fails). */
  binary?: boolean;
};
