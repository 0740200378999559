// @relay/contracts: the zod schemas every boundary is parsed with (HTTP
// bodies, socket payloads, webhook and job payloads) and the types inferred from them.
// Depends on zod only: it ships to the browser.
export * from './enums.ts';
export * from './errors.ts';
export * from './http/api-keys.ts';
export * from './http/audit-log.ts';
export * from './http/auth.ts';
export * from './http/auto-replies.ts';
export * from './http/canned-responses.ts';
export * from './http/channel-accounts.ts';
export * from './http/clients.ts';
export * from './http/common.ts';
export * from './http/conversations.ts';
export * from './http/devices.ts';
export * from './http/funnel-stages.ts';
export * from './http/iso-time.ts';
export * from './http/me.ts';
export * from './http/operators.ts';
export * from './http/queue-stats.ts';
export * from './http/queues.ts';
export * from './http/search.ts';
export * from './http/sla-policies.ts';
export * from './http/tags.ts';
export * from './http/tenants.ts';
export * from './inter-server.ts';
export * from './jobs.ts';
export * from './json-limits.ts';
export * from './roles.ts';
export * from './routes/api-client.ts';
export * from './routes/canned-responses.ts';
export * from './routes/define-route.ts';
export * from './routes/funnel-stages.ts';
export * from './routes/registry.ts';
export * from './routes/tags.ts';
export * from './socket.ts';
export * from './text.ts';
