'use client';
// The reply box, in two modes: a Reply to the customer (Enter sends,
// Shift+Enter starts a new line; "/" at the start picks a canned response and
// other watchers see "… is replying") or an internal Note ("@" picks a
// colleague to mention). A failed send puts the text back and says why.
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type KeyboardEvent, useId, useLayoutEffect, useRef, useState } from 'react';
import { cannedQueries, matchCanned, recordCannedUse } from '../../data/canned-responses.ts';
import { operatorQueries } from '../../data/operators.ts';
import { errorText } from '../../lib/api.ts';
import { useTypingSignal } from '../collaboration/use-typing-signal.ts';
import styles from './composer.module.css';
import { cannedQueryOf, insertMention, mentionQueryOf, mentionsIn } from './composer-triggers.ts';
import { optionId, type Suggestion, SuggestionList } from './suggestion-list.tsx';
import { useSendMessage } from './use-send-message.ts';
import { useSendNote } from './use-send-note.ts';

type Mode = 'reply' | 'note';

const MAX_SUGGESTIONS = 8;

export function Composer({ conversationId, myId }: { conversationId: string; myId: string }) {
  const [mode, setMode] = useState<Mode>('reply');
  const [draft, setDraft] = useState('');
  const [caret, setCaret] = useState(0);
  // The text at which Escape closed the picker: it stays closed until the text changes.
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const [highlight, setHighlight] = useState({ key: '', index: 0 });
  const picked = useRef(new Map<string, string>());
  const nextCaret = useRef<number | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const send = useSendMessage(conversationId);
  const sendNote = useSendNote(conversationId);
  const typing = useTypingSignal(conversationId);
  const canned = useQuery({ ...cannedQueries.all(), enabled: mode === 'reply' });
  const operators = useQuery(operatorQueries.all());
  const inputId = useId();
  const listId = useId();

  // The picker the text asks for, if any.
  const cannedQuery = mode === 'reply' ? cannedQueryOf(draft) : null;
  const mention = mode === 'note' ? mentionQueryOf(draft, caret) : null;
  const cannedItems = cannedQuery === null ? [] : matchCanned(canned.data?.items ?? [], cannedQuery);
  const mentionItems = mention
    ? (operators.data?.items ?? []).filter(
        (operator) =>
          operator.isActive &&
          operator.id !== myId &&
          operator.name
            .toLowerCase()
            .split(/\s+/)
            .some((word) => word.startsWith(mention.query.toLowerCase())),
      )
    : [];
  const suggestions: Suggestion[] = (
    cannedQuery !== null
      ? cannedItems.map((item) => ({ id: item.id, label: `/${item.shortcut} · ${item.title}`, detail: item.content }))
      : mentionItems.map((operator) => ({ id: operator.id, label: operator.name, detail: operator.email }))
  ).slice(0, MAX_SUGGESTIONS);
  const pickerKey = cannedQuery !== null ? `/${cannedQuery}` : mention ? `@${mention.start}:${mention.query}` : '';
  const open = suggestions.length > 0 && dismissedAt !== draft;
  const active = highlight.key === pickerKey ? Math.min(highlight.index, suggestions.length - 1) : 0;

  useLayoutEffect(() => {
    if (nextCaret.current === null || !textarea.current) return;
    textarea.current.setSelectionRange(nextCaret.current, nextCaret.current);
    nextCaret.current = null;
  });

  function change(text: string, at: number) {
    setDraft(text);
    setCaret(at);
    if (mode === 'reply') typing.changed(text.trim() !== '');
  }

  function pick(index: number) {
    const suggestion = suggestions[index];
    if (!suggestion) return;
    if (cannedQuery !== null) {
      const item = cannedItems.find((candidate) => candidate.id === suggestion.id);
      if (!item) return;
      recordCannedUse(item.id);
      nextCaret.current = item.content.length;
      change(item.content, item.content.length);
    } else if (mention) {
      picked.current.set(suggestion.id, suggestion.label);
      const next = insertMention(draft, mention, suggestion.label);
      nextCaret.current = next.caret;
      change(next.text, next.caret);
    }
  }

  function switchTo(next: Mode) {
    if (next === mode) return;
    if (next === 'note') typing.stop();
    setMode(next);
    textarea.current?.focus();
  }

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const content = draft.trim();
    if (!content) return;
    setDraft('');
    setCaret(0);
    const restore = () => setDraft((current) => (current ? current : content));
    if (mode === 'note') {
      sendNote.mutate({ content, mentions: mentionsIn(content, picked.current) }, { onError: restore });
      picked.current = new Map();
      return;
    }
    typing.stop();
    send.mutate({ content, clientMessageId: crypto.randomUUID() }, { onError: restore });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (open) {
      const move = (by: number) => {
        event.preventDefault();
        setHighlight({ key: pickerKey, index: (active + by + suggestions.length) % suggestions.length });
      };
      if (event.key === 'ArrowDown') return move(1);
      if (event.key === 'ArrowUp') return move(-1);
      if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        return pick(active);
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        return setDismissedAt(draft);
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  }

  const failed = mode === 'note' ? sendNote : send;
  const label = mode === 'note' ? 'Note' : 'Reply';

  return (
    <form className={styles.composer} onSubmit={submit} data-mode={mode}>
      <fieldset className={styles.modes}>
        <legend className="visually-hidden">Write a</legend>
        <button type="button" aria-pressed={mode === 'reply'} onClick={() => switchTo('reply')}>
          Reply
        </button>
        <button type="button" aria-pressed={mode === 'note'} onClick={() => switchTo('note')}>
          Note
        </button>
      </fieldset>
      <div className={styles.field}>
        {open ? (
          <SuggestionList
            id={listId}
            label={cannedQuery !== null ? 'Canned responses' : 'Mention'}
            items={suggestions}
            active={active}
            onPick={pick}
          />
        ) : null}
        <label htmlFor={inputId} className="visually-hidden">
          {label}
        </label>
        <textarea
          id={inputId}
          ref={textarea}
          className={styles.input}
          value={draft}
          onChange={(event) => change(event.target.value, event.target.selectionStart)}
          onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? optionId(listId, active) : undefined}
          placeholder={
            mode === 'note'
              ? 'Internal note, only your team sees it… (@ to mention)'
              : 'Reply… (Enter to send, Shift+Enter for a new line, / for canned responses)'
          }
          rows={3}
          maxLength={mode === 'note' ? 20_000 : 4096}
        />
      </div>
      <div className={styles.bar}>
        {failed.isError ? (
          <p role="alert" className={styles.error}>
            Not sent: {errorText(failed.error)}
          </p>
        ) : (
          <span />
        )}
        <button type="submit" className={styles.send} disabled={!draft.trim()}>
          {mode === 'note' ? 'Add note' : 'Send'}
        </button>
      </div>
    </form>
  );
}
