'use client';
// The admin sections' one CRUD building block: a list with its loading,
// error and empty states in a labelled table; a "New …" button that opens the
// create form and closes it once the list is fresh; rows that turn into their
// edit form in place, with Edit and a confirmed Delete; panels and errors in
// rows of their own beneath a row. Errors are the API's {error:{code,message,
// details}} in words (FormError, fieldError). Sections bring their columns,
// cells and forms.
import { type QueryKey, type UseQueryResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { AdminPage, FormError, QueryState, ui } from './admin-ui.tsx';
import { ConfirmDelete } from './confirm-delete.tsx';
import { needsFormError } from './form-issues.ts';

export type Column = string | { label: string; numeric: true };

type TableProps = {
  /** The table's accessible name. */
  label: string;
  columns: Column[];
  /** A last, visually hidden "Actions" column. */
  actions?: boolean;
  children: ReactNode;
};

export function AdminTable({ label, columns, actions = true, children }: TableProps) {
  return (
    <div className={ui.scroll}>
      <table className={ui.table} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === 'string' ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.label} scope="col" className={ui.num}>
                  {column.label}
                </th>
              ),
            )}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** What a section's list table shows: its name, what it lists (for "Loading …"), its columns. */
export type ListTable = {
  label: string;
  what: string;
  columns: Column[];
  actions?: boolean;
};

type ItemOf<D> = D extends readonly (infer E)[] ? E : D extends { items: readonly (infer E)[] } ? E : never;

/**
 * A list query (its data the rows, or `{items}`) as a table: "Loading …", the
 * error with Try again, the empty message, or a row per item.
 */
export function AdminList<D, T = ItemOf<D>>({
  query,
  table,
  empty,
  row,
}: {
  query: UseQueryResult<D>;
  table: ListTable;
  empty: ReactNode;
  row: (item: T) => ReactNode;
}) {
  return (
    <QueryState query={query} what={table.what}>
      {(data) => {
        const list = (Array.isArray(data) ? data : (data as { items: T[] }).items) as T[];
        if (list.length === 0) return <p className={ui.muted}>{empty}</p>;
        return (
          <AdminTable label={table.label} columns={table.columns} actions={table.actions}>
            {list.map(row)}
          </AdminTable>
        );
      }}
    </QueryState>
  );
}

/** Refetches a section's queries after a write; resolves once they are fresh. */
export function useRefetch(...keys: QueryKey[]): () => Promise<unknown> {
  const queryClient = useQueryClient();
  return () => Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/** What a create or edit form gets from its panel. */
export type FormProps<Input> = {
  pending: boolean;
  error: unknown;
  onSubmit: (input: Input) => void;
  onCancel: () => void;
};

/** Whether a panel (a create form, a row's edit form) is open. */
export function usePanel() {
  const [open, setOpen] = useState(false);
  return { open, start: () => setOpen(true), close: () => setOpen(false), toggle: () => setOpen((on) => !on) };
}

/** A create form's panel: open it (its last error cleared), submit, and it closes once the list is fresh. */
export function useCreatePanel<Input>(create: (input: Input) => Promise<unknown>, changed: () => Promise<unknown>) {
  const panel = usePanel();
  const mutation = useMutation({
    mutationFn: create,
    onSuccess: async () => {
      await changed();
      panel.close();
    },
  });
  const form: FormProps<Input> = {
    pending: mutation.isPending,
    error: mutation.error,
    onSubmit: (input) => mutation.mutate(input),
    onCancel: panel.close,
  };
  return {
    open: panel.open,
    start: () => {
      mutation.reset();
      panel.start();
    },
    form,
  };
}

/** A section whose header's "New …" button (for who may create) opens its create form above the list. */
export function CrudPage({
  title,
  description,
  newLabel,
  canCreate,
  panel,
  form,
  children,
}: {
  title: string;
  description: ReactNode;
  newLabel: string;
  canCreate: boolean;
  panel: { open: boolean; start: () => void };
  /** The create form, shown while the panel is open. */
  form: ReactNode;
  children: ReactNode;
}) {
  const button = canCreate && !panel.open && (
    <button type="button" className={ui.primary} onClick={panel.start}>
      {newLabel}
    </button>
  );
  return (
    <AdminPage title={title} description={description} actions={button}>
      {panel.open && form}
      {children}
    </AdminPage>
  );
}

/** A row that edits in place: PATCH saves and closes once the list is fresh, DELETE removes. */
export function useEditableRow<Patch>(
  requests: { update: (id: string, body: Patch) => Promise<unknown>; remove: (id: string) => Promise<unknown> },
  id: string,
  changed: () => Promise<unknown>,
) {
  const panel = usePanel();
  const save = useMutation({
    mutationFn: (body: Patch) => requests.update(id, body),
    onSuccess: async () => {
      await changed();
      panel.close();
    },
  });
  const remove = useMutation({ mutationFn: () => requests.remove(id), onSuccess: () => changed() });
  const form: FormProps<Patch> = {
    pending: save.isPending,
    error: save.error,
    onSubmit: (body) => save.mutate(body),
    onCancel: panel.close,
  };
  return {
    editing: panel.open,
    start: () => {
      save.reset();
      panel.start();
    },
    close: panel.close,
    save,
    remove,
    form,
  };
}

/** The row's cells, or while editing its form across the whole row. */
export function CrudRow<Patch>({
  row,
  columns,
  edit,
  className,
  children,
}: {
  row: { editing: boolean; form: FormProps<Patch> };
  columns: number;
  edit: (form: FormProps<Patch>) => ReactNode;
  className?: string;
  children: ReactNode;
}) {
  if (row.editing) {
    return (
      <tr>
        <td colSpan={columns} className={ui.editCell}>
          {edit(row.form)}
        </td>
      </tr>
    );
  }
  return <tr className={className}>{children}</tr>;
}

/** The row's last cell: Edit and a confirmed Delete for who may change it, and the last write's error. */
export function RowActions({
  row,
  canEdit,
  editLabel,
  what,
  error,
}: {
  row: { start: () => void; remove: { isPending: boolean; error: unknown; mutate: () => void } };
  canEdit: boolean;
  /** The Edit button's accessible name, e.g. `Edit tag "VIP"`. */
  editLabel: string;
  /** Named by Delete, e.g. `tag "VIP"`. */
  what: string;
  error?: unknown;
}) {
  return (
    <td className={ui.actionsCell}>
      {canEdit && (
        <div className={ui.rowActions}>
          <button type="button" className={ui.button} aria-label={editLabel} onClick={row.start}>
            Edit
          </button>
          <ConfirmDelete what={what} pending={row.remove.isPending} onConfirm={() => row.remove.mutate()} />
        </div>
      )}
      <FormError error={error ?? row.remove.error} />
    </td>
  );
}

/** A row button that opens (and closes) a panel beneath the row; says which it does. */
export function PanelButton({
  open,
  label,
  onClick,
  children,
}: {
  open: boolean;
  /** Its accessible name, e.g. `Edit Support`. */
  label: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button type="button" className={ui.button} aria-expanded={open} aria-label={label} onClick={onClick}>
      {children}
    </button>
  );
}

/** A panel beneath a row (its edit form, its members), across the whole table. */
export function RowPanel({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr className={ui.activeRow}>
      <td colSpan={columns}>{children}</td>
    </tr>
  );
}

/** A row's failed write, in a row of its own beneath it. */
export function RowError({ columns, error }: { columns: number; error: unknown }) {
  if (!error) return null;
  return (
    <tr>
      <td colSpan={columns} className={ui.errorCell}>
        <FormError error={error} />
      </td>
    </tr>
  );
}

/** A form's submit and Cancel buttons. */
export function FormActions({
  label,
  pendingLabel,
  pending,
  onCancel,
}: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  onCancel: () => void;
}) {
  return (
    <div className={ui.formActions}>
      <button type="submit" className={ui.primary} disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
      <button type="button" className={ui.button} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/**
 * A create or edit form in a card: the section's fields, then the submit
 * button ("Save" when editing) and Cancel, then the API's error when no field
 * it shows (`shown`, zod issue paths) claimed it.
 */
export function CrudForm<Input>({
  form,
  label,
  submitLabel,
  shown,
  onSubmit,
  children,
}: {
  form: FormProps<Input>;
  /** The form's accessible name, e.g. "New tag" or `Edit tag "VIP"`. */
  label: string;
  submitLabel: string;
  shown: readonly string[];
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <form className={`${ui.card} ${ui.form}`} onSubmit={onSubmit} aria-label={label}>
      {children}
      <FormActions label={submitLabel} pendingLabel="Saving…" pending={form.pending} onCancel={form.onCancel} />
      {needsFormError(form.error, shown) && (
        <div className={ui.formWide}>
          <FormError error={form.error} />
        </div>
      )}
    </form>
  );
}
