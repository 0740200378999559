// The live queue through the typed client: every answer is parsed with its route's contract
// (apiRoutes.queueStats), so a drifting answer fails here too.
import { randomUUID } from 'node:crypto';
import { apiRoutes } from '@relay/contracts';
import { useTestDb } from '@relay/db/testing';
import { createPresenceStore } from '@relay/realtime';
import { describe, expect, it } from 'vitest';
import { refused, useApi } from './support/api-harness.ts';
import { demoStaff } from './support/demo-staff.ts';

// The in-memory store never queries for liveDevices; the pool stays unopened.
const presence = createPresenceStore({ sql: useTestDb() });
const api = useApi({ presence });
const blind = useApi();

const { getQueueStats } = apiRoutes.queueStats;
const stats = (token?: string, on = api) => on.client(token).call(getQueueStats);

const MINUTE = 60_000;

/** The demo tenant with every SLA clock cleared, then set per test by client name. */
async function setUp() {
  const staff = await demoStaff(api);
  const { tenantId } = staff;
  await api.sql`
    update conversations set first_response_warn_at = null, first_response_due_at = null,
           resolution_warn_at = null, resolution_due_at = null, first_response_warned = false,
           first_response_breached = false, resolution_warned = false, resolution_breached = false
     where tenant_id = ${tenantId}`;
  const rows = await api.sql<{ id: string; name: string }[]>`
    select c.id, cl.name from conversations c join clients cl on cl.tenant_id = c.tenant_id and cl.id = c.client_id
     where c.tenant_id = ${tenantId}`;
  const conv = (name: string) => rows.find((row) => row.name === name)?.id as string;
  const queues = await api.sql<
    { id: string; name: string }[]
  >`select id, name from queues where tenant_id = ${tenantId}`;
  const queue = (name: string) => queues.find((q) => q.name === name)?.id as string;
  return {
    ...staff,
    support: queue('Support'),
    sales: queue('Sales'),
    maria: conv('Maria S.'),
    dmitry: conv('Dmitry K.'),
    ivan: conv('Ivan P.'),
    anna: conv('Anna L.'),
  };
}

const at = (msFromNow: number) => new Date(Date.now() + msFromNow);

describe('GET /queue-stats', () => {
  it('gives each queue its waiting count, oldest wait and SLA clocks at risk or breached', async () => {
    const s = await setUp();
    const mariaSince = new Date(Date.now() - 7 * MINUTE);
    await api.sql`update conversations set created_at = ${mariaSince} where tenant_id = ${s.tenantId} and id = ${s.maria}`;
    // Maria: past her warning, due in 5 minutes. Dmitry: resolution overdue and recorded.
    // Ivan: nothing to worry about yet. Anna: breached but resolved, so off the board.
    const mariaWarn = at(-MINUTE);
    const mariaDue = at(5 * MINUTE);
    await api.sql`update conversations set first_response_warn_at = ${mariaWarn}, first_response_due_at = ${mariaDue}
                   where tenant_id = ${s.tenantId} and id = ${s.maria}`;
    const dmitryDue = at(-2 * MINUTE);
    await api.sql`update conversations set resolution_warn_at = ${at(-10 * MINUTE)}, resolution_due_at = ${dmitryDue},
                         resolution_warned = true, resolution_breached = true
                   where tenant_id = ${s.tenantId} and id = ${s.dmitry}`;
    await api.sql`update conversations set first_response_warn_at = ${at(10 * MINUTE)}, first_response_due_at = ${at(20 * MINUTE)}
                   where tenant_id = ${s.tenantId} and id = ${s.ivan}`;
    await api.sql`update conversations set resolution_due_at = ${at(-60 * MINUTE)}, resolution_breached = true
                   where tenant_id = ${s.tenantId} and id = ${s.anna}`;

    const reply = await stats(s.supervisor.token);
    expect(Date.parse(reply.generatedAt)).toBeGreaterThan(Date.now() - MINUTE);
    expect(reply.queues).toEqual([
      {
        id: s.support,
        name: 'Support',
        routingMode: 'round_robin',
        waiting: 1,
        oldestWaitingSince: mariaSince.toISOString(),
        waitingConversations: [{ conversationId: s.maria, clientName: 'Maria S.', since: mariaSince.toISOString() }],
        atRisk: [
          {
            conversationId: s.maria,
            clientName: 'Maria S.',
            assignedOperatorId: null,
            kind: 'first_response',
            warnAt: mariaWarn.toISOString(),
            dueAt: mariaDue.toISOString(),
          },
        ],
        breached: [
          {
            conversationId: s.dmitry,
            clientName: 'Dmitry K.',
            assignedOperatorId: s.alice.id,
            kind: 'resolution',
            dueAt: dmitryDue.toISOString(),
          },
        ],
      },
      {
        id: s.sales,
        name: 'Sales',
        routingMode: 'least_loaded',
        waiting: 0,
        oldestWaitingSince: null,
        waitingConversations: [],
        atRisk: [],
        breached: [],
      },
    ]);

    // A clock past due that the worker has not recorded yet is breached already (earliest due first).
    await api.sql`update conversations set first_response_due_at = ${at(-1000)} where tenant_id = ${s.tenantId} and id = ${s.maria}`;
    const support = (await stats(s.owner.token)).queues[0];
    expect(support?.atRisk).toEqual([]);
    expect(support?.breached.map((b) => [b.conversationId, b.kind])).toEqual([
      [s.dmitry, 'resolution'],
      [s.maria, 'first_response'],
    ]);
  });

  it('lists active operators with load against capacity and whether they have a live socket', async () => {
    const s = await setUp();
    await api.sql`update operators set capacity = 3 where tenant_id = ${s.tenantId} and id = ${s.bob.id}`;
    await api.sql`update operators set availability = 'away' where tenant_id = ${s.tenantId} and id = ${s.carol.id}`;
    await presence.admit(
      { tenantId: s.tenantId, operatorId: s.alice.id, deviceId: 'web-1', socketId: randomUUID() },
      60_000,
      100,
    );

    const reply = await stats(s.supervisor.token);
    const byName = Object.fromEntries(reply.operators.map((o) => [o.name, o]));
    expect(Object.keys(byName).sort()).toEqual([
      'Alice Ivanova',
      'Bob Petrov',
      'Carol Smirnova',
      'Olivia Owner',
      'Sam Supervisor',
    ]);
    // Alice holds Dmitry (open) and Anna (resolved, which is no load); Bob holds Ivan.
    expect(byName['Alice Ivanova']).toMatchObject({ id: s.alice.id, role: 'operator', load: 1, connected: true });
    expect(byName['Bob Petrov']).toMatchObject({ id: s.bob.id, load: 1, capacity: 3, connected: false });
    expect(byName['Carol Smirnova']).toMatchObject({ availability: 'away', load: 0, connected: false });

    // Without a presence store the API says it does not know.
    const unknown = await stats((await blind.login(s.slug, 'supervisor@demo.test')).accessToken, blind);
    expect(new Set(unknown.operators.map((o) => o.connected))).toEqual(new Set([null]));
  });

  it('refuses operators: the live queue is the supervisor screen', async () => {
    const s = await setUp();
    await refused(stats(s.alice.token), 403, 'forbidden');
    await refused(stats(), 401, 'unauthorized');
  });

  it("never shows another tenant's queues, conversations or operators", async () => {
    const a = await setUp();
    const b = await setUp();
    await api.sql`update conversations set first_response_warn_at = ${at(-MINUTE)}, first_response_due_at = ${at(MINUTE)}
                   where tenant_id = ${a.tenantId} and id = ${a.maria}`;
    const reply = await stats(b.supervisor.token);
    expect(reply.queues.map((q) => q.id).sort()).toEqual([b.support, b.sales].sort());
    expect(reply.queues[0]?.atRisk).toEqual([]);
    const text = JSON.stringify(reply);
    for (const id of [a.tenantId, a.support, a.sales, a.maria, a.dmitry, a.alice.id, a.supervisor.id]) {
      expect(text).not.toContain(id);
    }
    expect(reply.operators).toHaveLength(5);
  });
});
