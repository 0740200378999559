// One message of the thread: its text, time and, for replies, the delivery
// tick (pending → sent → delivered → read, or failed with the reason).
import type { MessageStatus } from '@relay/contracts';
import { clockTime, fullTime } from '../../lib/format-time.ts';
import styles from './message-item.module.css';
import type { Message, Note } from './thread-types.ts';

const TICKS: Record<MessageStatus, string> = { pending: '◷', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

export function MessageItem({ message }: { message: Message }) {
  const text =
    message.content ??
    (message.attachments.length > 0 ? `[${message.attachments.length} attachment(s)]` : `[${message.type}]`);
  return (
    <div
      className={styles.message}
      data-testid="message"
      data-direction={message.direction}
      data-status={message.status}
      data-message-id={message.id}
    >
      <div className={styles.bubble}>
        <p className={styles.text}>{text}</p>
        <p className={styles.meta}>
          <time dateTime={message.createdAt} title={fullTime(message.createdAt)}>
            {clockTime(message.createdAt)}
          </time>
          {message.direction === 'outbound' ? (
            <span
              className={styles.tick}
              data-testid="delivery-status"
              data-status={message.status}
              role="img"
              aria-label={message.status}
              title={message.status === 'failed' && message.error ? `failed: ${message.error}` : message.status}
            >
              {TICKS[message.status]}
            </span>
          ) : null}
        </p>
      </div>
      {message.status === 'failed' && message.direction === 'outbound' ? (
        <p className={styles.failed}>Not delivered{message.error ? `: ${message.error}` : ''}</p>
      ) : null}
    </div>
  );
}

export function NoteItem({ note, author }: { note: Note; author: string }) {
  return (
    <div className={styles.note} data-testid="note">
      <p className={styles.noteHead}>
        Internal note · {author} ·{' '}
        <time dateTime={note.createdAt} title={fullTime(note.createdAt)}>
          {clockTime(note.createdAt)}
        </time>
      </p>
      <p className={styles.text}>{note.content}</p>
    </div>
  );
}
