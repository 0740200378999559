// needsAttention is the one rule for which events may need a push; the worker
// filters the log by PUSH_EVENT_TYPES in SQL before applying it, so the list
// must hold every type the rule can say yes to.
import { eventType } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { needsAttention, PUSH_EVENT_TYPES } from '../src/push-jobs.ts';

/** A payload every branch of the rule says yes to. */
const eager = {
  message: { direction: 'inbound' },
  operatorId: 'someone',
  assignedBy: 'someone-else',
  mentions: ['someone'],
};

describe('PUSH_EVENT_TYPES', () => {
  it('holds exactly the event types needsAttention can say yes to', () => {
    const yes = eventType.options.filter((type) => needsAttention({ type, payload: eager }));
    expect([...PUSH_EVENT_TYPES].sort()).toEqual(yes.sort());
  });
});
