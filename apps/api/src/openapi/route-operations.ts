// Every route contract (@relay/contracts apiRoutes) as a row of the operations table, so
// build-document.ts describes them and the webhooks' hand-written rows (operations.ts) the same
// way. An idempotent create's second answer (200 on a repeat) rides along as `repeat`.
import {
  API_PREFIX,
  allRoutes,
  isIdempotentCreate,
  type RouteDefinition,
  successSchema,
  successStatus,
} from '@relay/contracts';
import type { z } from 'zod';
import type { Operation } from './operation.ts';

export function operationOf(route: RouteDefinition): Operation {
  const response = successSchema(route);
  return {
    method: route.method,
    path: `${API_PREFIX}${route.path}`,
    operationId: route.operationId,
    summary: route.summary,
    tag: route.tag,
    ...(route.auth === false ? { auth: false } : {}),
    ...(route.params ? { params: route.params } : {}),
    ...(route.query ? { query: route.query } : {}),
    ...(route.body ? { body: route.body } : {}),
    ...(response ? { response } : {}),
    success: successStatus(route),
    ...(isIdempotentCreate(route) ? { repeat: { status: 200, response: successSchema(route, 200) as z.ZodType } } : {}),
    ...(route.binary ? { binary: true } : {}),
  };
}

export const ROUTE_OPERATIONS: Operation[] = allRoutes().map(operationOf);
