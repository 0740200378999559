// How the thread words what a message carries: sizes, durations, provider
// file ids, which URLs the browser may load, locations and shared contacts.
import { describe, expect, it } from 'vitest';
import {
  contactsOf,
  fetchedThroughRelay,
  fileBadge,
  formatBytes,
  formatCoordinates,
  formatDuration,
  locationOf,
  mapLink,
  providerPlaceholder,
  safeUrl,
  telLink,
} from '../src/features/thread/attachment-format.ts';

describe('attachment formatting', () => {
  it('formats sizes in binary units, and nothing for an unknown size', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(15_872)).toBe('15.5 KB');
    expect(formatBytes(131_072)).toBe('128 KB');
    expect(formatBytes(3.2 * 1024 * 1024)).toBe('3.2 MB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5.0 TB');
    for (const unknown of [null, undefined, -1, Number.NaN]) expect(formatBytes(unknown)).toBeNull();
  });

  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(750)).toBe('12:30');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(null)).toBeNull();
  });

  it('lets the browser load only http and https URLs', () => {
    expect(safeUrl('https://files.example.com/a.jpg')).toBe('https://files.example.com/a.jpg');
    expect(safeUrl('http://127.0.0.1:3000/x')).toBe('http://127.0.0.1:3000/x');
    for (const unsafe of ['javascript:alert(1)', 'data:text/html,hi', 'AgACAgIAAxkBAAIB', '', null]) {
      expect(safeUrl(unsafe)).toBeNull();
    }
  });

  it('names a file only the provider holds, with the end of its file id', () => {
    const photo = { id: 'a', type: 'image' as const, platformUrl: 'AgACAgIAAxkBAAIBZ2Xc9aQ' };
    expect(providerPlaceholder('Telegram', photo)).toBe('Telegram photo (file id …AIBZ2Xc9aQ)');
    expect(providerPlaceholder('WhatsApp', { id: 'b', type: 'document', platformUrl: '12345' })).toBe(
      'WhatsApp document (file id 12345)',
    );
    expect(providerPlaceholder('Telegram', { id: 'c', type: 'audio' })).toBe('Telegram audio');
  });

  it('fetches through the API only a Telegram or WhatsApp file with a handle and no usable url', () => {
    const photo = { id: 'a', type: 'image' as const, platformUrl: 'AgACAgIAAxkBAAIB' };
    expect(fetchedThroughRelay('telegram', photo)).toBe(true);
    expect(fetchedThroughRelay('whatsapp', { ...photo, type: 'audio' })).toBe(true);
    expect(fetchedThroughRelay('telegram', { ...photo, type: 'document' })).toBe(true);
    expect(fetchedThroughRelay('telegram', { ...photo, url: 'https://files.example.test/a.png' })).toBe(false);
    expect(fetchedThroughRelay('telegram', { ...photo, url: 'javascript:alert(1)' })).toBe(true);
    expect(fetchedThroughRelay('telegram', { ...photo, platformUrl: null })).toBe(false);
    expect(fetchedThroughRelay('telegram', { ...photo, type: 'sticker' })).toBe(false);
    expect(fetchedThroughRelay('vk', photo)).toBe(false);
  });

  it('labels a document by its extension, else its MIME subtype', () => {
    expect(fileBadge({ filename: 'invoice-1042.pdf' })).toBe('PDF');
    expect(fileBadge({ filename: 'report', mimeType: 'application/zip' })).toBe('ZIP');
    expect(fileBadge({ mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toBe(
      'FILE',
    );
  });

  it('reads a shared location and links it to openstreetmap.org', () => {
    const location = locationOf({ location: { latitude: 55.7558, longitude: 37.6173, name: 'Office', address: '' } });
    expect(location).toEqual({ latitude: 55.7558, longitude: 37.6173, name: 'Office', address: null });
    expect(formatCoordinates(location as NonNullable<typeof location>)).toBe('55.75580, 37.61730');
    expect(mapLink({ latitude: 55.7558, longitude: 37.6173 })).toBe(
      'https://www.openstreetmap.org/?mlat=55.75580&mlon=37.61730#map=16/55.75580/37.61730',
    );
    expect(locationOf({ location: { latitude: 'north', longitude: 1 } })).toBeNull();
    expect(locationOf({ location: { latitude: 91, longitude: 1 } })).toBeNull();
    expect(locationOf(undefined)).toBeNull();
  });

  it('reads Telegram’s one contact and WhatsApp’s list alike', () => {
    expect(contactsOf({ contact: { phone: '+79991234567', firstName: 'Oleg', lastName: null } })).toEqual([
      { name: 'Oleg', phones: ['+79991234567'] },
    ]);
    expect(contactsOf({ contacts: [{ name: 'Anna L.', phones: ['+7 999 000-11-22', 5] }, 'junk'] })).toEqual([
      { name: 'Anna L.', phones: ['+7 999 000-11-22'] },
    ]);
    expect(contactsOf({})).toEqual([]);
    expect(telLink('+7 (999) 000-11-22')).toBe('tel:+79990001122');
  });
});
