// Parses request parts with their zod schema; a failure is a 400 whose
// details are the zod issues (path, message), never a crash.
import { findNul } from '@relay/contracts';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const nul = findNul(value);
  if (nul) {
    throw new AppError('bad_request', `invalid ${where}`, [
      { path: nul, message: 'text must not contain NUL (\\u0000) characters', code: 'invalid_string' },
    ]);
  }
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new AppError(
    'bad_request',
    `invalid ${where}`,
    result.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message, code: issue.code })),
  );
}
