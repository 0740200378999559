'use client';
// The reply box: Enter sends, Shift+Enter starts a new line. A failed send
// puts the text back and says why, beside the box.
import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { errorText } from '../../lib/api.ts';
import styles from './composer.module.css';
import { useSendMessage } from './use-send-message.ts';

export function Composer({ conversationId }: { conversationId: string }) {
  const [draft, setDraft] = useState('');
  const send = useSendMessage(conversationId);
  const inputId = useId();

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const content = draft.trim();
    if (!content) return;
    setDraft('');
    send.mutate(
      { content, clientMessageId: crypto.randomUUID() },
      { onError: () => setDraft((current) => (current ? current : content)) },
    );
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form className={styles.composer} onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        Reply
      </label>
      <textarea
        id={inputId}
        className={styles.input}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder="Reply… (Enter to send, Shift+Enter for a new line)"
        rows={3}
        maxLength={4096}
      />
      <div className={styles.bar}>
        {send.isError ? (
          <p role="alert" className={styles.error}>
            Not sent: {errorText(send.error)}
          </p>
        ) : (
          <span />
        )}
        <button type="submit" className={styles.send} disabled={!draft.trim()}>
          Send
        </button>
      </div>
    </form>
  );
}
