// Property: for any input, each parser either returns well-formed events or
// throws WebhookPayloadError, never anything else (which would be a 500 and a
// provider retrying forever).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type InboundEvent,
  parseApiChannelWebhook,
  parseTelegramUpdate,
  parseWhatsAppWebhook,
  WebhookPayloadError,
} from '../src/index.ts';
import {
  apiChannelTextWebhook,
  telegramPhotoUpdate,
  telegramTextUpdate,
  whatsAppStatusWebhook,
  whatsAppTextWebhook,
} from '../src/testing/index.ts';

const numRuns = 300;

function assertWellFormed(events: InboundEvent[]): void {
  expect(Array.isArray(events)).toBe(true);
  for (const event of events) {
    expect(['message', 'edit', 'status']).toContain(event.kind);
    expect(typeof event.externalMessageId).toBe('string');
    expect(event.externalMessageId.length).toBeGreaterThan(0);
    const at = event.kind === 'message' ? event.sentAt : event.kind === 'edit' ? event.editedAt : event.at;
    expect(Number.isNaN(at.getTime())).toBe(false);
    if (event.kind === 'status') continue;
    expect(event.externalChatId.length).toBeGreaterThan(0);
    if (event.kind === 'message') {
      expect(event.sender.externalId.length).toBeGreaterThan(0);
      expect(typeof event.type).toBe('string');
      expect(Array.isArray(event.attachments)).toBe(true);
      expect(event.metadata).toBeTypeOf('object');
    }
  }
}

function check(parse: (body: unknown) => InboundEvent[], body: unknown): void {
  let events: InboundEvent[];
  try {
    events = parse(body);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookPayloadError);
    return;
  }
  assertWellFormed(events);
}

type Path = Array<string | number>;

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((key) => pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key])),
  ];
}

type Mutation = { at: number; op: 'delete' | 'replace' | 'add'; key: string; value: unknown };

/** Deletes, replaces or adds values at some of a valid payload's paths. */
function mutate(payload: unknown, mutations: Mutation[]): unknown {
  let root = structuredClone(payload);
  for (const { at, op, key: newKey, value: shared } of mutations) {
    // fast-check may hand the same value to several mutations: a copy keeps the payload a tree.
    const value = structuredClone(shared);
    const paths = pathsOf(root);
    const path = paths[at % paths.length] ?? [];
    const target = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
    if (op === 'add') {
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) {
        (target as Record<string, unknown>)[newKey] = value;
      }
      continue;
    }
    if (path.length === 0) {
      root = op === 'replace' ? value : undefined;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
    const key = path[path.length - 1] as string | number;
    const container = parent as Record<string | number, unknown>;
    if (op === 'replace') container[key] = value;
    else if (Array.isArray(container)) container.splice(Number(key), 1);
    else delete container[key];
  }
  return root;
}

// Field names the parsers branch on, so added fields reach their code paths.
const knownKeys = [
  'text',
  'caption',
  'photo',
  'document',
  'voice',
  'video',
  'video_note',
  'sticker',
  'location',
  'venue',
  'contact',
  'contacts',
  'reply_to_message',
  'edited_message',
  'dice',
  'type',
  'context',
  'image',
  'statuses',
  'messages',
  'attachments',
  'metadata',
  'sentAt',
  'replyToId',
];

const mutations = fc.array(
  fc.record({
    at: fc.nat(),
    op: fc.constantFrom<Mutation['op']>('delete', 'replace', 'add'),
    key: fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 8 })),
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.double(),
      fc.constantFrom('', -1, 0, 1e21, Number.MAX_SAFE_INTEGER, '99999999999999', 'image', 'location', null, [], {}),
      fc.constantFrom({ file_id: 'f', file_unique_id: 'u', width: 1, height: 1, duration: 1, length: 1 }),
      fc.constantFrom({ latitude: 1.5, longitude: -3 }, { id: 'wamid.X', mime_type: 'image/png' }),
    ),
  }),
  { minLength: 1, maxLength: 3 },
);

const parsers = [
  {
    name: 'parseTelegramUpdate',
    parse: parseTelegramUpdate,
    samples: [
      telegramTextUpdate({ chatId: 111, messageId: 1, text: 'hi', date: 1_718_000_000 }),
      telegramPhotoUpdate({ chatId: -1_001_234_567_890, messageId: 2, caption: 'c', date: 1_718_000_000 }),
      {
        update_id: 3,
        edited_message: { message_id: 1, date: 1, edit_date: 2, chat: { id: 1, type: 'private' }, text: 'e' },
      },
      {
        update_id: 4,
        message: {
          message_id: 5,
          date: 1,
          chat: { id: 1, type: 'private' },
          contact: { phone_number: '1', first_name: 'a', user_id: 1 },
          location: { latitude: 1, longitude: 2 },
        },
      },
    ],
  },
  {
    name: 'parseWhatsAppWebhook',
    parse: parseWhatsAppWebhook,
    samples: [
      whatsAppTextWebhook({
        phoneNumberId: '1',
        from: '16315551181',
        name: 'K',
        id: 'wamid.A',
        text: 'hi',
        timestamp: '1718000000',
      }),
      whatsAppStatusWebhook({ phoneNumberId: '1', id: 'wamid.B', status: 'failed', timestamp: '1718000000' }),
    ],
  },
  {
    name: 'parseApiChannelWebhook',
    parse: parseApiChannelWebhook,
    samples: [
      apiChannelTextWebhook({ id: 'm1', chatId: 'c1', text: 'hi', sentAt: '2024-06-10T06:13:20Z' }),
      {
        messages: [
          {
            id: 'm2',
            chatId: 'c',
            sender: { id: 's', email: 'e@x.test' },
            attachments: [{ type: 'file', url: 'https://x.test/f' }],
          },
        ],
        statuses: [{ messageId: 'ext-1', status: 'read', at: '2024-06-10T06:13:20Z' }],
      },
    ],
  },
];

describe.each(parsers)('$name under fuzzing', ({ parse, samples }) => {
  it('parses its own valid samples', () => {
    for (const sample of samples) expect(parse(sample).length).toBeGreaterThan(0);
  });

  it('never throws anything but WebhookPayloadError on arbitrary values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (body) => check(parse, body)),
      { numRuns },
    );
  });

  it('never returns malformed events for mutated valid payloads', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), mutations, (sample, changes) => check(parse, mutate(sample, changes))),
      { numRuns },
    );
  });
});
