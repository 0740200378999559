// The API's zod issues placed next to form fields when values are nested:
// business hours report paths such as "businessHours.days.mon.0.1", a keyword
// list "keywords.2", so a field claims every issue under its path. (Used by
// the admin forms.)
import { ApiError } from '../../../lib/api.ts';

type Issue = { path?: unknown[]; message?: string };

function issuesOf(error: unknown): Issue[] {
  return error instanceof ApiError && Array.isArray(error.details) ? (error.details as Issue[]) : [];
}

const pathOf = (issue: Issue) => (issue.path ?? []).join('.');
const isUnder = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);

/** The messages of the issues at or under `prefix`, joined; undefined when none. */
export function issueUnder(error: unknown, prefix: string): string | undefined {
  const messages = issuesOf(error)
    .filter((issue) => isUnder(pathOf(issue), prefix))
    .map((issue) => issue.message ?? 'invalid');
  return messages.length > 0 ? [...new Set(messages)].join('; ') : undefined;
}

/** True when the error is not (only) about the fields the form shows, so it needs saying at form level. */
export function needsFormError(error: unknown, shownPrefixes: readonly string[]): boolean {
  if (!error) return false;
  const issues = issuesOf(error);
  if (issues.length === 0) return true;
  return issues.some((issue) => !shownPrefixes.some((prefix) => isUnder(pathOf(issue), prefix)));
}
