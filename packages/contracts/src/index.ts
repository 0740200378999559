// @relay/contracts: the zod schemas every boundary is parsed with (HTTP
// bodies, socket payloads, webhook payloads) and the types inferred from them.
// Depends on zod only: it ships to the browser.
export * from './enums.ts';
export * from './errors.ts';
export * from './http/auth.ts';
export * from './http/channel-accounts.ts';
export * from './http/common.ts';
export * from './http/conversations.ts';
export * from './text.ts';
