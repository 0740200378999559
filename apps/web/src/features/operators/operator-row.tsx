'use client';
// One operator in the operators table. Those the caller may change get an
// inline role picker and capacity field saved together (PATCH
// /operators/:id), and a deactivate/reactivate button that asks first: a
// deactivated person is signed out at once, and reactivating takes a seat
// of the plan. Edits show the server's values again once saved.
import type { OperatorRole, OperatorView, PatchOperatorBody } from '@relay/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { operatorRequests } from '../../data/operators.ts';
import { LastSeen, ui } from '../admin/ui/admin-ui.tsx';
import { ConfirmAction } from '../admin/ui/confirm-delete.tsx';
import { assignableRoles, canChange, operatorErrorText, ROLE_LABEL } from './operator-rules.ts';
import styles from './operators-admin.module.css';
import { useOperatorsChanged } from './use-operators-changed.ts';

const AVAILABILITY = {
  online: { label: 'Online', className: ui.ok },
  away: { label: 'Away', className: ui.warn },
  offline: { label: 'Offline', className: ui.badge },
} as const;

type Props = { operator: OperatorView; myRole: OperatorRole; isMe: boolean; now: number };

export function OperatorRow({ operator, myRole, isMe, now }: Props) {
  const editable = canChange(myRole, operator);
  // null: not edited, show what the server says.
  const [role, setRole] = useState<OperatorRole | null>(null);
  const [capacity, setCapacity] = useState<string | null>(null);
  const changed = useOperatorsChanged();
  const patch = useMutation({
    mutationFn: (body: PatchOperatorBody) => operatorRequests.update(operator.id, body),
    onSuccess: () => {
      setRole(null);
      setCapacity(null);
      changed();
    },
  });

  const body: PatchOperatorBody = {};
  if (role !== null && role !== operator.role) body.role = role;
  if (capacity !== null && Number(capacity) !== operator.capacity) body.capacity = Number(capacity);
  const dirty = Object.keys(body).length > 0;
  const formId = `operator-${operator.id}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (dirty) patch.mutate(body);
  }

  return (
    <tr
      data-testid="operator-row"
      data-email={operator.email}
      className={operator.isActive ? undefined : styles.inactive}
    >
      <td className={styles.person}>
        <span className={styles.name}>
          {operator.name}
          {isMe && <span className={ui.badge}>You</span>}
        </span>
        <span className={styles.email}>{operator.email}</span>
      </td>
      <td>
        {editable ? (
          <select
            form={formId}
            className={styles.roleSelect}
            aria-label={`Role of ${operator.name}`}
            value={role ?? operator.role}
            onChange={(event) => setRole(event.target.value as OperatorRole)}
          >
            {assignableRoles(myRole).map((option) => (
              <option key={option} value={option}>
                {ROLE_LABEL[option]}
              </option>
            ))}
          </select>
        ) : (
          ROLE_LABEL[operator.role]
        )}
      </td>
      <td className={ui.num}>
        {editable ? (
          <input
            form={formId}
            type="number"
            inputMode="numeric"
            className={styles.capacity}
            aria-label={`Capacity of ${operator.name}`}
            min={0}
            max={1000}
            step={1}
            required
            value={capacity ?? String(operator.capacity)}
            onChange={(event) => setCapacity(event.target.value)}
          />
        ) : (
          operator.capacity
        )}
      </td>
      <td>
        {operator.isActive ? (
          <span className={AVAILABILITY[operator.availability].className}>
            {AVAILABILITY[operator.availability].label}
          </span>
        ) : (
          <span className={ui.muted}>—</span>
        )}
      </td>
      <td className={styles.when}>
        <LastSeen at={operator.lastSeenAt} now={now} />
      </td>
      <td>
        <span className={operator.isActive ? ui.ok : ui.bad}>{operator.isActive ? 'Active' : 'Deactivated'}</span>
      </td>
      <td className={styles.actionsCell}>
        {editable && (
          <div className={ui.rowActions}>
            <form id={formId} onSubmit={submit} aria-label={`Change ${operator.name}`}>
              {dirty && (
                <button type="submit" className={ui.primary} disabled={patch.isPending}>
                  {patch.isPending ? 'Saving…' : 'Save'}
                </button>
              )}
            </form>
            {!isMe && (
              <ActiveToggle
                operator={operator}
                pending={patch.isPending}
                onConfirm={() => patch.mutate({ isActive: !operator.isActive })}
              />
            )}
          </div>
        )}
        {patch.isError && (
          <p className={ui.error} role="alert">
            {operatorErrorText(patch.error, myRole)}
          </p>
        )}
      </td>
    </tr>
  );
}

/** Deactivate or reactivate, asked twice inline so a stray click or Enter changes nothing. */
function ActiveToggle({
  operator,
  pending,
  onConfirm,
}: {
  operator: OperatorView;
  pending: boolean;
  onConfirm: () => void;
}) {
  const verb = operator.isActive ? 'Deactivate' : 'Reactivate';
  return (
    <ConfirmAction
      verb={verb}
      what={operator.name}
      groupLabel={`Confirm: ${verb.toLowerCase()} ${operator.name}`}
      consequence={
        operator.isActive
          ? 'They are signed out at once and cannot sign in.'
          : 'They take a seat of the plan and can sign in again.'
      }
      danger={operator.isActive}
      pending={pending}
      disabledWhilePending
      onConfirm={onConfirm}
    />
  );
}
