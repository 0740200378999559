'use client';
// The owner's form for the workspace name and plan limits. Only changed
// values are sent (PATCH /tenant); the API's complaint about a field shows
// under that field. The answer replaces the cached workspace, so the table
// above shows the new limits without a refetch.
import { type CurrentTenant, type PatchTenantBody, TENANT_LIMIT_MAXIMA, type TenantLimitName } from '@relay/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { tenantQueries, tenantRequests } from '../../data/tenant.ts';
import { Field, FormError, fieldError, ui } from '../admin/ui/admin-ui.tsx';
import styles from './workspace-admin.module.css';
import { LIMITS } from './workspace-limits.ts';

type Draft = { name: string; limits: Record<TenantLimitName, string> };

function draftOf(workspace: CurrentTenant): Draft {
  const limits = {} as Record<TenantLimitName, string>;
  for (const { name } of LIMITS) limits[name] = String(workspace.limits[name]);
  return { name: workspace.name, limits };
}

/** The body of what changed; empty when nothing did. */
function changesOf(draft: Draft, workspace: CurrentTenant): PatchTenantBody {
  const body: PatchTenantBody = {};
  if (draft.name.trim() !== workspace.name) body.name = draft.name.trim();
  const limits: NonNullable<PatchTenantBody['limits']> = {};
  for (const { name } of LIMITS) {
    const value = Number(draft.limits[name]);
    if (value !== workspace.limits[name]) limits[name] = value;
  }
  if (Object.keys(limits).length > 0) body.limits = limits;
  return body;
}

export function WorkspaceForm({ workspace }: { workspace: CurrentTenant }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(workspace));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: tenantRequests.patch,
    onSuccess: (updated) => {
      queryClient.setQueryData(tenantQueries.current().queryKey, updated);
      setDraft(draftOf(updated));
      setSaved(true);
    },
  });
  const changes = changesOf(draft, workspace);
  const dirty = Object.keys(changes).length > 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!dirty) return;
    setSaved(false);
    save.mutate(changes);
  }
  function edit(next: Draft) {
    setDraft(next);
    setSaved(false);
  }
  const fieldErrors = ['name', ...LIMITS.map((limit) => `limits.${limit.name}`)].some((path) =>
    fieldError(save.error, path),
  );

  return (
    <form className={ui.card} onSubmit={submit} aria-labelledby="workspace-edit">
      <h2 id="workspace-edit" className={ui.cardTitle}>
        Change the workspace
      </h2>
      <div className={ui.form}>
        <Field wide label="Workspace name" error={fieldError(save.error, 'name')}>
          <input
            value={draft.name}
            onChange={(event) => edit({ ...draft, name: event.target.value })}
            maxLength={200}
            required
          />
        </Field>
        {LIMITS.map((limit) => (
          <Field
            key={limit.name}
            label={limit.label}
            error={fieldError(save.error, `limits.${limit.name}`)}
            hint={`1 to ${TENANT_LIMIT_MAXIMA[limit.name].toLocaleString()}`}
          >
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={TENANT_LIMIT_MAXIMA[limit.name]}
              step={1}
              required
              value={draft.limits[limit.name]}
              onChange={(event) => edit({ ...draft, limits: { ...draft.limits, [limit.name]: event.target.value } })}
            />
          </Field>
        ))}
        <div className={ui.formActions}>
          <button type="submit" className={ui.primary} disabled={!dirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save changes'}
          </button>
          <button
            type="button"
            className={ui.button}
            disabled={!dirty || save.isPending}
            onClick={() => edit(draftOf(workspace))}
          >
            Undo changes
          </button>
          {saved && (
            <span role="status" className={styles.saved}>
              Saved. Connection limits reach every server within 10 seconds.
            </span>
          )}
        </div>
        {save.isError && !fieldErrors && (
          <div className={ui.formWide}>
            <FormError error={save.error} />
          </div>
        )}
      </div>
    </form>
  );
}
