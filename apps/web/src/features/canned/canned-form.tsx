'use client';
// The form for one canned response, new or existing. Scope (shared with the
// workspace or personal) is chosen once, at creation: the API keeps it.
import { type FormEvent, useState } from 'react';
import { Field, FormError, fieldError, ui } from '../admin/ui/admin-ui.tsx';
import type { CannedResponse } from './canned-queries.ts';

export type CannedInput = {
  title: string;
  shortcut: string;
  content: string;
  category: string | null;
  shared?: boolean;
};

const FIELDS = ['title', 'shortcut', 'content', 'category', 'shared'] as const;

export function CannedForm({
  initial,
  canShare,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  /** Absent for a new response. */
  initial?: CannedResponse;
  /** Supervisors and up may create shared responses. */
  canShare: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (input: CannedInput) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(initial?.title ?? '');
  const [shortcut, setShortcut] = useState(initial?.shortcut ?? '');
  const [content, setContent] = useState(initial?.content ?? '');
  const [category, setCategory] = useState(initial?.category ?? '');
  const [shared, setShared] = useState(initial ? initial.shared : canShare);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit({
      title: title.trim(),
      shortcut: shortcut.trim().replace(/^\//, ''),
      content,
      category: category.trim() || null,
      ...(initial ? {} : { shared }),
    });
  }

  const unplaced = FIELDS.every((field) => !fieldError(error, field));
  return (
    <form
      className={`${ui.card} ${ui.form}`}
      onSubmit={submit}
      aria-label={initial ? `Edit canned response /${initial.shortcut}` : 'New canned response'}
    >
      <Field label="Title" error={fieldError(error, 'title')}>
        <input value={title} onChange={(event) => setTitle(event.target.value)} maxLength={200} required />
      </Field>
      <Field
        label="Shortcut"
        error={fieldError(error, 'shortcut')}
        hint="Typed after / in the reply box: a-z, 0-9, _ and -"
      >
        <input
          value={shortcut}
          onChange={(event) => setShortcut(event.target.value.toLowerCase())}
          maxLength={51}
          required
          spellCheck={false}
          autoCapitalize="off"
        />
      </Field>
      <Field label="Category" error={fieldError(error, 'category')} hint="Optional">
        <input value={category} onChange={(event) => setCategory(event.target.value)} maxLength={100} />
      </Field>
      {initial ? (
        <Field label="Scope" hint="Fixed when the response was created">
          <span className={initial.shared ? ui.ok : ui.badge}>{initial.shared ? 'Shared' : 'Personal'}</span>
        </Field>
      ) : (
        <Field
          label="Scope"
          error={fieldError(error, 'shared')}
          hint={canShare ? undefined : 'Shared responses need the supervisor role'}
        >
          <select
            value={shared ? 'shared' : 'personal'}
            onChange={(event) => setShared(event.target.value === 'shared')}
            disabled={!canShare}
          >
            <option value="shared">Shared with the workspace</option>
            <option value="personal">Personal (only me)</option>
          </select>
        </Field>
      )}
      <div className={ui.formWide}>
        <Field label="Content" error={fieldError(error, 'content')}>
          <textarea value={content} onChange={(event) => setContent(event.target.value)} maxLength={10_000} required />
        </Field>
      </div>
      <div className={ui.formActions}>
        <button type="submit" className={ui.primary} disabled={pending}>
          {pending ? 'Saving…' : initial ? 'Save' : 'Create response'}
        </button>
        <button type="button" className={ui.button} onClick={onCancel}>
          Cancel
        </button>
      </div>
      {unplaced && (
        <div className={ui.formWide}>
          <FormError error={error} />
        </div>
      )}
    </form>
  );
}
