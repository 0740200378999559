// Owns the Socket.IO room names and the room form of the visibility rule
// (@relay/db visibility.ts): each of the rule's terms has a room, an event goes
// to the rooms of the terms its audience opens (the rule read with the event's
// facts known), and an operator joins the rooms of the terms they hold. So what
// arrives live is what a later sync (the same rule in SQL) would return. Every
// room name leads with the tenant: an id from another tenant in an audience can
// never reach this tenant's sockets.
import { audienceReach, type EventRow, GRANTS, type Grant, type MemberViewer, visibilityRule } from '@relay/db';

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

/** The room of each grant of the rule, for the ids it names. */
const grantRooms: Record<Grant, (tenantId: string, ids: readonly string[]) => string[]> = {
  everyone: (tenantId) => [room.staff(tenantId)],
  queue: (tenantId, queueIds) => queueIds.map((id) => room.queue(tenantId, id)),
  named: (tenantId, operatorIds) => operatorIds.map((id) => room.operator(tenantId, id)),
};

/**
 * Rooms as the rule's expressions: a socket matches when it joined any of them. Only `or`
 * (sending to several rooms) has a room form; an event's facts are constants, so the rule
 * never asks for `and` or `not` of rooms.
 */
const roomJoins = {
  or: (parts: string[][]) => [...new Set(parts.flat())],
  and: (): never => {
    throw new Error('the room form has no "and": only an event fact may be combined with "and"');
  },
  not: (): never => {
    throw new Error('the room form has no "not": only an event fact may be negated');
  },
};

/** The rooms an event goes to. A socket in several of them gets it once (Socket.IO dedupes one `to([...])`). */
export function roomsFor(event: Pick<EventRow, 'tenantId' | 'audience'>): string[] {
  const { tenantId } = event;
  const reach = audienceReach(event.audience);
  const rooms = visibilityRule<string[]>(
    {
      seesAll: [room.supervisors(tenantId)],
      supervisorsOnly: reach.supervisorsOnly,
      grants: {
        everyone: reach.everyone && grantRooms.everyone(tenantId, []),
        queue: reach.queueId !== null && grantRooms.queue(tenantId, [reach.queueId]),
        named: reach.operatorIds.length > 0 && grantRooms.named(tenantId, reach.operatorIds),
      },
    },
    roomJoins,
  );
  if (typeof rooms === 'boolean') throw new Error('the visibility rule gave no rooms for an event');
  return rooms;
}

export type RoomMember = MemberViewer & { tenantId: string };

/** The rooms a connected operator joins, from server-side facts only: the room of each term they hold. */
export function roomsOfMember(member: RoomMember): string[] {
  const { tenantId } = member;
  const holds: Record<Grant, readonly string[]> = { everyone: [], queue: member.queueIds, named: [member.operatorId] };
  const rooms = member.seesAll ? [room.supervisors(tenantId)] : [];
  for (const grant of GRANTS) rooms.push(...grantRooms[grant](tenantId, holds[grant]));
  return rooms;
}
