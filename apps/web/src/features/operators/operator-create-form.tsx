'use client';
// Adding an operator (POST /operators, admins and owners): name, email, an
// initial password they sign in with, role and capacity. Owners may add
// owners; admins may not, so the role picker never offers it to them. A full
// plan is said in words with the numbers (plan_limit_reached).
import type { OperatorRole } from '@relay/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { operatorRequests } from '../../data/operators.ts';
import { FormActions } from '../admin/ui/admin-crud.tsx';
import { Field, fieldError, ui } from '../admin/ui/admin-ui.tsx';
import { assignableRoles, operatorErrorText, ROLE_LABEL } from './operator-rules.ts';
import styles from './operators-admin.module.css';
import { useOperatorsChanged } from './use-operators-changed.ts';

const FIELDS = ['name', 'email', 'password', 'role', 'capacity'] as const;
const EMPTY = { name: '', email: '', password: '', role: 'operator' as OperatorRole, capacity: '10' };

export function OperatorCreateForm({ myRole }: { myRole: OperatorRole }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(EMPTY);
  const [added, setAdded] = useState<string | null>(null);
  const changed = useOperatorsChanged();
  const create = useMutation({
    mutationFn: operatorRequests.create,
    onSuccess: (operator) => {
      setAdded(`${operator.name} was added and can sign in with ${operator.email}.`);
      setDraft(EMPTY);
      setOpen(false);
      changed();
    },
  });

  if (!open) {
    return (
      <div className={styles.toolbar}>
        <button
          type="button"
          className={ui.primary}
          onClick={() => {
            setOpen(true);
            setAdded(null);
            create.reset();
          }}
        >
          Add operator
        </button>
        {added && (
          <span role="status" className={styles.done}>
            {added}
          </span>
        )}
      </div>
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      name: draft.name.trim(),
      email: draft.email.trim(),
      password: draft.password,
      role: draft.role,
      capacity: Number(draft.capacity),
    });
  }
  const set = (patch: Partial<typeof EMPTY>) => setDraft({ ...draft, ...patch });
  const anyFieldError = FIELDS.some((field) => fieldError(create.error, field));

  return (
    <form className={ui.card} onSubmit={submit} aria-labelledby="operator-new">
      <h2 id="operator-new" className={ui.cardTitle}>
        New operator
      </h2>
      <div className={ui.form}>
        <Field label="Name" error={fieldError(create.error, 'name')}>
          <input
            value={draft.name}
            onChange={(event) => set({ name: event.target.value })}
            maxLength={200}
            required
            // biome-ignore lint/a11y/noAutofocus: the form just opened at the user's request
            autoFocus
          />
        </Field>
        <Field label="Email" error={fieldError(create.error, 'email')}>
          <input
            type="email"
            value={draft.email}
            onChange={(event) => set({ email: event.target.value })}
            maxLength={320}
            autoComplete="off"
            required
          />
        </Field>
        <Field
          label="Initial password"
          error={fieldError(create.error, 'password')}
          hint="At least 8 characters. Give it to them; they can change it after signing in."
        >
          <input
            type="password"
            value={draft.password}
            onChange={(event) => set({ password: event.target.value })}
            minLength={8}
            maxLength={1024}
            autoComplete="new-password"
            required
          />
        </Field>
        <Field label="Role" error={fieldError(create.error, 'role')}>
          <select value={draft.role} onChange={(event) => set({ role: event.target.value as OperatorRole })}>
            {assignableRoles(myRole).map((role) => (
              <option key={role} value={role}>
                {ROLE_LABEL[role]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Capacity"
          error={fieldError(create.error, 'capacity')}
          hint="Open conversations routing gives them at most."
        >
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={1000}
            step={1}
            value={draft.capacity}
            onChange={(event) => set({ capacity: event.target.value })}
            required
          />
        </Field>
        <FormActions
          label="Add operator"
          pendingLabel="Adding…"
          pending={create.isPending}
          onCancel={() => setOpen(false)}
        />
        {create.isError && !anyFieldError && (
          <p className={`${ui.error} ${ui.formWide}`} role="alert">
            {operatorErrorText(create.error, myRole)}
          </p>
        )}
      </div>
    </form>
  );
}
