// Role rank: every pair of roles, against the order written out by hand.
import { describe, expect, it } from 'vitest';
import { atLeast, type OperatorRole, operatorRole, roleRank, seesEveryConversation } from '../src/index.ts';

const LOW_TO_HIGH: OperatorRole[] = ['operator', 'supervisor', 'admin', 'owner'];

describe('role rank', () => {
  it('covers every role of the enum', () => {
    expect([...LOW_TO_HIGH].sort()).toEqual([...operatorRole.options].sort());
  });

  it('ranks operator < supervisor < admin < owner', () => {
    const ranks = LOW_TO_HIGH.map(roleRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(LOW_TO_HIGH.length);
  });

  for (const [i, role] of LOW_TO_HIGH.entries()) {
    for (const [j, minimum] of LOW_TO_HIGH.entries()) {
      it(`atLeast(${role}, ${minimum}) is ${i >= j}`, () => {
        expect(atLeast(role, minimum)).toBe(i >= j);
      });
    }
  }

  it('lets supervisors, admins and owners see every conversation, not operators', () => {
    expect(LOW_TO_HIGH.filter(seesEveryConversation)).toEqual(['supervisor', 'admin', 'owner']);
  });
});
