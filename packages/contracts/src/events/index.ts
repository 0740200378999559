// Realtime events: the records they carry and one schema per type, as a discriminated union.
export * from './event-records.ts';
export * from './event-schemas.ts';
