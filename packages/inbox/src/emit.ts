// The emit an operation is given. Any function that takes the event will do:
// writeWithEvents's own (appends now), or a caller's that gathers events to
// append them together at the end of its transaction (the worker's routing).
import type { NewEvent } from '@relay/db';

export type Emit = (event: NewEvent) => Promise<unknown>;

/** An emit over several tenants (group-commit ingest): which tenant's log the event goes to. */
export type TenantEmit = (tenantId: string, event: NewEvent) => Promise<unknown>;
