// Closed vocabularies shared by the database, the API, the gateway and the browser.
import { z } from 'zod';

export const channelKind = z.enum([
  'telegram',
  'whatsapp',
  'vk',
  'avito',
  'max',
  'instagram',
  'facebook',
  'web_form',
  'phone',
  'api',
]);
export type ChannelKind = z.infer<typeof channelKind>;

export const messageType = z.enum(['text', 'image', 'video', 'audio', 'document', 'location', 'sticker', 'contact']);
export type MessageType = z.infer<typeof messageType>;

export const attachmentType = z.enum(['image', 'video', 'audio', 'document', 'sticker', 'location', 'contact', 'file']);
export type AttachmentType = z.infer<typeof attachmentType>;

export const messageStatus = z.enum(['pending', 'sent', 'delivered', 'read', 'failed']);
export type MessageStatus = z.infer<typeof messageStatus>;

export const conversationStatus = z.enum(['new', 'open', 'pending', 'snoozed', 'resolved']);
export type ConversationStatus = z.infer<typeof conversationStatus>;

export const operatorRole = z.enum(['owner', 'admin', 'supervisor', 'operator']);
export type OperatorRole = z.infer<typeof operatorRole>;

export const availability = z.enum(['online', 'away', 'offline']);
export type Availability = z.infer<typeof availability>;

export const routingMode = z.enum(['manual', 'round_robin', 'least_loaded']);
export type RoutingMode = z.infer<typeof routingMode>;
