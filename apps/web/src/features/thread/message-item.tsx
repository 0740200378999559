// One message of the thread: what it carries (text, media, a location or a
// contact), its time and, for replies, the delivery tick (pending → sent →
// delivered → read, or failed with the reason and, for an operator's reply,
// a Retry).
import type { Message, MessageStatus, Note } from '@relay/contracts';
import { errorText } from '../../lib/api.ts';
import { clockTime, fullTime } from '../../lib/format-time.ts';
import { MessageAttachments, sharedDetails } from './message-attachments.tsx';
import styles from './message-item.module.css';
import { useRetryMessage } from './use-retry-message.ts';

const TICKS: Record<MessageStatus, string> = { pending: '◷', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '!' };

export function MessageItem({ message, channel }: { message: Message; channel: string }) {
  const shared = sharedDetails(message);
  // A shared location or contact is shown as a card; its stored text only repeats it.
  const text = shared.replacesText ? null : message.content;
  const empty = !text && !shared.replacesText && message.attachments.length === 0;
  return (
    <div
      className={styles.message}
      data-testid="message"
      data-direction={message.direction}
      data-status={message.status}
      data-type={message.type}
      data-message-id={message.id}
    >
      <div className={styles.bubble}>
        <MessageAttachments message={message} channel={channel} />
        {text ? <p className={styles.text}>{text}</p> : null}
        {empty ? <p className={`${styles.text} ${styles.muted}`}>[{message.type}]</p> : null}
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
      {message.direction === 'outbound' ? <DeliveryFailure message={message} /> : null}
    </div>
  );
}

/** Why a reply was not delivered, and Retry for an operator's (a bot's or the system's are not retried here). */
function DeliveryFailure({ message }: { message: Message }) {
  const retry = useRetryMessage(message);
  if (message.status !== 'failed') return null;
  const retriable = message.actorType === 'operator' && !message.id.startsWith('local:');
  return (
    <div className={styles.failure} data-testid="delivery-failure">
      <p className={styles.failed}>Not delivered{message.error ? `: ${message.error}` : ''}</p>
      {retriable ? (
        <button type="button" className={styles.retry} disabled={retry.isPending} onClick={() => retry.mutate()}>
          Retry
        </button>
      ) : null}
      {retry.isError ? (
        <p role="alert" className={styles.failed}>
          Retry refused: {errorText(retry.error)}
        </p>
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
