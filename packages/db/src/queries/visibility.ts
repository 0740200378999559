// Owns who sees what, written once: the visibility rule as one expression over
// named terms (visibilityRule), and the forms read off it here: the inbox's
// test on conversations (conversationsVisibleTo: the list, search, a client's
// conversations) and the catch-up's test on the events' typed columns
// (eventsVisibleTo). The live rooms (@relay/realtime rooms.ts) read the same
// expression with a room for each term, and canSee is the plain reading that
// property tests hold the other three to. Change the rule here and all of them
// change; add a term and each form fails to compile until it says what the
// term is in its terms.
import type postgres from 'postgres';
import type { Queryable } from '../create-db.ts';

/**
 * Who may see an event, as its writer says it (stored as events.audience). Supervisors and
 * admins see every event; an operator sees it when any of these holds:
 * - their id is in operatorIds (assignee, mentioned);
 * - queueId is present and they are a member of that queue, or it is present
 *   and null (a conversation in no queue is everyone's);
 * - neither queueId nor operatorIds is given (tenant-wide, e.g. presence).
 * supervisorsOnly hides it from operators whatever else it says. (audienceReach reads it so.)
 */
export type EventAudience = {
  queueId?: string | null;
  operatorIds?: string[];
  supervisorsOnly?: boolean;
};

/** Who is asking: an operator, and whether their role (or an API key) sees the whole tenant. */
export type Viewer = { operatorId: string; seesAll: boolean };

/** A viewer with the queues they are a member of (what the rooms and canSee need to know in memory). */
export type MemberViewer = Viewer & { queueIds: readonly string[] };

/**
 * What a conversation or an event is open to, in the rule's terms. An event's is its
 * audience's (audienceReach; migration 0009 generates the same as the events' typed columns),
 * a conversation's is its queue and assignee (conversationReach).
 */
export type Reach = {
  /** Supervisors and up only: no grant shows it to anyone else. */
  supervisorsOnly: boolean;
  /** Every operator of the tenant (tenant-wide, or a conversation in no queue). */
  everyone: boolean;
  /** The members of this queue. */
  queueId: string | null;
  /** These operators by name (the assignee, the mentioned). */
  operatorIds: readonly string[];
};

/**
 * The ways below "sees all" that something reaches a viewer, in the order every form writes
 * them (cheapest test first in the catch-up's filter): `everyone` (it is tenant-wide), `queue`
 * (the viewer is a member of its queue), `named` (the viewer is one of its operatorIds).
 */
export const GRANTS = ['everyone', 'queue', 'named'] as const;
export type Grant = (typeof GRANTS)[number];

/**
 * The rule's terms as one form reads them: a constant where the form knows the answer when it
 * is built (the viewer's facts in SQL, the event's in the room form), else the form's expression.
 */
export type Terms<E> = {
  seesAll: boolean | E;
  supervisorsOnly: boolean | E;
  grants: Record<Grant, boolean | E>;
};

/** How a form joins its expressions. It is given two or more, never a constant. */
export type Connectives<E> = {
  or(parts: E[]): E;
  and(parts: E[]): E;
  not(part: E): E;
};

/**
 * The rule, once: a viewer sees something when they see all, or when it is not for supervisors only
 * and any grant holds. Every form of it is this expression, read in that form's terms; constants
 * fold away, so a form only writes what it cannot decide when it is built.
 */
export function visibilityRule<E>(terms: Terms<E>, joins: Connectives<E>): boolean | E {
  const or = fold<E>(true, joins.or);
  const and = fold<E>(false, joins.and);
  const not = (part: boolean | E) => (typeof part === 'boolean' ? !part : joins.not(part));
  return or([terms.seesAll, and([not(terms.supervisorsOnly), or(GRANTS.map((grant) => terms.grants[grant]))])]);
}

/** `or` (absorbing true) or `and` (absorbing false) over parts, constants folded. */
function fold<E>(absorbing: boolean, join: (parts: E[]) => E) {
  return (parts: (boolean | E)[]): boolean | E => {
    if (parts.includes(absorbing)) return absorbing;
    const rest = parts.filter((part): part is E => typeof part !== 'boolean');
    if (rest.length === 0) return !absorbing;
    return rest.length === 1 ? (rest[0] as E) : join(rest);
  };
}

/** The rule with every fact known: whether this viewer sees something with this reach. */
export function canSee(viewer: MemberViewer, reach: Reach): boolean {
  return visibilityRule<never>(
    {
      seesAll: viewer.seesAll,
      supervisorsOnly: reach.supervisorsOnly,
      grants: {
        everyone: reach.everyone,
        queue: reach.queueId !== null && viewer.queueIds.includes(reach.queueId),
        named: reach.operatorIds.includes(viewer.operatorId),
      },
    },
    NO_EXPRESSIONS,
  ) as boolean;
}

const NO_EXPRESSIONS: Connectives<never> = {
  or: unreachable,
  and: unreachable,
  not: unreachable,
};

function unreachable(): never {
  throw new Error('a constant form was asked to join expressions');
}

/**
 * An event's reach, from its audience (see EventAudience). Its SQL twin is the generated
 * columns of migration 0009 (audience_scope 'supervisors' | 'all' | 'queue' | 'operators',
 * audience_queue_id, audience_operator_ids); packages/realtime/test/rooms.test.ts holds the two
 * to the same answers over every combination of the audience's fields.
 */
export function audienceReach(audience: EventAudience): Reach {
  const operatorIds = Array.isArray(audience.operatorIds) ? [...new Set(audience.operatorIds)] : [];
  // JSON drops undefined, so a queueId of undefined is stored as no key at all.
  const hasQueue = audience.queueId !== undefined;
  return {
    supervisorsOnly: audience.supervisorsOnly === true,
    everyone: hasQueue ? audience.queueId === null : operatorIds.length === 0,
    queueId: hasQueue && audience.queueId ? audience.queueId : null,
    operatorIds,
  };
}

/** A conversation's reach: its queue's members (everyone when it is in no queue) and its assignee. */
export function conversationReach(conversation: { queueId: string | null; assignedOperatorId: string | null }): Reach {
  return {
    supervisorsOnly: false,
    everyone: conversation.queueId === null,
    queueId: conversation.queueId,
    operatorIds: conversation.assignedOperatorId ? [conversation.assignedOperatorId] : [],
  };
}

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/** The SQL form's joins: each part in parentheses, so precedence never depends on a term's text. */
function sqlConnectives(tx: Queryable): Connectives<Fragment> {
  const join = (word: string) => (parts: Fragment[]) =>
    parts.slice(1).reduce((joined, part) => tx`${joined} ${tx.unsafe(word)} ${part}`, parts[0] as Fragment);
  return {
    or: (parts) => tx`(${join('or')(parts)})`,
    and: (parts) => tx`(${join('and')(parts)})`,
    not: (part) => tx`not (${part})`,
  };
}

/** The viewer's queues, as both SQL forms test membership: a hashed subplan per statement. */
function viewerQueueIds(tx: Queryable, tenantId: string, viewer: Viewer) {
  return tx`select queue_id from queue_members where tenant_id = ${tenantId} and operator_id = ${viewer.operatorId}`;
}

function sqlRule(tx: Queryable, terms: Terms<Fragment>): Fragment {
  const rule = visibilityRule(terms, sqlConnectives(tx));
  return typeof rule === 'boolean' ? tx.unsafe(rule ? 'true' : 'false') : rule;
}

/**
 * The rule over conversations aliased `c`, as an `and …` to follow a where clause (nothing for
 * a viewer who sees all). A conversation is never for supervisors only.
 */
export function conversationsVisibleTo(tx: Queryable, tenantId: string, viewer: Viewer): Fragment {
  if (viewer.seesAll) return tx``;
  const test = sqlRule(tx, {
    seesAll: false,
    supervisorsOnly: false,
    grants: {
      everyone: tx`c.queue_id is null`,
      queue: tx`c.queue_id in (${viewerQueueIds(tx, tenantId, viewer)})`,
      named: tx`c.assigned_operator_id = ${viewer.operatorId}`,
    },
  });
  return tx`and ${test}`;
}

/**
 * The rule over events aliased `e`, on the typed columns 0009_event_visibility.sql generates
 * from `audience` (audience_queue_id is set only in scope 'queue' or 'supervisors'): cheap tests
 * with column statistics, so a catch-up reads the primary key in seq order and stops after a page.
 */
export function eventsVisibleTo(tx: Queryable, tenantId: string, viewer: Viewer): Fragment {
  return sqlRule(tx, {
    seesAll: viewer.seesAll,
    supervisorsOnly: tx`e.audience_scope = 'supervisors'`,
    grants: {
      everyone: tx`e.audience_scope = 'all'`,
      queue: tx`e.audience_queue_id in (${viewerQueueIds(tx, tenantId, viewer)})`,
      named: tx`${viewer.operatorId}::text = any(e.audience_operator_ids)`,
    },
  });
}
