// Who performs an operation, as the audit log records it: an operator (or an
// API key, whose id stands in) from an address, or the system (null: the
// worker's routing, a timer).
export type Actor = { operatorId: string | null; ip: string | null };

export const SYSTEM: Actor = { operatorId: null, ip: null };
