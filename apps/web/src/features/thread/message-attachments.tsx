// What a message carries besides text, by type: a photo as a thumbnail that
// opens full size, video and audio with the browser's own controls, a file
// as a named download, a sticker small, a location as coordinates with an
// openstreetmap.org link, a contact as name and phone. A file the provider
// holds (Telegram and WhatsApp send only a file id) shows as a placeholder
// naming it, never as a broken image.
import { channelLabel } from '../conversations/conversation-row.tsx';
import {
  contactsOf,
  fileBadge,
  formatBytes,
  formatCoordinates,
  formatDuration,
  locationOf,
  mapLink,
  providerPlaceholder,
  type SharedContact,
  type SharedLocation,
  safeUrl,
  telLink,
} from './attachment-format.ts';
import { AttachmentIcon } from './attachment-icon.tsx';
import styles from './message-attachments.module.css';
import type { Attachment, Message } from './thread-types.ts';

/** The location or contacts a message shares, when it is one: these replace its generated text. */
export function sharedDetails(message: Message) {
  const location = message.type === 'location' ? locationOf(message.metadata) : null;
  const contacts = message.type === 'contact' ? contactsOf(message.metadata) : [];
  return { location, contacts, replacesText: location !== null || contacts.length > 0 };
}

export function MessageAttachments({ message, channel }: { message: Message; channel: string }) {
  const { location, contacts } = sharedDetails(message);
  if (message.attachments.length === 0 && !location && contacts.length === 0) return null;
  const emoji = typeof message.metadata?.emoji === 'string' ? message.metadata.emoji : null;
  return (
    <div className={styles.list}>
      {message.attachments.map((attachment) => (
        <AttachmentView key={attachment.id} attachment={attachment} channel={channel} emoji={emoji} />
      ))}
      {location ? <LocationCard location={location} /> : null}
      {contacts.map((contact, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a contact list has no ids and never reorders
        <ContactCard key={index} contact={contact} />
      ))}
    </div>
  );
}

function AttachmentView({
  attachment,
  channel,
  emoji,
}: {
  attachment: Attachment;
  channel: string;
  emoji: string | null;
}) {
  const url = safeUrl(attachment.url);
  const size = formatBytes(attachment.size);
  const duration = formatDuration(attachment.duration);
  const common = { 'data-testid': 'attachment', 'data-type': attachment.type };

  if (attachment.type === 'image' && url) {
    const thumbnail = safeUrl(attachment.thumbnailUrl) ?? url;
    return (
      <a {...common} className={styles.image} href={url} target="_blank" rel="noopener noreferrer">
        {/* biome-ignore lint/performance/noImgElement: a client's photo from any host; next/image would need each host configured */}
        <img
          src={thumbnail}
          alt={attachment.filename ?? 'Photo from the client (opens full size)'}
          width={attachment.width ?? undefined}
          height={attachment.height ?? undefined}
          loading="lazy"
        />
      </a>
    );
  }
  if (attachment.type === 'sticker') {
    return (
      <div {...common} className={styles.sticker}>
        {url ? (
          // biome-ignore lint/performance/noImgElement: as above, a sticker from the client's channel
          <img src={url} alt={emoji ? `Sticker ${emoji}` : 'Sticker'} loading="lazy" />
        ) : (
          <span className={styles.emoji} role="img" aria-label={emoji ? `Sticker ${emoji}` : 'Sticker'}>
            {emoji ?? <AttachmentIcon kind="sticker" />}
          </span>
        )}
        {url ? null : <span className={styles.caption}>{providerPlaceholder(channelLabel(channel), attachment)}</span>}
      </div>
    );
  }
  if ((attachment.type === 'video' || attachment.type === 'audio') && url) {
    return (
      <div {...common} className={styles.media}>
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
  if (attachment.type === 'document' || attachment.type === 'file') {
    const name = attachment.filename ?? 'Unnamed file';
    return (
      <div {...common} className={styles.file}>
        <span className={styles.badge} aria-hidden="true">
          {fileBadge(attachment)}
        </span>
        <span className={styles.fileText}>
          <span className={styles.fileName} title={name}>
            {name}
          </span>
          <span className={styles.caption}>
            {[size, url ? null : providerPlaceholder(channelLabel(channel), attachment)].filter(Boolean).join(' · ')}
          </span>
        </span>
        {url ? (
          <a className={styles.download} href={url} download={attachment.filename ?? true} rel="noopener noreferrer">
            Download
          </a>
        ) : null}
      </div>
    );
  }
  // A photo, video or voice message only the provider holds, or a kind with nothing to show.
  const facts = [
    attachment.width && attachment.height ? `${attachment.width}×${attachment.height}` : null,
    duration,
    size,
  ].filter(Boolean);
  return (
    <div {...common} className={styles.placeholder} data-placeholder="true">
      <span className={styles.badge} aria-hidden="true">
        <AttachmentIcon kind={attachment.type} />
      </span>
      <span className={styles.fileText}>
        <span>{providerPlaceholder(channelLabel(channel), attachment)}</span>
        {facts.length > 0 ? <span className={styles.caption}>{facts.join(' · ')}</span> : null}
      </span>
    </div>
  );
}

function LocationCard({ location }: { location: SharedLocation }) {
  return (
    <div className={styles.card} data-testid="attachment" data-type="location">
      <span className={styles.badge} aria-hidden="true">
        <AttachmentIcon kind="location" />
      </span>
      <span className={styles.fileText}>
        {location.name ? <span className={styles.fileName}>{location.name}</span> : null}
        {location.address ? <span className={styles.caption}>{location.address}</span> : null}
        <span className={styles.coordinates}>{formatCoordinates(location)}</span>
        <a className={styles.link} href={mapLink(location)} target="_blank" rel="noopener noreferrer">
          Open in OpenStreetMap
        </a>
      </span>
    </div>
  );
}

function ContactCard({ contact }: { contact: SharedContact }) {
  return (
    <div className={styles.card} data-testid="attachment" data-type="contact">
      <span className={styles.badge} aria-hidden="true">
        <AttachmentIcon kind="contact" />
      </span>
      <span className={styles.fileText}>
        <span className={styles.fileName}>{contact.name ?? 'Contact'}</span>
        {contact.phones.map((phone) => (
          <a key={phone} className={styles.link} href={telLink(phone)}>
            {phone}
          </a>
        ))}
      </span>
    </div>
  );
}
