// Turns the database's refusals that a request can cause (a duplicate name, a
// reference to a row that is not there) into the client's error. A failed
// statement aborts its transaction, so these are caught outside withTenant.

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

type DbError = { code?: unknown; constraint_name?: unknown };

/** The constraint a unique violation broke, or undefined when it is not one. */
export function uniqueViolationOf(error: unknown): string | undefined {
  const { code, constraint_name: constraint } = (error ?? {}) as DbError;
  if (code !== UNIQUE_VIOLATION) return undefined;
  return typeof constraint === 'string' ? constraint : '';
}

export function isForeignKeyViolation(error: unknown): boolean {
  return (error as DbError | undefined)?.code === FOREIGN_KEY_VIOLATION;
}
