'use client';
// A button that opens a small non-modal panel under it (filter menus, the
// transfer form, snooze, the tag editor). Escape closes it and gives focus
// back to the button; a click or focus anywhere outside closes it too.
import { type ReactNode, useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import styles from './popover.module.css';

export function Popover({
  label,
  title,
  buttonClassName,
  align = 'start',
  disabled,
  children,
  testId,
}: {
  /** The button's content. */
  label: ReactNode;
  /** The panel's accessible name, and the button's tooltip. */
  title: string;
  buttonClassName?: string;
  align?: 'start' | 'end';
  disabled?: boolean;
  testId?: string;
  /** The panel's content; `close` closes it (after a choice that completes it). */
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [side, setSide] = useState(align);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDialogElement>(null);
  const panelId = useId();

  // A panel that would run off the window's edge opens towards the other side.
  useLayoutEffect(() => {
    if (!open) return setSide(align);
    const box = panel.current?.getBoundingClientRect();
    if (!box) return;
    if (box.right > window.innerWidth - 8) setSide('end');
    else if (box.left < 8) setSide('start');
  }, [open, align]);

  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && root.current?.contains(event.target as Node)) {
        event.preventDefault();
        close();
      }
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('focusin', outside);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('focusin', outside);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open, close]);

  return (
    <div ref={root} className={styles.root}>
      <button
        ref={button}
        type="button"
        className={buttonClassName}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        title={title}
        disabled={disabled}
        data-testid={testId}
        onClick={() => setOpen((was) => !was)}
      >
        {label}
      </button>
      {open ? (
        <dialog ref={panel} open id={panelId} aria-label={title} className={styles.panel} data-align={side}>
          {children(close)}
        </dialog>
      ) : null}
    </div>
  );
}
