'use client';
// The few building blocks every admin section shares, so the sections look
// and behave alike: a page header, a query's loading/error state, a labelled
// field that shows the API's complaint about it, and a form-level error.
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError, errorText } from '../../../lib/api.ts';
import { fullTime, relativeAge } from '../../../lib/format-time.ts';
import ui from './admin-ui.module.css';

export function AdminPage({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className={ui.page} aria-labelledby="admin-title">
      <header className={ui.header}>
        <div>
          <h1 id="admin-title" className={ui.title}>
            {title}
          </h1>
          {description && <p className={ui.description}>{description}</p>}
        </div>
        {actions && <div className={ui.actions}>{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/** Loading and error states of a query; renders children only with data. */
export function QueryState<T>({
  query,
  what,
  children,
}: {
  query: UseQueryResult<T>;
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <p className={ui.muted}>Loading {what}…</p>;
  if (query.isError) {
    return (
      <p className={ui.error} role="alert">
        Could not load {what}: {errorText(query.error)}{' '}
        <button type="button" className={ui.linkButton} onClick={() => void query.refetch()}>
          Try again
        </button>
      </p>
    );
  }
  return <>{children(query.data)}</>;
}

/** The API's message about one body field (zod issue path such as "credentials.botToken"). */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return undefined;
  const issue = (error.details as { path?: unknown[]; message?: string }[]).find(
    (candidate) => candidate.path?.join('.') === path,
  );
  return issue?.message;
}

export function Field({
  label,
  error,
  hint,
  wide = false,
  children,
}: {
  label: string;
  error?: string;
  hint?: ReactNode;
  /** Across the whole form grid (a textarea, say). */
  wide?: boolean;
  children: ReactNode;
}) {
  // The hint and the error sit outside the label, so the control's accessible name is the label alone.
  return (
    <div className={wide ? `${ui.field} ${ui.formWide}` : ui.field}>
      {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is the children, inside the label */}
      <label className={ui.fieldControl}>
        <span className={ui.label}>{label}</span>
        {children}
      </label>
      {hint && !error && <span className={ui.hint}>{hint}</span>}
      {error && (
        <span className={ui.fieldError} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** A mutation's error, in words, beside the form or row that caused it. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className={ui.error} role="alert">
      {errorText(error)}
    </p>
  );
}

/** When something last happened, as an age ("5 min ago") with the full time on hover; "never" without one. */
export function LastSeen({ at, now }: { at: string | null; now: number }) {
  if (!at) return <span className={ui.muted}>never</span>;
  return (
    <time dateTime={at} title={fullTime(at)}>
      {relativeAge(at, now)}
    </time>
  );
}

export { ui };
