// The typed REST client: `client.call(apiRoutes.tags.createTag, { body })` sends the request the
// route contract describes and returns its success body typed by the contract's schema.
//
// Inferred from the definitions, not generated (openapi-typescript + openapi-fetch): the route
// contracts are already TypeScript values, so the types come straight from them. One source, no
// generated file to keep in step (no drift between spec and types), no build step before a type
// check, and the same zod schema can parse the answer at run time, which generated types cannot.
//
// Browser-safe: fetch, URLSearchParams and zod only.
import { type ErrorCode, errorBody } from '../errors.ts';
import {
  API_PREFIX,
  type RequestInput,
  type ResponseOutput,
  type RouteDefinition,
  successSchema,
  successStatus,
  successStatuses,
} from './define-route.ts';

/** What the client reports when there is no error body to read: no answer at all, or a non-JSON one. */
export type ClientErrorCode = ErrorCode | 'network_error' | 'http_error';

/** A non-2xx answer (status 0: the server could not be reached), in the API's one error shape. */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly error: { code: ClientErrorCode; message: string; details?: unknown },
  ) {
    super(error.message);
  }

  get code(): ClientErrorCode {
    return this.error.code;
  }
}

/** Where an answer departs from its contract: a zod issue, or the status (path []). */
export type ContractIssue = { path: PropertyKey[]; message: string };

/** A 2xx answer whose status or body does not match the route's contract (only with parseResponses). */
export class ResponseContractError extends Error {
  override name = 'ResponseContractError';
  constructor(
    readonly operationId: string,
    readonly status: number,
    readonly issues: ContractIssue[],
  ) {
    super(`${operationId}: the ${status} answer does not match its contract: ${JSON.stringify(issues)}`);
  }
}

type Awaitable<T> = T | Promise<T>;

export type ApiClientOptions = {
  /** The API's origin, e.g. "https://relay.example" ('' for the page's own); API_PREFIX is added. */
  baseUrl: string;
  /** Defaults to the global fetch. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** The bearer token, or a function asked before each request (a session that refreshes). */
  token?: string | (() => Awaitable<string | undefined>);
  headers?: Record<string, string>;
  /**
   * Check every success status and parse every success body with its schema, throwing
   * ResponseContractError when either does not match. On in tests, so a drifting answer fails them; off by default (the API checks what it
   * sends in development and test, and a browser should not break over an added field's cost).
   */
  parseResponses?: boolean;
};

type CallArgs<R extends RouteDefinition> =
  {} extends RequestInput<R> ? [input?: RequestInput<R>] : [input: RequestInput<R>];

export type ApiClient = {
  call<R extends RouteDefinition>(route: R, ...args: CallArgs<R>): Promise<ResponseOutput<R>>;
};

/** `/tags/:id` with { id } → `/tags/<id>`, each value encoded. */
function pathOf(route: RouteDefinition, params: Record<string, unknown> | undefined): string {
  return route.path.replace(/:(\w+)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`${route.operationId}: path parameter ${name} missing`);
    return encodeURIComponent(String(value));
  });
}

/** Query values as text; arrays repeat their key; undefined and null are left out. */
function searchOf(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== undefined && one !== null) search.append(key, one instanceof Date ? one.toISOString() : String(one));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function errorOf(status: number, json: unknown, statusText: string): ApiRequestError {
  const parsed = errorBody.safeParse(json);
  if (parsed.success) return new ApiRequestError(status, parsed.data.error);
  return new ApiRequestError(status, { code: 'http_error', message: `the server answered ${status} ${statusText}` });
}

function jsonOf(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const send = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));

  async function headersFor(hasBody: boolean): Promise<Record<string, string>> {
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    return {
      ...options.headers,
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
  }

  async function call(route: RouteDefinition, input: RequestInput<RouteDefinition> = {}): Promise<unknown> {
    const parts = input as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
    const url = `${options.baseUrl}${API_PREFIX}${pathOf(route, parts.params)}${searchOf(parts.query)}`;
    const hasBody = parts.body !== undefined;
    let response: Response;
    try {
      response = await send(url, {
        method: route.method,
        headers: await headersFor(hasBody),
        ...(hasBody ? { body: JSON.stringify(parts.body) } : {}),
      });
    } catch (error) {
      throw new ApiRequestError(0, {
        code: 'network_error',
        message: 'cannot reach the server',
        details: String(error),
      });
    }
    if (!response.ok) throw errorOf(response.status, jsonOf(await response.text()), response.statusText);
    // An idempotent create declares two: 201 when it wrote, 200 when it repeated an earlier write.
    const statuses: number[] = successStatuses(route);
    const declared = statuses.includes(response.status);
    if (options.parseResponses && !declared) {
      const message = `answered ${response.status}, the contract says ${statuses.join(' or ')}`;
      throw new ResponseContractError(route.operationId, response.status, [{ path: [], message }]);
    }
    if (route.binary) return response.blob();
    const schema = successSchema(route, declared ? response.status : successStatus(route));
    if (!schema) return undefined;
    const body = jsonOf(await response.text());
    if (!options.parseResponses) return body;
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ResponseContractError(route.operationId, response.status, parsed.error.issues);
    return parsed.data;
  }

  return { call: call as ApiClient['call'] };
}
