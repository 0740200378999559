// Builds the OpenAPI 3.1 document with zod-openapi from the route contracts (@relay/contracts
// apiRoutes, with their success schemas) and the webhooks' hand-written rows (operations.ts), so the
// documentation is the same zod schemas the routes parse with.
import { errorBody } from '@relay/contracts';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { Operation } from './operation.ts';
import { OPERATIONS } from './operations.ts';
import { ROUTE_OPERATIONS } from './route-operations.ts';

/** Every documented operation: the route contracts' first, then the webhooks'. */
export const DOCUMENTED_OPERATIONS: Operation[] = [...ROUTE_OPERATIONS, ...OPERATIONS];

const ERRORS: Record<string, string> = {
  '400': 'Bad input; details lists the zod issues',
  '401': 'No valid token, or the session has ended',
  '403': 'Not allowed for this role, or the workspace is suspended',
  '404': 'Not found (or belongs to another workspace)',
  '409': 'Conflict',
  '413': 'Body too large',
  '429': 'Rate limited; see Retry-After',
};

function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function operationObject(op: Operation): ZodOpenApiOperationObject {
  const success = op.success ?? 200;
  const table = op.binary ? { ...ERRORS, '502': 'The provider holding the file refused or failed' } : ERRORS;
  const errors = Object.fromEntries(
    Object.entries(table).map(([status, description]) => [
      status,
      { description, content: { 'application/json': { schema: errorBody } } },
    ]),
  );
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: [op.tag],
    ...(op.auth === false ? { security: [] } : {}),
    requestParams: { ...(op.params ? { path: op.params } : {}), ...(op.query ? { query: op.query } : {}) },
    ...(op.body ? { requestBody: { content: { 'application/json': { schema: op.body } } } } : {}),
    responses: {
      [String(success)]: {
        description: success === 204 ? 'Done' : 'OK',
        ...(op.response && success !== 204 ? { content: { 'application/json': { schema: op.response } } } : {}),
        ...(op.binary ? { content: { '*/*': { schema: { type: 'string' as const, format: 'binary' } } } } : {}),
      },
      ...(op.repeat
        ? {
            [String(op.repeat.status)]: {
              description: 'A repeat of a request already done: its first result, nothing written again',
              content: { 'application/json': { schema: op.repeat.response } },
            },
          }
        : {}),
      ...errors,
    },
  };
}

export function buildOpenApiDocument(publicUrl: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of DOCUMENTED_OPERATIONS) {
    const key = toOpenApiPath(op.path);
    paths[key] = { ...paths[key], [op.method.toLowerCase()]: operationObject(op) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Relay API',
      version: '1',
      description: 'Multi-tenant realtime unified inbox. Every error is { error: { code, message, details? } }.',
    },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description:
            'For integrations, instead of a bearer token. Accepted only where the key has the scope: ' +
            'GET /conversations, GET /conversations/{id}, GET /conversations/{id}/messages and ' +
            '.../messages/{messageId}/attachments/{attachmentId}/content (conversations:read), ' +
            'POST /conversations/{id}/messages (conversations:write), GET /events (events:read).',
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  });
}
