import { describe, expect, it } from 'vitest';
import { type InboundAttachment, parseWhatsAppWebhook, WebhookPayloadError } from '../src/index.ts';
import { whatsAppStatusWebhook, whatsAppTextWebhook } from '../src/testing/index.ts';

const timestamp = '1718000000';
const sentAt = new Date(1_718_000_000_000);
const metadata = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
const contacts = [{ profile: { name: 'Kerry Fisher' }, wa_id: '16315551181' }];

function webhook(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata, ...value } }],
      },
    ],
  };
}

function inbound(message: Record<string, unknown>) {
  return webhook({ contacts, messages: [{ from: '16315551181', id: 'wamid.IN1', timestamp, ...message }] });
}

const sender = { externalId: '16315551181', displayName: 'Kerry Fisher', username: null, phone: '+16315551181' };
const base = {
  kind: 'message',
  externalChatId: '16315551181',
  externalMessageId: 'wamid.IN1',
  sender,
  replyToExternalId: null,
  sentAt,
  metadata: {},
} as const;

function media(fields: Partial<InboundAttachment>): InboundAttachment {
  const empty = { url: null, platformUrl: null, mimeType: null, filename: null, size: null };
  return { type: 'image', ...empty, width: null, height: null, duration: null, ...fields };
}

describe('parseWhatsAppWebhook', () => {
  it('maps a text message with the name from contacts and the number as phone', () => {
    expect(parseWhatsAppWebhook(inbound({ type: 'text', text: { body: 'Hello!' } }))).toEqual([
      { ...base, type: 'text', text: 'Hello!', attachments: [] },
    ]);
  });

  it('keeps the message a reply answers', () => {
    const body = inbound({ type: 'text', text: { body: 'ok' }, context: { from: '15550783881', id: 'wamid.OUT7' } });
    expect(parseWhatsAppWebhook(body)[0]).toMatchObject({ replyToExternalId: 'wamid.OUT7' });
  });

  it('maps an image with its media id as the platform handle and its caption as text', () => {
    const image = { caption: 'receipt', mime_type: 'image/jpeg', sha256: 'abc=', id: '1479537139650973' };
    expect(parseWhatsAppWebhook(inbound({ type: 'image', image }))).toEqual([
      {
        ...base,
        type: 'image',
        text: 'receipt',
        attachments: [media({ platformUrl: '1479537139650973', mimeType: 'image/jpeg' })],
      },
    ]);
  });

  it('maps a document with its file name, and a voice note as audio', () => {
    const document = { filename: 'contract.pdf', mime_type: 'application/pdf', sha256: 'x', id: '42' };
    expect(parseWhatsAppWebhook(inbound({ type: 'document', document }))[0]).toMatchObject({
      type: 'document',
      text: null,
      attachments: [
        media({ type: 'document', platformUrl: '42', mimeType: 'application/pdf', filename: 'contract.pdf' }),
      ],
    });
    const audio = { mime_type: 'audio/ogg; codecs=opus', sha256: 'y', id: '43', voice: true };
    expect(parseWhatsAppWebhook(inbound({ type: 'audio', audio }))[0]).toMatchObject({
      type: 'audio',
      attachments: [media({ type: 'audio', platformUrl: '43', mimeType: 'audio/ogg; codecs=opus' })],
      metadata: { voice: true },
    });
  });

  it('maps a location to a readable text with the place in metadata', () => {
    const location = {
      latitude: 37.483307,
      longitude: 122.148981,
      name: 'Main Street Beach',
      address: '5 Main Street',
    };
    expect(parseWhatsAppWebhook(inbound({ type: 'location', location }))).toEqual([
      {
        ...base,
        type: 'location',
        text: 'Location: Main Street Beach, 5 Main Street (37.483307, 122.148981)',
        attachments: [],
        metadata: { location },
      },
    ]);
  });

  it('maps shared contacts', () => {
    const shared = [
      {
        name: { formatted_name: 'Bob Stone', first_name: 'Bob' },
        phones: [{ phone: '+1 555 0100', wa_id: '15550100', type: 'CELL' }],
      },
    ];
    expect(parseWhatsAppWebhook(inbound({ type: 'contacts', contacts: shared }))[0]).toMatchObject({
      type: 'contact',
      text: 'Contact: Bob Stone, +1 555 0100',
      metadata: { contacts: [{ name: 'Bob Stone', phones: ['+1 555 0100'] }] },
    });
  });

  it('reads quick-reply buttons and interactive replies as text', () => {
    const button = inbound({ type: 'button', button: { text: 'Yes', payload: 'CONFIRM' } });
    expect(parseWhatsAppWebhook(button)[0]).toMatchObject({
      type: 'text',
      text: 'Yes',
      metadata: { button: { payload: 'CONFIRM' } },
    });
    const list = inbound({
      type: 'interactive',
      interactive: { type: 'list_reply', list_reply: { id: 'r2', title: 'Tuesday' } },
    });
    expect(parseWhatsAppWebhook(list)[0]).toMatchObject({ text: 'Tuesday', metadata: { interactive: { id: 'r2' } } });
  });

  it('keeps unknown message types as a placeholder instead of refusing the batch', () => {
    const unsupported = inbound({
      type: 'unsupported',
      errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown' }],
    });
    expect(parseWhatsAppWebhook(unsupported)).toEqual([
      { ...base, type: 'text', text: '[unsupported]', attachments: [], metadata: { unsupported: 'unsupported' } },
    ]);
    const reaction = inbound({ type: 'reaction', reaction: { message_id: 'wamid.OUT1', emoji: '❤️' } });
    expect(parseWhatsAppWebhook(reaction)[0]).toMatchObject({ text: '[reaction]' });
  });

  it('maps statuses, with the error of a failed one', () => {
    const body = webhook({
      statuses: [
        { id: 'wamid.OUT1', status: 'sent', timestamp, recipient_id: '16315551181', pricing: { billable: true } },
        { id: 'wamid.OUT1', status: 'delivered', timestamp: '1718000005', recipient_id: '16315551181' },
        { id: 'wamid.OUT1', status: 'read', timestamp: '1718000009', recipient_id: '16315551181' },
        { id: 'wamid.OUT2', status: 'deleted', timestamp, recipient_id: '16315551181' },
      ],
    });
    expect(parseWhatsAppWebhook(body)).toEqual([
      { kind: 'status', externalMessageId: 'wamid.OUT1', status: 'sent', at: sentAt, error: null },
      {
        kind: 'status',
        externalMessageId: 'wamid.OUT1',
        status: 'delivered',
        at: new Date(1_718_000_005_000),
        error: null,
      },
      { kind: 'status', externalMessageId: 'wamid.OUT1', status: 'read', at: new Date(1_718_000_009_000), error: null },
    ]);
    expect(
      parseWhatsAppWebhook(whatsAppStatusWebhook({ phoneNumberId: '1', id: 'wamid.F', status: 'failed', timestamp })),
    ).toEqual([
      {
        kind: 'status',
        externalMessageId: 'wamid.F',
        status: 'failed',
        at: sentAt,
        error:
          'Re-engagement message (code 131047): Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      },
    ]);
  });

  it('collects messages and statuses across entries and changes, skipping other fields', () => {
    const first = whatsAppTextWebhook({
      phoneNumberId: '1',
      from: '4917600000001',
      name: 'Jonas',
      id: 'wamid.A',
      text: 'a',
      timestamp,
    });
    const second = whatsAppTextWebhook({
      phoneNumberId: '1',
      from: '4917600000002',
      name: 'Mia',
      id: 'wamid.B',
      text: 'b',
      timestamp,
    });
    const status = whatsAppStatusWebhook({ phoneNumberId: '1', id: 'wamid.C', status: 'read', timestamp });
    const templateUpdate = {
      field: 'message_template_status_update',
      value: { event: 'APPROVED', message_template_id: 1 },
    };
    const changesOf = (body: { entry: Array<{ changes: unknown[] }> }) => body.entry.flatMap((entry) => entry.changes);
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: 'waba-1', changes: [...changesOf(first), templateUpdate, ...changesOf(status)] }, ...second.entry],
    };
    const events = parseWhatsAppWebhook(body);
    expect(events.map((event) => [event.kind, event.externalMessageId])).toEqual([
      ['message', 'wamid.A'],
      ['status', 'wamid.C'],
      ['message', 'wamid.B'],
    ]);
    expect(events[2]).toMatchObject({ sender: { displayName: 'Mia', phone: '+4917600000002' } });
  });

  it('has no name or phone to give when contacts are missing and the id is not a number', () => {
    const body = webhook({
      messages: [{ from: 'US.13491208655302741918', id: 'wamid.G', timestamp, type: 'text', text: { body: 'x' } }],
    });
    expect(parseWhatsAppWebhook(body)[0]).toMatchObject({
      sender: { externalId: 'US.13491208655302741918', displayName: null, username: null, phone: null },
    });
  });

  it('refuses bodies that break the format', () => {
    const bad = [
      null,
      {},
      { object: 'page', entry: [] },
      inbound({ type: 'image' }),
      inbound({ type: 'text', text: { body: 'x' }, timestamp: 'yesterday' }),
      webhook({ messaging_product: 'sms' }),
      { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: {} }] }] },
    ];
    for (const body of bad) expect(() => parseWhatsAppWebhook(body)).toThrow(WebhookPayloadError);
  });
});
