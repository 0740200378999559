// Every route group, by group: each API route the Express app serves is here (only the webhooks,
// answered outside Express, are documented by hand). The OpenAPI document and the typed client read this.
import { apiKeyRoutes } from './api-keys.ts';
import { auditLogRoutes } from './audit-log.ts';
import { authRoutes } from './auth.ts';
import { autoReplyRoutes } from './auto-replies.ts';
import { cannedResponseRoutes } from './canned-responses.ts';
import { channelAccountRoutes } from './channel-accounts.ts';
import { clientRoutes } from './clients.ts';
import { conversationRoutes } from './conversations.ts';
import type { RouteDefinition } from './define-route.ts';
import { deviceRoutes } from './devices.ts';
import { eventRoutes } from './events.ts';
import { funnelStageRoutes } from './funnel-stages.ts';
import { meRoutes } from './me.ts';
import { operatorRoutes } from './operators.ts';
import { queueStatsRoutes } from './queue-stats.ts';
import { queueRoutes } from './queues.ts';
import { searchRoutes } from './search.ts';
import { slaPolicyRoutes } from './sla-policies.ts';
import { tagRoutes } from './tags.ts';
import { tenantRoutes } from './tenants.ts';

export const apiRoutes = {
  apiKeys: apiKeyRoutes,
  auditLog: auditLogRoutes,
  auth: authRoutes,
  autoReplies: autoReplyRoutes,
  cannedResponses: cannedResponseRoutes,
  channelAccounts: channelAccountRoutes,
  clients: clientRoutes,
  conversations: conversationRoutes,
  devices: deviceRoutes,
  events: eventRoutes,
  funnelStages: funnelStageRoutes,
  me: meRoutes,
  operators: operatorRoutes,
  queueStats: queueStatsRoutes,
  queues: queueRoutes,
  search: searchRoutes,
  slaPolicies: slaPolicyRoutes,
  tags: tagRoutes,
  tenants: tenantRoutes,
} satisfies Record<string, Record<string, RouteDefinition>>;

/** Every route contract, flat. */
export function allRoutes(): RouteDefinition[] {
  return Object.values(apiRoutes).flatMap((group): RouteDefinition[] => Object.values(group));
}
