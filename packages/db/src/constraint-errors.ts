// Owns telling a statement's constraint refusals apart: the one place that
// knows PostgreSQL's SQLSTATE for a unique violation, used by the domain
// (which words its own refusal) and by the API's error mapping alike.

const UNIQUE_VIOLATION = '23505';

/** The constraint a unique violation broke ('' when the driver did not say), or undefined when it is not one. */
export function uniqueViolationOf(error: unknown): string | undefined {
  const { code, constraint_name: constraint } = (error ?? {}) as { code?: unknown; constraint_name?: unknown };
  if (code !== UNIQUE_VIOLATION) return undefined;
  return typeof constraint === 'string' ? constraint : '';
}
