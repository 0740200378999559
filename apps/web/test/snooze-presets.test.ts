// Snooze presets count in the operator's local time: an hour on, tomorrow at
// 9:00, the coming Monday at 9:00; a datetime-local value round-trips.
import { describe, expect, it } from 'vitest';
import {
  fromLocalInput,
  inOneHour,
  nextWeekAtNine,
  toLocalInput,
  tomorrowAtNine,
} from '../src/features/conversation-actions/snooze-presets.ts';

describe('snooze presets', () => {
  const wednesday = new Date(2025, 0, 15, 17, 42); // Wed 15 Jan 2025, 17:42 local

  it('count from now in local time', () => {
    expect(inOneHour(wednesday).getTime() - wednesday.getTime()).toBe(3_600_000);
    expect(tomorrowAtNine(wednesday)).toEqual(new Date(2025, 0, 16, 9, 0));
    expect(nextWeekAtNine(wednesday)).toEqual(new Date(2025, 0, 20, 9, 0));
    // On a Monday "next week" is a week on; on a Sunday it is tomorrow.
    expect(nextWeekAtNine(new Date(2025, 0, 20, 8, 0))).toEqual(new Date(2025, 0, 27, 9, 0));
    expect(nextWeekAtNine(new Date(2025, 0, 19, 23, 0))).toEqual(new Date(2025, 0, 20, 9, 0));
    // Across a month's end.
    expect(tomorrowAtNine(new Date(2025, 0, 31, 12, 0))).toEqual(new Date(2025, 1, 1, 9, 0));
  });

  it('reads and writes datetime-local values, refusing impossible dates', () => {
    expect(toLocalInput(wednesday)).toBe('2025-01-15T17:42');
    expect(fromLocalInput('2025-01-15T17:42')).toEqual(wednesday);
    expect(fromLocalInput('2025-01-15T17:42:00')).toEqual(wednesday);
    expect(fromLocalInput('2025-02-30T09:00')).toBeNull();
    expect(fromLocalInput('')).toBeNull();
  });
});
