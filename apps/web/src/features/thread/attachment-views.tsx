// How one file of a message looks, wherever its bytes come from (a URL the
// channel sent, or an object URL of a file the API fetched from the
// provider): a photo as a thumbnail that opens full size, video and audio
// with the browser's controls, a document as a named card, and the
// placeholder that names a file only the provider holds.

import type { MessageAttachment as Attachment } from '@relay/contracts';
import type { ReactNode } from 'react';
import { channelLabel } from '../conversations/conversation-row.tsx';
import { fileBadge, formatBytes, formatDuration, providerPlaceholder } from './attachment-format.ts';
import { AttachmentIcon } from './attachment-icon.tsx';
import styles from './message-attachments.module.css';

const common = (attachment: Attachment, state?: string) => ({
  'data-testid': 'attachment',
  'data-type': attachment.type,
  ...(state ? { 'data-state': state } : {}),
});

export function ImageView({ attachment, url, thumbnail }: { attachment: Attachment; url: string; thumbnail?: string }) {
  return (
    <a {...common(attachment, 'ready')} className={styles.image} href={url} target="_blank" rel="noopener noreferrer">
      {/* biome-ignore lint/performance/noImgElement: a client's photo from any host; next/image would need each host configured */}
      <img
        src={thumbnail ?? url}
        alt={attachment.filename ?? 'Photo from the client (opens full size)'}
        width={attachment.width ?? undefined}
        height={attachment.height ?? undefined}
        loading="lazy"
      />
    </a>
  );
}

export function PlayerView({ attachment, url }: { attachment: Attachment; url: string }) {
  const duration = formatDuration(attachment.duration);
  return (
    <div {...common(attachment, 'ready')} className={styles.media}>
      {attachment.type === 'video' ? (
        // biome-ignore lint/a11y/useMediaCaption: clients' videos come without captions
        <video controls preload="metadata" src={url} className={styles.video} />
      ) : (
        // biome-ignore lint/a11y/useMediaCaption: clients' voice messages come without captions
        <audio controls preload="metadata" src={url} />
      )}
      {attachment.filename || duration ? (
        <span className={styles.caption}>{[attachment.filename, duration].filter(Boolean).join(' · ')}</span>
      ) : null}
    </div>
  );
}

/** A document: its badge, name and size, a caption, and what can be done with it (Download). */
export function FileCard({
  attachment,
  caption,
  state,
  children,
}: {
  attachment: Attachment;
  caption?: string | null;
  state?: string;
  children?: ReactNode;
}) {
  const name = attachment.filename ?? 'Unnamed file';
  return (
    <div {...common(attachment, state)} className={styles.file}>
      <span className={styles.badge} aria-hidden="true">
        {fileBadge(attachment)}
      </span>
      <span className={styles.fileText}>
        <span className={styles.fileName} title={name}>
          {name}
        </span>
        <span className={styles.caption}>{[formatBytes(attachment.size), caption].filter(Boolean).join(' · ')}</span>
      </span>
      {children}
    </div>
  );
}

/** A photo, video or voice message only the provider holds (loading, failed, or nothing to fetch it with). */
export function HeldPlaceholder({
  attachment,
  channel,
  state,
  children,
}: {
  attachment: Attachment;
  channel: string;
  state?: string;
  children?: ReactNode;
}) {
  const facts = [
    attachment.width && attachment.height ? `${attachment.width}×${attachment.height}` : null,
    formatDuration(attachment.duration),
    formatBytes(attachment.size),
  ].filter(Boolean);
  return (
    <div {...common(attachment, state)} className={styles.placeholder} data-placeholder="true">
      <span className={styles.badge} aria-hidden="true">
        <AttachmentIcon kind={attachment.type === 'file' ? 'document' : attachment.type} />
      </span>
      <span className={styles.fileText}>
        <span>{providerPlaceholder(channelLabel(channel), attachment)}</span>
        {facts.length > 0 ? <span className={styles.caption}>{facts.join(' · ')}</span> : null}
        {children}
      </span>
    </div>
  );
}
