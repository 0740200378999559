'use client';
import type { Message, Note } from '@relay/contracts';
// The thread's timeline: messages oldest → newest with the internal notes
// among them, a separator per day. It opens at the bottom, stays there while
// new messages arrive (unless the operator scrolled up to read), and loads
// older pages when scrolled to the top without jumping.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Fragment, useLayoutEffect, useMemo, useRef } from 'react';
import { threadQueries } from '../../data/messages.ts';
import { operatorQueries } from '../../data/operators.ts';
import { errorText } from '../../lib/api.ts';
import { dayKey, dayLabel } from '../../lib/format-time.ts';
import { MessageItem, NoteItem } from './message-item.tsx';
import styles from './message-list.module.css';

type Entry = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: Note };

const NEAR_BOTTOM_PX = 120;
const NEAR_TOP_PX = 80;

export function MessageList({ conversationId, channel }: { conversationId: string; channel: string }) {
  const messages = useInfiniteQuery(threadQueries.messages(conversationId));
  const notes = useQuery(threadQueries.notes(conversationId));
  const operators = useQuery(operatorQueries.all());
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const heightBeforeOlder = useRef<number | null>(null);

  const entries = useMemo(() => {
    const list: Entry[] = [];
    for (const page of messages.data?.pages ?? []) {
      for (const message of page.items) list.push({ kind: 'message', at: message.createdAt, message });
    }
    for (const note of notes.data?.items ?? []) list.push({ kind: 'note', at: note.createdAt, note });
    return list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }, [messages.data, notes.data]);

  // After older messages were prepended, keep the same message under the eye; otherwise follow the bottom.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || entries.length === 0) return;
    if (heightBeforeOlder.current !== null) {
      element.scrollTop += element.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
    } else if (stickToBottom.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [entries]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    stickToBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX;
    if (element.scrollTop < NEAR_TOP_PX && messages.hasNextPage && !messages.isFetchingNextPage) {
      heightBeforeOlder.current = element.scrollHeight;
      void messages.fetchNextPage();
    }
  }

  const now = Date.now();
  const authorOf = (note: Note) =>
    operators.data?.items.find((operator) => operator.id === note.operatorId)?.name ?? 'Operator';

  return (
    <div className={styles.scroller} ref={scroller} onScroll={onScroll} data-testid="thread-messages">
      {messages.isFetchingNextPage ? <p className={styles.info}>Loading older messages…</p> : null}
      {messages.isPending ? <p className={styles.info}>Loading messages…</p> : null}
      {messages.isError ? (
        <p role="alert" className={styles.error}>
          Could not load messages: {errorText(messages.error)}
        </p>
      ) : null}
      {messages.isSuccess && entries.length === 0 ? <p className={styles.info}>No messages yet.</p> : null}
      {entries.map((entry, index) => {
        const previous = entries[index - 1];
        const newDay = !previous || dayKey(previous.at) !== dayKey(entry.at);
        return (
          <Fragment
            key={entry.kind === 'message' ? (entry.message.clientMessageId ?? entry.message.id) : entry.note.id}
          >
            {newDay ? (
              <div className={styles.day} data-testid="day-separator">
                <span>{dayLabel(entry.at, now)}</span>
              </div>
            ) : null}
            {entry.kind === 'message' ? (
              <MessageItem message={entry.message} channel={channel} />
            ) : (
              <NoteItem note={entry.note} author={authorOf(entry.note)} />
            )}
          </Fragment>
        );
      })}
    </div>
  );
}
