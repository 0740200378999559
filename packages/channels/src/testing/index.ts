// @relay/channels/testing: local stand-ins for the providers' HTTP APIs and
// webhook bodies in their formats. For tests only; nothing here is hardened.
export * from './api-callback-stand-in.ts';
export * from './api-channel-payloads.ts';
export type { RecordedRequest, StandInResponse } from './stand-in-server.ts';
export * from './telegram-payloads.ts';
export * from './telegram-stand-in.ts';
export * from './whatsapp-payloads.ts';
export * from './whatsapp-stand-in.ts';
