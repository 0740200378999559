// What the admin collections share: a write's body type taken from its route
// contract, and the list helpers mutations write their answers back with.
import type { RequestInput, RouteDefinition } from '@relay/contracts';

/** What a route takes as its body (the schema's input), for the forms that build it. */
export type BodyOf<R extends RouteDefinition> = NonNullable<RequestInput<R>['body']>;

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
