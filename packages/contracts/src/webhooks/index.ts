// Provider webhook payloads, in the providers' own documented formats, and
// the api channel's format, which is ours.
export * from './api-channel.ts';
export * from './telegram.ts';
export * from './whatsapp.ts';
