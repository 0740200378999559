// Parses request parts with their zod schema; a failure is a 400 whose
// details are the zod issues (path, message), never a crash. Text PostgreSQL
// cannot store (NUL, a lone surrogate) is refused first, with its path.
import { findUnstorableText, type UnstorableTextProblem } from '@relay/contracts';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

const WHY: Record<UnstorableTextProblem, string> = {
  nul: 'text must not contain NUL (\\u0000) characters',
  lone_surrogate: 'text must be valid Unicode (a lone UTF-16 surrogate such as \\ud800 cannot be stored)',
};

export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const unstorable = findUnstorableText(value);
  if (unstorable) {
    throw new AppError('bad_request', `invalid ${where}`, [
      { path: unstorable.path, message: WHY[unstorable.problem], code: 'invalid_string' },
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
