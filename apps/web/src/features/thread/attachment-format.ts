// How a message's media and shared details read in the thread: sizes,
// durations, the provider handle of a file only the provider holds (and
// whether the API can fetch it from there), a map link for a location
// (openstreetmap.org, no tiles loaded here) and the people of a shared
// contact. Pure functions, so they are unit-tested.
import type { MessageAttachment as Attachment } from '@relay/contracts';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** "812 B", "15.5 KB", "3.2 MB"; null when the size is unknown. */
export function formatBytes(size: number | null | undefined): string | null {
  if (size === null || size === undefined || !Number.isFinite(size) || size < 0) return null;
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** "0:07", "12:30", "1:02:03"; null when unknown. */
export function formatDuration(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The URL when the browser may load or open it (http or https only), else null. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A long provider handle shortened to its end, which is what differs between files. */
export function shortHandle(handle: string): string {
  return handle.length > 14 ? `…${handle.slice(-10)}` : handle;
}

const KIND_WORDS: Record<Attachment['type'], string> = {
  image: 'photo',
  video: 'video',
  audio: 'audio',
  document: 'document',
  file: 'file',
  sticker: 'sticker',
  location: 'location',
  contact: 'contact',
};

/** "Telegram photo (file id …Xc9aQ-s)": what arrived, for a file only the provider holds. */
export function providerPlaceholder(channelLabel: string, attachment: Attachment): string {
  const handle = attachment.platformUrl ? ` (file id ${shortHandle(attachment.platformUrl)})` : '';
  return `${channelLabel} ${KIND_WORDS[attachment.type]}${handle}`;
}

/** Channels whose files the API fetches from the provider by handle (the content route). */
const FETCHED_CHANNELS = new Set(['telegram', 'whatsapp']);
const FETCHED_TYPES = new Set<Attachment['type']>(['image', 'video', 'audio', 'document', 'file']);

/** True for a file only the provider holds that the browser gets through the API's content route. */
export function fetchedThroughRelay(channel: string, attachment: Attachment): boolean {
  return (
    !safeUrl(attachment.url) &&
    Boolean(attachment.platformUrl) &&
    FETCHED_CHANNELS.has(channel) &&
    FETCHED_TYPES.has(attachment.type)
  );
}

/** "PDF", "ZIP", "DOCX": the short label on a document's icon. */
export function fileBadge(attachment: Pick<Attachment, 'filename' | 'mimeType'>): string {
  const extension = attachment.filename?.match(/\.([a-z0-9]{1,5})$/i)?.[1];
  if (extension) return extension.toUpperCase();
  const subtype = attachment.mimeType?.split('/')[1]?.split(';')[0]?.trim();
  // Vendor and x- types ("vnd.openxmlformats-…") say nothing short.
  if (!subtype || /^(vnd|x)[.-]/i.test(subtype)) return 'FILE';
  const head = subtype.split(/[.+-]/)[0] ?? '';
  return head && head.length <= 5 ? head.toUpperCase() : 'FILE';
}

export type SharedLocation = { latitude: number; longitude: number; name: string | null; address: string | null };

/** The location a message's metadata carries (Telegram, WhatsApp and the api channel store it alike). */
export function locationOf(metadata: Record<string, unknown> | undefined): SharedLocation | null {
  const raw = metadata?.location;
  if (typeof raw !== 'object' || raw === null) return null;
  const { latitude, longitude, name, address, title } = raw as Record<string, unknown>;
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);
  return { latitude, longitude, name: text(name) ?? text(title), address: text(address) };
}

/** "55.75580, 37.61730". */
export function formatCoordinates(location: Pick<SharedLocation, 'latitude' | 'longitude'>): string {
  return `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`;
}

/** The place on openstreetmap.org, with a marker: a plain link, no map is embedded. */
export function mapLink(location: Pick<SharedLocation, 'latitude' | 'longitude'>): string {
  const lat = location.latitude.toFixed(5);
  const lon = location.longitude.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

export type SharedContact = { name: string | null; phones: string[] };

/** The people a contact message shares: Telegram stores one (`contact`), WhatsApp a list (`contacts`). */
export function contactsOf(metadata: Record<string, unknown> | undefined): SharedContact[] {
  const one = metadata?.contact;
  if (typeof one === 'object' && one !== null) {
    const { phone, firstName, lastName } = one as Record<string, unknown>;
    const name = [firstName, lastName].filter((part) => typeof part === 'string' && part).join(' ');
    return typeof phone === 'string' ? [{ name: name || null, phones: [phone] }] : [];
  }
  const many = metadata?.contacts;
  if (!Array.isArray(many)) return [];
  return many.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { name, phones } = item as Record<string, unknown>;
    const list = Array.isArray(phones) ? phones.filter((phone): phone is string => typeof phone === 'string') : [];
    return [{ name: typeof name === 'string' && name ? name : null, phones: list }];
  });
}

/** A phone number as a tel: link target (digits and a leading +). */
export function telLink(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
