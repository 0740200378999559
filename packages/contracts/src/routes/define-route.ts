// Owns the shape of a route contract: one object per HTTP route (method, path, who may call it,
// the zod schemas of its params, query, body and success body) that the API mounts, the OpenAPI
// document describes and the typed client calls. Browser-safe: zod and types only.
//
// Paths are relative to API_PREFIX and Express-style (`/tags/:id`), exactly as the API's routers
// are written and mounted today (app.ts mounts them under /api/v1); the OpenAPI builder and the
// client put the prefix in front.
import type { z } from 'zod';
import type { OperatorRole } from '../enums.ts';
import type { ApiKeyScope } from '../http/api-keys.ts';

/** Where every route contract is mounted (app.ts: `app.use('/api/v1', apiRouter(deps))`). */
export const API_PREFIX = '/api/v1';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * An idempotent create's two success answers: 201 when the request wrote, 200 when it repeated one
 * already written (the same clientMessageId) and the first result comes back. Its handler returns
 * `{ status, body }`; every other route has one success status and returns the body alone.
 */
export type IdempotentResponses = { 201: z.ZodType; 200: z.ZodType };

/**
 * The success answers of a route, keyed by status: a schema of the JSON body (the wire shape:
 * timestamps are ISO strings, no transforms, so parsing it or not gives the same value), or null for
 * no body (204, or a binary answer). One status, or the two of an idempotent create.
 */
export type RouteResponses =
  | { 200: z.ZodType | null }
  | { 201: z.ZodType | null }
  | { 204: null }
  | IdempotentResponses;

export type SuccessStatus = 200 | 201 | 204;

export type RouteDefinition = {
  method: HttpMethod;
  /** Relative to API_PREFIX, Express-style parameters: `/canned-responses/:id/use`. */
  path: `/${string}`;
  /** Stable, unique, camelCase verb phrase (listTags, createTag): the OpenAPI operationId. */
  operationId: string;
  summary: string;
  /** The OpenAPI tag that groups it. */
  tag: string;
  /** false: no bearer token (login, sign-up); the route must then be mounted before authenticate. */
  auth?: boolean;
  /** At least this role (owner > admin > supervisor > operator); finer rules stay in the handler. */
  role?: OperatorRole;
  /** API keys with this scope may call it too; without one, keys are refused (principalOf). */
  apiKeyScope?: ApiKeyScope;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: RouteResponses;
  /** The answer is a file, not JSON: the handler writes it itself; the client gets a Blob. */
  binary?: boolean;
};

/**
 * Declares a route contract. It returns its argument unchanged; the `const` type parameter keeps
 * the literal method, path and the exact schemas, which is what types the handler and the client.
 */
export function defineRoute<const R extends RouteDefinition>(route: R): R {
  return route;
}

/** Every success status a route declares, ascending (one, or 200 and 201 for an idempotent create). */
export function successStatuses(route: RouteDefinition): SuccessStatus[] {
  return Object.keys(route.responses)
    .map(Number)
    .sort((a, b) => a - b) as SuccessStatus[];
}

/** Whether the route is an idempotent create, whose handler says which of 201 and 200 it answers. */
export function isIdempotentCreate(route: RouteDefinition): boolean {
  return successStatuses(route).length > 1;
}

/** The success status of a route: its one status, or 201 (a first write) for an idempotent create. */
export function successStatus(route: RouteDefinition): SuccessStatus {
  const statuses = successStatuses(route);
  return statuses.includes(201) ? 201 : (statuses[0] as SuccessStatus);
}

/** The body schema of one success status (by default the route's successStatus), or null when it sends none. */
export function successSchema(route: RouteDefinition, status: number = successStatus(route)): z.ZodType | null {
  return (route.responses as Record<number, z.ZodType | null>)[status] ?? null;
}

/** An idempotent create's answer as its handler returns it: which status, and that status's body. */
export type StatusAnswer<R extends IdempotentResponses> = {
  [S in keyof IdempotentResponses]: { status: S; body: z.input<R[S]> };
}[keyof IdempotentResponses];

/** The success body's schema type of a route (an idempotent create's first-write one), or null. */
export type SuccessSchemaOf<R extends RouteDefinition> = R['responses'] extends { 201: infer S; 200: z.ZodType }
  ? S
  : R['responses'] extends { 200: infer S }
    ? S
    : R['responses'] extends { 201: infer S }
      ? S
      : null;

/**
 * What a handler sends (before JSON): the schema's input; `{ status, body }` for an idempotent
 * create; void for a route without a body (void, not undefined: such a handler ends without a
 * return statement).
 */
export type ResponseInput<R extends RouteDefinition> = R['binary'] extends true
  ? // biome-ignore lint/suspicious/noConfusingVoidType: the return type of a handler with nothing to send
    void
  : R['responses'] extends IdempotentResponses
    ? StatusAnswer<R['responses']>
    : SuccessSchemaOf<R> extends z.ZodType
      ? z.input<SuccessSchemaOf<R>>
      : // biome-ignore lint/suspicious/noConfusingVoidType: the return type of a handler with nothing to send
        void;

/**
 * What a caller gets back: the schema's output (either status's, for an idempotent create); a Blob
 * for a file; nothing for a 204.
 */
export type ResponseOutput<R extends RouteDefinition> = R['binary'] extends true
  ? Blob
  : R['responses'] extends IdempotentResponses
    ? z.output<R['responses'][200]> | z.output<R['responses'][201]>
    : SuccessSchemaOf<R> extends z.ZodType
      ? z.output<SuccessSchemaOf<R>>
      : undefined;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The request parts as the server sees them once parsed (absent parts are undefined). */
export type ParsedRequest<R extends RouteDefinition> = {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
};

// A part the schema accepts empty ({} for an all-optional object) may be left out by the caller.
type Part<K extends string, S> = S extends z.ZodType
  ? {} extends z.input<S>
    ? { [P in K]?: z.input<S> }
    : { [P in K]: z.input<S> }
  : { [P in K]?: undefined };

/** The request parts as a caller sends them (the schemas' inputs). */
export type RequestInput<R extends RouteDefinition> = Part<'params', R['params']> &
  Part<'query', R['query']> &
  Part<'body', R['body']>;
