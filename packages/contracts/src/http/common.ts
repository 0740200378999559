import { z } from 'zod';

export const idParams = z.object({ id: z.uuid() });

/** Query-string numbers arrive as text. */
export const limitParam = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * Opaque keyset cursor: base64url of "<timestamp>|<uuid>". The timestamp keeps
 * PostgreSQL's microseconds (a JS Date would drop them and skip rows that share
 * a millisecond), so it travels as text.
 */
export const cursorParam = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const [at, id] = decodeBase64Url(value).split('|');
    if (!at || !TIMESTAMP.test(at) || !id || !z.uuid().safeParse(id).success) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor from this API' });
      return z.NEVER;
    }
    return { at, id };
  });

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function encodeCursor(at: string, id: string): string {
  return btoa(`${at}|${id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// The cursor is ASCII, so btoa/atob (in browsers and Node alike) suffice.
function decodeBase64Url(value: string): string {
  try {
    return atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return '';
  }
}
