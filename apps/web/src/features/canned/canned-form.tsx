'use client';
import type { CannedResponse } from '@relay/contracts';
// The form for one canned response, new or existing. Scope (shared with the
// workspace or personal) is chosen once, at creation: the API keeps it.
import { type FormEvent, useState } from 'react';
import type { CannedInput } from '../../data/canned-responses.ts';
import { CrudForm, type FormProps } from '../admin/ui/admin-crud.tsx';
import { Field, fieldError, ui } from '../admin/ui/admin-ui.tsx';

const FIELDS = ['title', 'shortcut', 'content', 'category', 'shared'] as const;

export function CannedForm({
  initial,
  canShare,
  form,
}: {
  /** Absent for a new response. */
  initial?: CannedResponse;
  /** Supervisors and up may create shared responses. */
  canShare: boolean;
  form: FormProps<CannedInput>;
}) {
  const { error } = form;
  const [title, setTitle] = useState(initial?.title ?? '');
  const [shortcut, setShortcut] = useState(initial?.shortcut ?? '');
  const [content, setContent] = useState(initial?.content ?? '');
  const [category, setCategory] = useState(initial?.category ?? '');
  const [shared, setShared] = useState(initial ? initial.shared : canShare);

  function submit(event: FormEvent) {
    event.preventDefault();
    form.onSubmit({
      title: title.trim(),
      shortcut: shortcut.trim().replace(/^\//, ''),
      content,
      category: category.trim() || null,
      ...(initial ? {} : { shared }),
    });
  }

  return (
    <CrudForm
      form={form}
      label={initial ? `Edit canned response /${initial.shortcut}` : 'New canned response'}
      submitLabel={initial ? 'Save' : 'Create response'}
      shown={FIELDS}
      onSubmit={submit}
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
      <Field wide label="Content" error={fieldError(error, 'content')}>
        <textarea value={content} onChange={(event) => setContent(event.target.value)} maxLength={10_000} required />
      </Field>
    </CrudForm>
  );
}
