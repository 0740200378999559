// Every route group that has a contract, by group. A group migrating from the old operations table
// (apps/api/src/openapi/*-operations.ts) adds its module here; the OpenAPI document reads this.
import { cannedResponseRoutes } from './canned-responses.ts';
import type { RouteDefinition } from './define-route.ts';
import { funnelStageRoutes } from './funnel-stages.ts';
import { tagRoutes } from './tags.ts';

export const apiRoutes = {
  cannedResponses: cannedResponseRoutes,
  funnelStages: funnelStageRoutes,
  tags: tagRoutes,
} satisfies Record<string, Record<string, RouteDefinition>>;

/** Every route contract, flat. */
export function allRoutes(): RouteDefinition[] {
  return Object.values(apiRoutes).flatMap((group): RouteDefinition[] => Object.values(group));
}
