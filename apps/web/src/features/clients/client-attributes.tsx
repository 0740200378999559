'use client';
import type { ClientDetail } from '@relay/contracts';
// A client's attributes as key/value rows the operator can edit or add to
// (PATCH /clients/:id merges the keys it is given). Text, numbers and yes/no
// values are edited as text and keep their kind; structured values (a price
// list an integration stored) are shown, not edited here.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { clientQueries, clientRequests } from '../../data/clients.ts';
import { errorText } from '../../lib/api.ts';
import styles from './client-panel.module.css';

type Editable = string | number | boolean | null;

const isEditable = (value: unknown): value is Editable =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** The text typed, as the kind of value the attribute had. */
function asKindOf(previous: Editable | undefined, text: string): Editable {
  const trimmed = text.trim();
  if (typeof previous === 'number' && trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (typeof previous === 'boolean' && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  return trimmed;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function ClientAttributes({ client }: { client: ClientDetail }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<{ key: string; text: string } | null>(null);
  const [added, setAdded] = useState({ key: '', value: '' });
  const save = useMutation({
    mutationFn: (attributes: Record<string, Editable>) => clientRequests.setAttributes(client.id, attributes),
    onSuccess: (row) => {
      queryClient.setQueryData(clientQueries.detail(client.id).queryKey, (old) => (old ? { ...old, ...row } : old));
      setEditing(null);
      setAdded({ key: '', value: '' });
    },
  });
  const readOnly = Boolean(client.mergedIntoId);
  const entries = Object.entries(client.attributes);

  function saveEdit(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    const previous = client.attributes[editing.key];
    save.mutate({ [editing.key]: asKindOf(isEditable(previous) ? previous : undefined, editing.text) });
  }

  function add(event: FormEvent) {
    event.preventDefault();
    const key = added.key.trim();
    if (!key) return;
    save.mutate({ [key]: added.value.trim() });
  }

  return (
    <section className={styles.section} aria-labelledby="client-attributes">
      <h4 id="client-attributes" className={styles.title}>
        Attributes
      </h4>
      {entries.length === 0 ? <p className={styles.muted}>None yet.</p> : null}
      <dl className={styles.attributes}>
        {entries.map(([key, value]) => (
          <div key={key} className={styles.attribute} data-testid="client-attribute">
            <dt className={styles.key}>{key}</dt>
            {editing?.key === key ? (
              <dd>
                <form className={styles.inline} onSubmit={saveEdit}>
                  <input
                    className={styles.input}
                    aria-label={`Value of ${key}`}
                    value={editing.text}
                    onChange={(event) => setEditing({ key, text: event.target.value })}
                    maxLength={2000}
                    // biome-ignore lint/a11y/noAutofocus: the operator just asked to edit this value
                    autoFocus
                  />
                  <button type="submit" className={styles.small} disabled={save.isPending}>
                    Save
                  </button>
                  <button type="button" className={styles.small} onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </form>
              </dd>
            ) : (
              <dd className={styles.value}>
                <span title={shown(value)}>{shown(value)}</span>
                {!readOnly && isEditable(value) ? (
                  <button
                    type="button"
                    className={styles.linkButton}
                    aria-label={`Edit ${key}`}
                    onClick={() => setEditing({ key, text: value === null ? '' : String(value) })}
                  >
                    Edit
                  </button>
                ) : null}
              </dd>
            )}
          </div>
        ))}
      </dl>
      {readOnly ? null : (
        <form className={styles.inline} onSubmit={add} aria-label="Add an attribute">
          <input
            className={styles.input}
            aria-label="New attribute name"
            placeholder="Name"
            value={added.key}
            maxLength={100}
            onChange={(event) => setAdded({ ...added, key: event.target.value })}
          />
          <input
            className={styles.input}
            aria-label="New attribute value"
            placeholder="Value"
            value={added.value}
            maxLength={2000}
            onChange={(event) => setAdded({ ...added, value: event.target.value })}
          />
          <button type="submit" className={styles.small} disabled={!added.key.trim() || save.isPending}>
            Add
          </button>
        </form>
      )}
      {save.isError ? (
        <p role="alert" className={styles.error}>
          Not saved: {errorText(save.error)}
        </p>
      ) : null}
    </section>
  );
}
