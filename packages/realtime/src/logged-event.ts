// Reading the event log by type. Every writer appends through a NewEvent-typed
// emit, so a row of a known type holds its type's payload: loggedEvent narrows
// the row by `type` without parsing it (the push loop reads every inbound
// message; a parse per row would cost what the types already say). This is
// the one place the log's payload is taken at its writer's word. Rows written
// around emit (the demo seed writes ids only, tests write anything) may carry
// less, so readers of the log read nested fields optionally.
import { type EventData, type EventType, eventType } from '@relay/contracts';
import type { EventRow } from '@relay/db';

/** A logged event's type and payload, narrowed together by `type`. */
export type LoggedEvent = { [K in EventType]: { type: K; payload: EventData<K> } }[EventType];

const KNOWN: ReadonlySet<string> = new Set(eventType.options);

/** The row's type and payload as its writer typed them; undefined for a type no writer emits. */
export function loggedEvent(row: Pick<EventRow, 'type' | 'payload'>): LoggedEvent | undefined {
  return KNOWN.has(row.type) ? (row as LoggedEvent) : undefined;
}
