'use client';
// A value an admin pastes elsewhere (webhook URL, secret) with a Copy button.
// Copies with the async clipboard; where that is unavailable (plain http on
// another host, a denied permission) it selects the text so Ctrl+C works.
import { useEffect, useRef, useState } from 'react';
import styles from './channels.module.css';

type Outcome = 'idle' | 'copied' | 'selected';

export function CopyText({ value, label }: { value: string; label: string }) {
  const textRef = useRef<HTMLElement>(null);
  const [outcome, setOutcome] = useState<Outcome>('idle');

  useEffect(() => {
    if (outcome === 'idle') return;
    // The Ctrl+C hint stays long enough to act on.
    const timer = window.setTimeout(() => setOutcome('idle'), outcome === 'copied' ? 2500 : 8000);
    return () => window.clearTimeout(timer);
  }, [outcome]);

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setOutcome('copied');
    } catch {
      selectText(textRef.current);
      setOutcome('selected');
    }
  }

  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls; this groups a value and its button
    <span className={styles.copy} role="group" aria-label={label}>
      <code ref={textRef} className={styles.copyValue}>
        {value}
      </code>
      <button type="button" className={styles.copyButton} aria-label={`Copy ${label}`} onClick={() => void copy()}>
        {outcome === 'copied' ? 'Copied' : 'Copy'}
      </button>
      {/* The button already says "Copied"; the hint to press Ctrl+C must be seen. */}
      <span className={outcome === 'selected' ? styles.copyHint : 'visually-hidden'} role="status">
        {outcome === 'copied' ? `${capitalised(label)} copied` : ''}
        {outcome === 'selected' ? 'Selected: press Ctrl+C (⌘C) to copy' : ''}
      </span>
    </span>
  );
}

function selectText(element: HTMLElement | null) {
  const selection = window.getSelection();
  if (!element || !selection) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  selection.removeAllRanges();
  selection.addRange(range);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
