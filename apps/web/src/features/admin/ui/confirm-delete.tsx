'use client';
// Deleting asks twice, inline: the first press turns the button into
// "Delete …? Delete / Cancel", so a stray click or Enter never removes
// anything, and no browser dialog interrupts the keyboard.
import { useEffect, useRef, useState } from 'react';
import ui from './admin-ui.module.css';

export function ConfirmDelete({
  what,
  pending = false,
  onConfirm,
}: {
  /** Named in the button's label and the question, e.g. `tag "VIP"`. */
  what: string;
  pending?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) cancel.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" className={ui.danger} aria-label={`Delete ${what}`} onClick={() => setAsking(true)}>
        Delete
      </button>
    );
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would restyle the row; a group is what this is
    <span role="group" aria-label={`Confirm deleting ${what}`} className={ui.rowActions}>
      <span className={ui.muted}>Delete {what}?</span>
      <button
        type="button"
        className={ui.danger}
        disabled={pending}
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
      >
        {pending ? 'Deleting…' : 'Delete'}
      </button>
      <button ref={cancel} type="button" className={ui.button} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
