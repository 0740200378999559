// A demo tenant (owner, supervisor, alice/bob/carol; queue Support with all
// three operators, Sales with carol only) with tokens minted the way the API
// mints them, and a conversation moved into Sales, for gateway tests.
import { randomUUID } from 'node:crypto';
import type { OperatorRole } from '@relay/contracts';
import {
  createSession,
  DEMO_LOGINS,
  type EventAudience,
  type EventRow,
  type LogEvent,
  type NewEvent,
  type Sql,
  seedDemoTenant,
  withTenant,
} from '@relay/db';
import { uniqueSlug } from '@relay/db/testing';
import { type EventPublisher, writeWithEvents } from '@relay/realtime';
import { hashToken, randomToken, signAccessToken } from '@relay/security';
import { config } from './gateway-harness.ts';

export type Person = 'owner' | 'supervisor' | 'alice' | 'bob' | 'carol';

export type DemoWorld = {
  tenantId: string;
  operators: Record<Person, { id: string; role: OperatorRole }>;
  queues: { support: string; sales: string };
  /** A conversation in Support (alice, bob, carol see it) and one moved to Sales (carol only). */
  conversations: { support: string; sales: string };
  /** A fresh session and access token for this person, with a random device id. */
  login(who: Person): Promise<{ token: string; deviceId: string; sessionId: string; operatorId: string }>;
  /** Appends events in one transaction and publishes them after commit, as every writer does. */
  append(
    publisher: EventPublisher,
    events: { type?: string; audience: EventAudience; conversationId?: string }[],
  ): Promise<EventRow[]>;
};

export async function createDemoWorld(sql: Sql): Promise<DemoWorld> {
  const slug = uniqueSlug('gw');
  const tenantId = await seedDemoTenant(sql, { slug, name: `Gateway ${slug}`, encryptionKey: config.encryptionKey });
  const facts = await withTenant(sql, tenantId, async (tx) => {
    const ops = await tx<{ id: string; email: string; role: OperatorRole }[]>`
      select id, email, role from operators where tenant_id = ${tenantId}`;
    const queues = await tx<{ id: string; name: string }[]>`select id, name from queues where tenant_id = ${tenantId}`;
    const sales = queues.find((q) => q.name === 'Sales')?.id as string;
    const support = queues.find((q) => q.name === 'Support')?.id as string;
    const convs = await tx<{ id: string; assignedOperatorId: string | null }[]>`
      select id, assigned_operator_id from conversations where tenant_id = ${tenantId} order by id`;
    const bob = ops.find((o) => o.email === 'bob@demo.test')?.id;
    const inSupport = convs.find((c) => c.assignedOperatorId === null)?.id as string;
    const inSales = convs.find((c) => c.assignedOperatorId === bob)?.id as string;
    await tx`
      update conversations set queue_id = ${sales}, assigned_operator_id = null
       where tenant_id = ${tenantId} and id = ${inSales}`;
    return { ops, queues: { support, sales }, conversations: { support: inSupport, sales: inSales } };
  });
  const operators = Object.fromEntries(
    DEMO_LOGINS.map((login) => {
      const op = facts.ops.find((o) => o.email === login.email);
      return [login.email.split('@')[0], { id: op?.id as string, role: op?.role as OperatorRole }];
    }),
  ) as DemoWorld['operators'];
  if (!facts.conversations.support || !facts.conversations.sales) throw new Error('the demo tenant has changed');

  return {
    tenantId,
    operators,
    queues: facts.queues,
    conversations: facts.conversations,
    async login(who) {
      const operator = operators[who];
      const deviceId = `device-${randomUUID()}`;
      const session = await withTenant(sql, tenantId, (tx) =>
        createSession(tx, tenantId, {
          operatorId: operator.id,
          deviceId,
          tokenHash: hashToken(randomToken(32)),
          expiresAt: new Date(Date.now() + 3_600_000),
          userAgent: 'gateway-test',
          ip: null,
        }),
      );
      const token = signAccessToken(
        config.auth.jwtSecret,
        { sub: operator.id, tid: tenantId, sid: session.id, role: operator.role },
        900,
      );
      return { token, deviceId, sessionId: session.id, operatorId: operator.id };
    },
    // emit returns nothing since events are appended at the end: the rows are the ones published.
    append: async (publisher, events) => {
      const appended: EventRow[] = [];
      const keeping: EventPublisher = {
        publish: (rows) => {
          appended.push(...rows);
          return publisher.publish(rows);
        },
      };
      await writeWithEvents({ sql, publisher: keeping, onPublishError: rethrow }, tenantId, (_tx, emit) =>
        sequence(events, (event) =>
          // A payload off the contract on purpose: these tests are about rooms and seqs.
          emit(
            offContract({
              type: event.type ?? 'conversation.updated',
              conversationId: event.conversationId ?? null,
              audience: event.audience,
              payload: { note: 'gateway test' },
            }),
          ),
        ),
      );
      return appended;
    },
  };
}

/** An event that is not its type's (typed emit refuses it): for tests of what the log and rooms do with any JSON. */
export function offContract(event: LogEvent): NewEvent {
  return event as unknown as NewEvent;
}

async function sequence<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const item of items) results.push(await fn(item));
  return results;
}

function rethrow(error: unknown): never {
  throw error;
}
