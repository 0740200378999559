// The visibility rule read with every fact known (canSee), the reach of an
// audience and of a conversation, and the constants the SQL forms fold away.
// The SQL and room forms are held to canSee against a real database in
// packages/realtime/test/visibility-agreement.test.ts and rooms.test.ts.
import { describe, expect, it } from 'vitest';
import {
  audienceReach,
  canSee,
  conversationReach,
  conversationsVisibleTo,
  type EventAudience,
  eventsVisibleTo,
  type MemberViewer,
  type Reach,
} from '../src/index.ts';
import { useTestDb } from '../src/testing/index.ts';

const Q = '00000000-0000-4000-8000-0000000000aa';
const A = '00000000-0000-4000-8000-0000000000a1';
const B = '00000000-0000-4000-8000-0000000000b1';

describe('audienceReach', () => {
  const cases: [string, EventAudience, Reach][] = [
    ['no audience: tenant-wide', {}, reach({ everyone: true })],
    ['queueId null: in no queue, everyone', { queueId: null }, reach({ everyone: true })],
    ['a queue', { queueId: Q }, reach({ queueId: Q })],
    ['named operators only', { operatorIds: [A, B] }, reach({ operatorIds: [A, B] })],
    ['an empty operator list is tenant-wide', { operatorIds: [] }, reach({ everyone: true })],
    ['a queue and the assignee', { queueId: Q, operatorIds: [A] }, reach({ queueId: Q, operatorIds: [A] })],
    ['no queue and a mention', { queueId: null, operatorIds: [A] }, reach({ everyone: true, operatorIds: [A] })],
    [
      'supervisors only keeps the rest, which the rule then ignores',
      { supervisorsOnly: true, queueId: Q },
      reach({ supervisorsOnly: true, queueId: Q }),
    ],
    ['a repeated operator once', { operatorIds: [A, A] }, reach({ operatorIds: [A] })],
  ];
  it.each(cases)('%s', (_name, audience, expected) => {
    expect(audienceReach(audience)).toEqual(expected);
  });
});

describe('canSee', () => {
  const alice: MemberViewer = { operatorId: A, seesAll: false, queueIds: [Q] };
  const bob: MemberViewer = { operatorId: B, seesAll: false, queueIds: [] };
  const boss: MemberViewer = { operatorId: B, seesAll: true, queueIds: [] };

  it('shows a conversation to its queue, its assignee and whoever sees all', () => {
    const queued = conversationReach({ queueId: Q, assignedOperatorId: null });
    expect([alice, bob, boss].map((viewer) => canSee(viewer, queued))).toEqual([true, false, true]);
    const assignedToBob = conversationReach({ queueId: Q, assignedOperatorId: B });
    expect([alice, bob, boss].map((viewer) => canSee(viewer, assignedToBob))).toEqual([true, true, true]);
    const inNoQueue = conversationReach({ queueId: null, assignedOperatorId: null });
    expect([alice, bob, boss].map((viewer) => canSee(viewer, inNoQueue))).toEqual([true, true, true]);
  });

  it('hides what is for supervisors only from everyone else, whatever else it says', () => {
    const secret = audienceReach({ supervisorsOnly: true, queueId: Q, operatorIds: [A, B] });
    expect([alice, bob, boss].map((viewer) => canSee(viewer, secret))).toEqual([false, false, true]);
  });
});

describe('the SQL forms', () => {
  const sql = useTestDb();
  const T = '00000000-0000-4000-8000-000000000001';

  it('write nothing to test for a viewer who sees all', async () => {
    const boss = { operatorId: A, seesAll: true };
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from (values (1)) c(x) where true ${conversationsVisibleTo(sql, T, boss)}`;
    expect(row?.n).toBe(1);
    const [events] = await sql<{ n: number }[]>`
      select count(*)::int as n from (values (1)) e(x) where ${eventsVisibleTo(sql, T, boss)}`;
    expect(events?.n).toBe(1);
  });
});

function reach(fields: Partial<Reach>): Reach {
  return { supervisorsOnly: false, everyone: false, queueId: null, operatorIds: [], ...fields };
}
