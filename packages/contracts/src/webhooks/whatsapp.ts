// The WhatsApp Cloud API webhook (the `messages` field of a WhatsApp Business
// Account subscription): inbound messages and the delivery statuses of ours.
// Objects are loose and message `type` is any string, because Meta adds
// message kinds (reaction, order, system, …) and one new kind must not make the
// whole batch a 400 that Meta would then retry forever.
import { z } from 'zod';

// Unix seconds as a decimal string, bounded so `new Date(s * 1000)` is valid.
const unixSecondsString = z.string().regex(/^\d{1,12}$/, 'expected unix seconds');

export const whatsAppMedia = z.looseObject({
  id: z.string().min(1),
  mime_type: z.string(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  // audio: true for a voice note recorded in the app.
  voice: z.boolean().optional(),
  // sticker
  animated: z.boolean().optional(),
});
export type WhatsAppMedia = z.infer<typeof whatsAppMedia>;

export const whatsAppLocation = z.looseObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().optional(),
  address: z.string().optional(),
  url: z.string().optional(),
});

export const whatsAppSharedContact = z.looseObject({
  name: z.looseObject({
    formatted_name: z.string(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
  }),
  phones: z
    .array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() }))
    .optional(),
});

export const whatsAppError = z.looseObject({
  code: z.int(),
  title: z.string(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});

// The types Relay maps, each with the object that carries its content. Any
// other `type` is kept (as an unsupported message) without further checks.
const payloadKeyOfType: Record<string, string> = {
  text: 'text',
  image: 'image',
  video: 'video',
  audio: 'audio',
  document: 'document',
  sticker: 'sticker',
  location: 'location',
  contacts: 'contacts',
  button: 'button',
  interactive: 'interactive',
};

export const whatsAppMessage = z
  .looseObject({
    id: z.string().min(1),
    from: z.string().min(1),
    timestamp: unixSecondsString,
    type: z.string().min(1),
    text: z.looseObject({ body: z.string() }).optional(),
    image: whatsAppMedia.optional(),
    video: whatsAppMedia.optional(),
    audio: whatsAppMedia.optional(),
    document: whatsAppMedia.optional(),
    sticker: whatsAppMedia.optional(),
    location: whatsAppLocation.optional(),
    contacts: z.array(whatsAppSharedContact).min(1).optional(),
    // A tap on a template's quick-reply button.
    button: z.looseObject({ text: z.string(), payload: z.string().optional() }).optional(),
    // A choice from an interactive reply-button or list message.
    interactive: z
      .looseObject({
        type: z.string(),
        button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
        list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
      })
      .optional(),
    context: z.looseObject({ id: z.string().min(1), from: z.string().optional() }).optional(),
    errors: z.array(whatsAppError).optional(),
  })
  .superRefine((message, ctx) => {
    const key = Object.hasOwn(payloadKeyOfType, message.type) ? payloadKeyOfType[message.type] : undefined;
    if (key && (message as Record<string, unknown>)[key] === undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `a ${message.type} message needs its ${key} object` });
    }
  });
export type WhatsAppMessage = z.infer<typeof whatsAppMessage>;

export const whatsAppStatus = z.looseObject({
  id: z.string().min(1),
  // 'sent' | 'delivered' | 'read' | 'failed' are documented; a string so that a
  // status Meta adds later is skipped by the parser instead of failing the batch.
  status: z.string().min(1),
  timestamp: unixSecondsString,
  recipient_id: z.string(),
  errors: z.array(whatsAppError).optional(),
});
export type WhatsAppStatus = z.infer<typeof whatsAppStatus>;

export const whatsAppMessagesValue = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({ display_phone_number: z.string(), phone_number_id: z.string().min(1) }),
  contacts: z
    .array(z.looseObject({ wa_id: z.string(), profile: z.looseObject({ name: z.string().optional() }).optional() }))
    .optional(),
  messages: z.array(whatsAppMessage).optional(),
  statuses: z.array(whatsAppStatus).optional(),
});
export type WhatsAppMessagesValue = z.infer<typeof whatsAppMessagesValue>;

export const whatsAppChange = z.union([
  z.looseObject({ field: z.literal('messages'), value: whatsAppMessagesValue }),
  // Other subscription fields (template status, account updates) are acknowledged, not read.
  z.looseObject({
    field: z.string().refine((field) => field !== 'messages', { message: 'any field but messages', abort: true }),
    value: z.unknown(),
  }),
]);
export type WhatsAppChange = z.infer<typeof whatsAppChange>;

export const whatsAppWebhook = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.looseObject({ id: z.string(), changes: z.array(whatsAppChange) })),
});
export type WhatsAppWebhook = z.infer<typeof whatsAppWebhook>;
