// Turns the database's refusals that a request can cause (a duplicate name, a
// reference to a row that is not there, text it cannot store) into the
// client's error. A failed statement aborts its transaction, so these are
// caught outside withTenant: routes that want their own wording catch them,
// and the error handler maps the rest here, in one place.
import { uniqueViolationOf } from '@relay/db';
import { AppError } from '../errors/app-error.ts';

export { uniqueViolationOf };

const FOREIGN_KEY_VIOLATION = '23503';
/** e.g. "\u0000" in jsonb: the request check should have refused it first. */
const UNTRANSLATABLE_CHARACTER = '22P05';
const CHARACTER_NOT_IN_REPERTOIRE = '22021';

type DbError = { code?: unknown; constraint_name?: unknown; table_name?: unknown; detail?: unknown };

export function isForeignKeyViolation(error: unknown): boolean {
  return (error as DbError | undefined)?.code === FOREIGN_KEY_VIOLATION;
}

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
/** "funnel_stages" → "funnel stage", "sla_policies" → "sla policy". */
const singular = (table: string) => table.replace(/ies$/, 'y').replace(/s$/, '').replaceAll('_', ' ');

/**
 * The referencing column of a (tenant_id, x_id) foreign key. PostgreSQL's
 * detail names the key columns only when the session may see every row
 * (under row-level security it says just "Key is not present in table …"),
 * so the constraint's default name, <table>_tenant_id_<column>_fkey, is the
 * usual source; a name that does not fit that form (truncated past 63
 * characters, or named by hand) gives no field.
 */
function referencingColumn({ detail, constraint_name: constraint, table_name: table }: DbError): string | undefined {
  const keys = typeof detail === 'string' ? /^Key \(([^)]*)\)=/.exec(detail)?.[1]?.split(', ') : undefined;
  if (keys) return keys.filter((c) => c !== 'tenant_id').at(-1);
  if (typeof constraint !== 'string' || typeof table !== 'string') return undefined;
  return new RegExp(`^${table}_tenant_id_([a-z0-9_]+)_fkey$`).exec(constraint)?.[1];
}

/**
 * A foreign-key violation as the client's error. Inserting or updating a
 * reference to a row that is not there (or is another workspace's: every
 * reference includes tenant_id) is a 422 naming the field; deleting a row
 * something still references is a 409.
 */
function fromForeignKey(error: DbError): AppError {
  const text = typeof error.detail === 'string' ? error.detail : '';
  const missing = /is not present in table "([^"]+)"/.exec(text)?.[1];
  if (missing) {
    const what = singular(missing);
    const column = referencingColumn(error);
    const field = column ? camelCase(column) : undefined;
    return new AppError(
      'unprocessable',
      `${field ?? 'a reference'} names no ${what} of this workspace`,
      field ? [{ path: [field], message: `no such ${what}`, code: 'not_found' }] : undefined,
    );
  }
  const referencing = /is still referenced from table "([^"]+)"/.exec(text)?.[1];
  return new AppError(
    'conflict',
    referencing ? `it is still referenced by ${singular(referencing)} records` : 'it is still referenced',
  );
}

/** A refusal the request caused, as a 4xx; undefined for anything else. */
export function databaseRefusal(error: unknown): AppError | undefined {
  const refusal = (error ?? {}) as DbError;
  switch (refusal.code) {
    case FOREIGN_KEY_VIOLATION:
      return fromForeignKey(refusal);
    case '23505': // unique_violation (uniqueViolationOf)
      return new AppError('conflict', 'this already exists');
    case UNTRANSLATABLE_CHARACTER:
    case CHARACTER_NOT_IN_REPERTOIRE:
      return new AppError('bad_request', 'the request holds text the database cannot store');
    default:
      return undefined;
  }
}
