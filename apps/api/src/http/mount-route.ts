// Mounts a route contract (@relay/contracts, routes/) on an Express router: the contract's role and
// API-key scope are enforced, its params, query and body parsed (a 400 in the one error shape when
// they do not fit), the handler called with them typed, and its answer sent with the contract's
// status (an idempotent create's handler returns `{ status, body }`, 201 or 200, and that is sent).
// In development and test the answer is checked against the success schema first, strictly (a field
// the schema does not have is refused too, at any depth), so a route drifting from its contract
// fails loudly (500 response_contract, logged); production sends it unchecked, as the check costs a
// parse of every answer.
import {
  isIdempotentCreate,
  type ParsedRequest,
  type ResponseInput,
  type RouteDefinition,
  successSchema,
  successStatus,
  successStatuses,
} from '@relay/contracts';
import type { Request, RequestHandler, Response, Router } from 'express';
import { requireScope } from '../auth/api-key-auth.ts';
import { type Principal, principalOf, requireRole } from '../auth/authenticate.ts';
import type { ResolvedDeps } from '../deps.ts';
import { AppError } from '../errors/app-error.ts';
import { extraFields } from './extra-fields.ts';
import { parse } from './parse.ts';

export type RouteContext<R extends RouteDefinition> = {
  req: Request;
  res: Response;
  /** Who calls; undefined only on a route whose contract says `auth: false`. */
  principal: R['auth'] extends false ? undefined : Principal;
};

/**
 * Returns the success body as the schema takes it, or `{ status, body }` on an idempotent create
 * (a route with a binary answer writes res itself).
 */
export type RouteHandler<R extends RouteDefinition> = (
  input: ParsedRequest<R>,
  ctx: RouteContext<R>,
) => Promise<ResponseInput<R>>;

export type Mount = <R extends RouteDefinition>(route: R, handler: RouteHandler<R>) => void;

type Verb = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** The failure the response check raises: the issues go in details (never in production: no check there). */
export function responseContractError(route: RouteDefinition, issues: { path: PropertyKey[]; message: string }[]) {
  return new AppError(
    'response_contract',
    `the ${route.operationId} answer does not match its contract`,
    issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
  );
}

/**
 * `const mount = routeMounter(router, deps)`, then `mount(contract, handler)` once per route.
 * `checkResponses` defaults to on outside production (deps.config.env).
 */
export function routeMounter(
  router: Router,
  deps: Pick<ResolvedDeps, 'config'>,
  options: { checkResponses?: boolean } = {},
): Mount {
  const checkResponses = options.checkResponses ?? deps.config.env !== 'production';
  return (route, handler) => {
    const guards: RequestHandler[] = [];
    if (route.apiKeyScope) guards.push(requireScope(route.apiKeyScope));
    if (route.role) guards.push(requireRole(route.role));
    const statuses = successStatuses(route);
    const idempotent = isIdempotentCreate(route);

    router[route.method.toLowerCase() as Verb](route.path, ...guards, async (req, res) => {
      // Who first (401/403 before any 400), then the request parts in URL order.
      const principal = route.auth === false ? undefined : principalOf(res);
      const input = {
        params: route.params ? parse(route.params, req.params, 'params') : undefined,
        query: route.query ? parse(route.query, req.query, 'query') : undefined,
        body: route.body ? parse(route.body, req.body, 'body') : undefined,
      } as ParsedRequest<typeof route>;
      const answer = await handler(input, { req, res, principal } as RouteContext<typeof route>);
      if (route.binary) return;
      const { status, body } = idempotent
        ? (answer as { status: number; body: unknown })
        : { status: successStatus(route), body: answer as unknown };
      if (!statuses.includes(status as (typeof statuses)[number])) {
        throw responseContractError(route, [{ path: ['status'], message: `${status} is not a success status of it` }]);
      }
      const schema = successSchema(route, status);
      if (!schema) {
        res.status(status).end();
        return;
      }
      if (checkResponses) {
        const checked = schema.safeParse(body);
        // Strict here only: a field the schema would strip is refused too (extra-fields.ts).
        const issues = checked.success
          ? extraFields(body, checked.data).map((path) => ({ path, message: 'a field the contract does not have' }))
          : checked.error.issues;
        if (issues.length > 0) {
          req.log?.error({ operationId: route.operationId, issues }, 'a route answered outside its contract');
          throw responseContractError(route, issues);
        }
      }
      res.status(status).json(body);
    });
  };
}
