// The conversation row's type, on its own so that sla.ts can take it without
// importing conversations.ts (which calls sla.ts: an import cycle).
export type ConversationStatus = 'new' | 'open' | 'pending' | 'snoozed' | 'resolved';

export type ConversationRow = {
  tenantId: string;
  id: string;
  clientId: string;
  channelAccountId: string;
  externalChatId: string;
  queueId: string | null;
  status: ConversationStatus;
  priority: number;
  assignedOperatorId: string | null;
  stageId: string | null;
  slaPolicyId: string | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  firstResponseBreached: boolean;
  resolutionBreached: boolean;
  /** When the SLA warnings are due (a share of the target, see the policy's warn_at_percent). */
  firstResponseWarnAt: Date | null;
  resolutionWarnAt: Date | null;
  firstResponseWarned: boolean;
  resolutionWarned: boolean;
  lastMessageAt: Date;
  lastClientMessageAt: Date | null;
  lastOperatorMessageAt: Date | null;
  messageCount: number;
  snoozedUntil: Date | null;
  attributes: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
};
