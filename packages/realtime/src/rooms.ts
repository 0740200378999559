// Owns the Socket.IO room names and the one mapping from an event's audience
// to rooms. It mirrors readVisibleEvents (@relay/db events.ts) exactly, so
// what arrives live is what a later sync would return. Every room name leads
// with the tenant: an id from another tenant in an audience can never reach
// this tenant's sockets.
import type { EventRow } from '@relay/db';

export const room = {
  /** Everyone in the tenant: events every operator may see. */
  staff: (tenantId: string) => `tenant:${tenantId}:staff`,
  /** Supervisors, admins and owners: they see every event of the tenant. */
  supervisors: (tenantId: string) => `tenant:${tenantId}:supervisors`,
  operator: (tenantId: string, operatorId: string) => `tenant:${tenantId}:operator:${operatorId}`,
  queue: (tenantId: string, queueId: string) => `tenant:${tenantId}:queue:${queueId}`,
  /** Watchers of one conversation: only typing and viewing go here. */
  conversation: (tenantId: string, conversationId: string) => `tenant:${tenantId}:conversation:${conversationId}`,
};

/** The rooms an event goes to. A socket in several of them gets it once (Socket.IO dedupes one `to([...])`). */
export function roomsFor(event: Pick<EventRow, 'tenantId' | 'audience'>): string[] {
  const { tenantId, audience } = event;
  const rooms = [room.supervisors(tenantId)];
  if (audience.supervisorsOnly === true) return rooms;
  const operatorIds = audience.operatorIds ?? [];
  for (const operatorId of new Set(operatorIds)) rooms.push(room.operator(tenantId, operatorId));
  // JSON drops undefined, so a queueId of undefined is stored as no key at all.
  const hasQueue = audience.queueId !== undefined;
  if (hasQueue && audience.queueId === null) rooms.push(room.staff(tenantId));
  else if (hasQueue && audience.queueId) rooms.push(room.queue(tenantId, audience.queueId));
  else if (!hasQueue && operatorIds.length === 0) rooms.push(room.staff(tenantId));
  return rooms;
}

export type RoomMember = { tenantId: string; operatorId: string; seesAll: boolean; queueIds: string[] };

/** The rooms a connected operator joins, from server-side facts only. */
export function roomsOfMember(member: RoomMember): string[] {
  const { tenantId } = member;
  const rooms = [room.staff(tenantId), room.operator(tenantId, member.operatorId)];
  if (member.seesAll) rooms.push(room.supervisors(tenantId));
  for (const queueId of member.queueIds) rooms.push(room.queue(tenantId, queueId));
  return rooms;
}
