// What a message carries besides text, by type: a photo as a thumbnail that
// opens full size, video and audio with the browser's own controls, a file
// as a named download, a sticker small, a location as coordinates with an
// openstreetmap.org link, a contact as name and phone. A file the provider
// holds (Telegram and WhatsApp send only a file id) is fetched through the
// API (provider-attachment.tsx); until then, or for a channel Relay cannot
// fetch from, a placeholder names it, never a broken image.

import type { MessageAttachment as Attachment, Message } from '@relay/contracts';
import { channelLabel } from '../conversations/conversation-row.tsx';
import {
  contactsOf,
  fetchedThroughRelay,
  formatCoordinates,
  locationOf,
  mapLink,
  providerPlaceholder,
  type SharedContact,
  type SharedLocation,
  safeUrl,
  telLink,
} from './attachment-format.ts';
import { AttachmentIcon } from './attachment-icon.tsx';
import { FileCard, HeldPlaceholder, ImageView, PlayerView } from './attachment-views.tsx';
import styles from './message-attachments.module.css';
import { FetchedFile, FetchedMedia } from './provider-attachment.tsx';

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
        <AttachmentView key={attachment.id} message={message} attachment={attachment} channel={channel} emoji={emoji} />
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
  message,
  attachment,
  channel,
  emoji,
}: {
  message: Message;
  attachment: Attachment;
  channel: string;
  emoji: string | null;
}) {
  const url = safeUrl(attachment.url);
  const isFile = attachment.type === 'document' || attachment.type === 'file';

  if (fetchedThroughRelay(channel, attachment)) {
    return isFile ? (
      <FetchedFile message={message} attachment={attachment} channel={channel} />
    ) : (
      <FetchedMedia message={message} attachment={attachment} channel={channel} />
    );
  }
  if (attachment.type === 'image' && url) {
    return <ImageView attachment={attachment} url={url} thumbnail={safeUrl(attachment.thumbnailUrl) ?? undefined} />;
  }
  if (attachment.type === 'sticker') {
    return (
      <div data-testid="attachment" data-type="sticker" className={styles.sticker}>
        {url ? (
          // biome-ignore lint/performance/noImgElement: a sticker from the client's channel, from any host
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
    return <PlayerView attachment={attachment} url={url} />;
  }
  if (isFile) {
    return (
      <FileCard attachment={attachment} caption={url ? null : providerPlaceholder(channelLabel(channel), attachment)}>
        {url ? (
          <a className={styles.download} href={url} download={attachment.filename ?? true} rel="noopener noreferrer">
            Download
          </a>
        ) : null}
      </FileCard>
    );
  }
  // A photo, video or voice message only the provider holds that Relay cannot fetch, or a kind with nothing to show.
  return <HeldPlaceholder attachment={attachment} channel={channel} />;
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
