'use client';
// A change that cannot be taken back asks twice, inline: the first press
// turns the button into "Delete …? Delete / Cancel", so a stray click or
// Enter never removes anything, and no browser dialog interrupts the
// keyboard (focus moves to Cancel). Delete, remove, deactivate and
// reactivate all ask this way.
import { useEffect, useRef, useState } from 'react';
import ui from './admin-ui.module.css';

export function ConfirmAction({
  verb,
  what,
  groupLabel,
  consequence,
  pendingLabel,
  pending = false,
  danger = true,
  disabledWhilePending = false,
  onConfirm,
}: {
  /** The button's text, e.g. "Delete". */
  verb: string;
  /** Named in the button's label and the question, e.g. `tag "VIP"`. */
  what: string;
  /** The accessible name of the question, e.g. `Confirm deleting tag "VIP"`. */
  groupLabel: string;
  /** Said after the question; the question then stacks above its buttons. */
  consequence?: string;
  pendingLabel?: string;
  pending?: boolean;
  danger?: boolean;
  /** Whether the first button, too, waits for a change in flight. */
  disabledWhilePending?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) cancel.current?.focus();
  }, [asking]);
  const buttonClass = danger ? ui.danger : ui.button;

  if (!asking) {
    return (
      <button
        type="button"
        className={buttonClass}
        aria-label={`${verb} ${what}`}
        disabled={disabledWhilePending && pending}
        onClick={() => setAsking(true)}
      >
        {verb}
      </button>
    );
  }
  const buttons = (
    <>
      <button
        type="button"
        className={buttonClass}
        disabled={pending}
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
      >
        {pending && pendingLabel ? pendingLabel : verb}
      </button>
      <button ref={cancel} type="button" className={ui.button} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </>
  );
  return consequence === undefined ? (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would restyle the row; a group is what this is
    <span role="group" aria-label={groupLabel} className={ui.rowActions}>
      <span className={ui.muted}>
        {verb} {what}?
      </span>
      {buttons}
    </span>
  ) : (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would restyle the row; a group is what this is
    <span role="group" aria-label={groupLabel} className={ui.confirm}>
      <span className={ui.muted}>
        {verb} {what}? {consequence}
      </span>
      <span className={ui.rowActions}>{buttons}</span>
    </span>
  );
}

export function ConfirmDelete({
  what,
  pending,
  onConfirm,
}: {
  what: string;
  pending?: boolean;
  onConfirm: () => void;
}) {
  return (
    <ConfirmAction
      verb="Delete"
      what={what}
      groupLabel={`Confirm deleting ${what}`}
      pendingLabel="Deleting…"
      pending={pending}
      onConfirm={onConfirm}
    />
  );
}
