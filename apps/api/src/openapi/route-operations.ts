// The routes that have a contract (@relay/contracts apiRoutes), as rows of the operations table,
// so build-document.ts describes them and the not-yet-migrated rows the same way. A group moved
// onto route contracts leaves the hand-written tables (operations.ts and the tables it gathers).
import { API_PREFIX, allRoutes, type RouteDefinition, successSchema, successStatus } from '@relay/contracts';
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
    ...(route.binary ? { binary: true } : {}),
  };
}

export const ROUTE_OPERATIONS: Operation[] = allRoutes().map(operationOf);
