// One row of the inbox list: client, channel, preview, age, unread, status,
// priority, tags and the SLA clock. A link to ?c=<id> (with the list's view
// and filters kept), so Tab/Enter and middle-click work.

import type { ConversationItem } from '@relay/contracts';
import Link from 'next/link';
import { relativeAge } from '../../lib/format-time.ts';
import { NORMAL_PRIORITY, priorityLabel } from './conversation-priority.ts';
import styles from './conversation-row.module.css';
import { SlaBadge } from './sla-badge.tsx';
import { TagChips } from './tag-chips.tsx';

const CHANNEL_LABELS: Record<string, string> = { telegram: 'Telegram', whatsapp: 'WhatsApp', api: 'API' };

export function channelLabel(channel: string): string {
  const words = channel.replace(/_/g, ' ');
  return CHANNEL_LABELS[channel] ?? words.charAt(0).toUpperCase() + words.slice(1);
}

export function ConversationRow({
  item,
  selected,
  now,
  href = `/inbox?c=${item.id}`,
}: {
  item: ConversationItem;
  selected: boolean;
  now: number;
  href?: string;
}) {
  const name = item.clientName ?? 'Unknown client';
  const preview = item.lastMessageContent ?? (item.lastMessageType ? `[${item.lastMessageType}]` : 'No messages yet');
  return (
    <li className={styles.item}>
      <Link
        href={href}
        scroll={false}
        className={styles.row}
        aria-current={selected ? 'true' : undefined}
        data-testid="conversation-row"
        data-conversation-id={item.id}
        data-unread={item.unreadCount > 0 ? 'true' : 'false'}
      >
        <span className={styles.top}>
          <span className={styles.name}>{name}</span>
          <time
            className={styles.age}
            dateTime={item.lastMessageAt}
            title={new Date(item.lastMessageAt).toLocaleString()}
          >
            {relativeAge(item.lastMessageAt, now)}
          </time>
        </span>
        <span className={styles.preview}>
          {item.lastMessageDirection === 'outbound' ? <span className={styles.you}>Reply: </span> : null}
          {preview}
        </span>
        <span className={styles.meta}>
          <span className={styles.channel} data-channel={item.channel} title={item.channelAccountName}>
            {channelLabel(item.channel)}
          </span>
          <span className={styles.status} data-status={item.status}>
            {item.status}
          </span>
          {item.priority !== NORMAL_PRIORITY ? (
            <span className={styles.priority} data-priority={item.priority} data-testid="row-priority">
              {priorityLabel(item.priority)}
            </span>
          ) : null}
          <SlaBadge conversation={item} now={now} />
          {item.unreadCount > 0 ? (
            <span className={styles.unread} data-testid="unread-badge">
              {item.unreadCount}
              <span className="visually-hidden"> unread</span>
            </span>
          ) : null}
        </span>
        <TagChips tags={item.tags} className={styles.tags} />
      </Link>
    </li>
  );
}
