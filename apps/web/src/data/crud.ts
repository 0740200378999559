// The requests every admin collection answers the same way (POST to the
// collection, PATCH and DELETE on /collection/:id), so each resource module
// names its path once instead of spelling out three fetches (for the routes
// not on contracts yet: operators and queues), and the list helpers the
// mutations write back with.
import type { RequestInput, RouteDefinition } from '@relay/contracts';
import { api } from '../lib/api.ts';

/** What a route takes as its body (the schema's input), for the forms that build it. */
export type BodyOf<R extends RouteDefinition> = NonNullable<RequestInput<R>['body']>;

export type CrudRequests<Row, Create, Patch> = {
  create: (body: Create) => Promise<Row>;
  update: (id: string, body: Patch) => Promise<Row>;
  remove: (id: string) => Promise<void>;
};

export function crudRequests<Row, Create, Patch = Partial<Create>>(path: string): CrudRequests<Row, Create, Patch> {
  return {
    create: (body) => api<Row>(path, { method: 'POST', body }),
    update: (id, body) => api<Row>(`${path}/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    remove: (id) => api<void>(`${path}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  };
}

/** A list answer (`{items}`) with one row put in (created) or replaced (updated). */
export function withItem<T extends { id: string }>(
  data: { items: T[] } | undefined,
  row: T,
): { items: T[] } | undefined {
  if (!data) return data;
  const exists = data.items.some((item) => item.id === row.id);
  return { items: exists ? data.items.map((item) => (item.id === row.id ? row : item)) : [...data.items, row] };
}

/** A list answer without one row. */
export function withoutItem<T extends { id: string }>(
  data: { items: T[] } | undefined,
  id: string,
): { items: T[] } | undefined {
  return data && { items: data.items.filter((item) => item.id !== id) };
}
