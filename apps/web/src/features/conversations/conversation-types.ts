// The shapes GET /conversations and GET /conversations/:id answer with, and
// the conversation row realtime events carry. @relay/contracts has schemas
// for the requests only, so these mirror the API's answers (ConversationItem
// in packages/db); only the fields the UI reads are listed.
import type { ChannelKind, ConversationStatus } from '@relay/contracts';

/** The conversation row as events carry it (`data.conversation`). */
export type Conversation = {
  id: string;
  tenantId: string;
  clientId: string;
  channelAccountId: string;
  queueId: string | null;
  status: ConversationStatus;
  priority: number;
  assignedOperatorId: string | null;
  firstResponseDueAt: string | null;
  firstResponseWarnAt: string | null;
  firstResponseAt: string | null;
  firstResponseBreached: boolean;
  resolutionDueAt: string | null;
  resolutionWarnAt: string | null;
  resolutionBreached: boolean;
  resolvedAt: string | null;
  lastMessageAt: string;
  messageCount: number;
  snoozedUntil: string | null;
  createdAt: string;
  updatedAt: string;
};

/** A row of the inbox: the conversation plus what the list shows of it. */
export type ConversationItem = Conversation & {
  clientName: string | null;
  channel: ChannelKind;
  channelAccountName: string;
  lastMessageContent: string | null;
  lastMessageDirection: 'inbound' | 'outbound' | null;
  lastMessageType: string | null;
  unreadCount: number;
  tags: ConversationTag[];
};

export type ConversationTag = { id: string; name: string; color: string | null };

export type ConversationDetail = ConversationItem;

export type ConversationPage = { items: ConversationItem[]; nextCursor: string | null };

export type InboxView = 'mine' | 'unassigned' | 'all';
