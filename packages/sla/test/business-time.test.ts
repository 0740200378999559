import type { BusinessHours } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, warnMoment } from '../src/index.ts';

const WEEKDAYS_9_TO_6: BusinessHours = {
  timezone: 'Europe/Moscow', // UTC+3 all year, no DST
  days: {
    mon: [['09:00', '18:00']],
    tue: [['09:00', '18:00']],
    wed: [['09:00', '18:00']],
    thu: [['09:00', '18:00']],
    fri: [['09:00', '18:00']],
  },
};
const ALL_DAY = [['00:00', '24:00']] as [string, string][];
const EVERY_DAY = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };
const iso = (date: Date | null) => date?.toISOString();
const at = (text: string) => new Date(text);

describe('addBusinessTime without business hours', () => {
  it('is plain addition, to the millisecond', () => {
    expect(iso(addBusinessTime(at('2025-06-03T10:00:00.123Z'), 2, null))).toBe('2025-06-03T10:00:02.123Z');
    expect(iso(addBusinessTime(at('2025-06-03T10:00:00Z'), 1.6, null))).toBe('2025-06-03T10:00:01.600Z');
  });
});

describe('addBusinessTime with business hours', () => {
  // 2025-06-03 is a Tuesday; Moscow wall time = UTC + 3 h.
  it('runs inside the day', () => {
    expect(iso(addBusinessTime(at('2025-06-03T07:00:00Z'), 3600, WEEKDAYS_9_TO_6))).toBe('2025-06-03T08:00:00.000Z');
  });

  it('stops over a closed night: 17:59:30 plus 60 s is 09:00:30 next morning', () => {
    expect(iso(addBusinessTime(at('2025-06-03T14:59:30Z'), 60, WEEKDAYS_9_TO_6))).toBe('2025-06-04T06:00:30.000Z');
  });

  it('is due at the closing time itself when the target ends exactly there', () => {
    expect(iso(addBusinessTime(at('2025-06-03T14:59:00Z'), 60, WEEKDAYS_9_TO_6))).toBe('2025-06-03T15:00:00.000Z');
  });

  it('counts from the opening when started exactly at it, and from the next one when started at a closing', () => {
    expect(iso(addBusinessTime(at('2025-06-03T06:00:00Z'), 60, WEEKDAYS_9_TO_6))).toBe('2025-06-03T06:01:00.000Z');
    expect(iso(addBusinessTime(at('2025-06-03T15:00:00Z'), 60, WEEKDAYS_9_TO_6))).toBe('2025-06-04T06:01:00.000Z');
  });

  it('waits for the opening when started before it, or at night', () => {
    expect(iso(addBusinessTime(at('2025-06-03T04:00:00Z'), 60, WEEKDAYS_9_TO_6))).toBe('2025-06-03T06:01:00.000Z');
    // 23:30 Tuesday (20:30 UTC) → Wednesday 09:01.
    expect(iso(addBusinessTime(at('2025-06-03T20:30:00Z'), 60, WEEKDAYS_9_TO_6))).toBe('2025-06-04T06:01:00.000Z');
  });

  it('skips the weekend: Friday 17:30 plus an hour is Monday 09:30', () => {
    expect(iso(addBusinessTime(at('2025-06-06T14:30:00Z'), 3600, WEEKDAYS_9_TO_6))).toBe('2025-06-09T06:30:00.000Z');
    // Started on Saturday: Monday's opening plus the target.
    expect(iso(addBusinessTime(at('2025-06-07T09:00:00Z'), 60, WEEKDAYS_9_TO_6))).toBe('2025-06-09T06:01:00.000Z');
  });

  it('walks the gaps between several intervals of one day', () => {
    const split: BusinessHours = {
      timezone: 'Europe/Moscow',
      days: {
        tue: [
          ['14:00', '18:00'],
          ['09:00', '13:00'],
        ],
      },
    };
    // 12:59 + 2 min: one minute before lunch, one after.
    expect(iso(addBusinessTime(at('2025-06-03T09:59:00Z'), 120, split))).toBe('2025-06-03T11:01:00.000Z');
    // 8 h 1 min from 09:00 Tuesday runs into the next Tuesday.
    expect(iso(addBusinessTime(at('2025-06-03T06:00:00Z'), 8 * 3600 + 60, split))).toBe('2025-06-10T06:01:00.000Z');
  });

  it('counts whole weeks the same way as day by day', () => {
    // 45 open hours a week: 10 weeks and an hour from Monday 09:00 is Monday 10:00, 10 weeks on.
    const due = addBusinessTime(at('2025-06-02T06:00:00Z'), (45 * 10 + 1) * 3600, WEEKDAYS_9_TO_6);
    expect(iso(due)).toBe('2025-08-11T07:00:00.000Z');
    // Exactly one week's worth ends at the last closing of that week.
    expect(iso(addBusinessTime(at('2025-06-02T06:00:00Z'), 45 * 3600, WEEKDAYS_9_TO_6))).toBe(
      '2025-06-06T15:00:00.000Z',
    );
  });

  it('has no due time when the clock never runs', () => {
    expect(addBusinessTime(at('2025-06-03T06:00:00Z'), 60, { timezone: 'Europe/Moscow', days: {} })).toBeNull();
    expect(addBusinessTime(at('2025-06-03T06:00:00Z'), 60, { timezone: 'UTC', days: { mon: [] } })).toBeNull();
  });

  it('gives up (null) on a target centuries of opening hours away, quickly', () => {
    const oneMinuteAWeek: BusinessHours = { timezone: 'Europe/Berlin', days: { mon: [['09:00', '09:01']] } };
    const started = performance.now();
    expect(addBusinessTime(at('2025-06-03T06:00:00Z'), 366 * 24 * 3600, oneMinuteAWeek)).toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
    // Ten years of weeks is still answered exactly.
    const tenYearsOfMinutes = addBusinessTime(at('2025-06-03T06:00:00Z'), 520 * 60, oneMinuteAWeek);
    expect(tenYearsOfMinutes?.getUTCFullYear()).toBe(2035);
  });
});

describe('addBusinessTime across DST changes (Europe/Berlin)', () => {
  it('equals plain addition when open around the clock, over both changes', () => {
    const always: BusinessHours = { timezone: 'Europe/Berlin', days: EVERY_DAY };
    for (const start of ['2025-03-24T10:00:00Z', '2025-10-20T10:00:00Z', '2025-03-30T00:30:00Z']) {
      const seconds = 14 * 24 * 3600 + 17;
      expect(iso(addBusinessTime(at(start), seconds, always))).toBe(
        new Date(at(start).getTime() + seconds * 1000).toISOString(),
      );
    }
  });

  it('counts a spring-forward night as one hour shorter', () => {
    // Sunday 2025-03-30: 02:00 CET jumps to 03:00 CEST. Open 01:00–04:00 wall time = 2 real hours.
    const night: BusinessHours = {
      timezone: 'Europe/Berlin',
      days: { sun: [['01:00', '04:00']], mon: [['01:00', '04:00']] },
    };
    // 01:00 CET = 00:00 UTC; 2.5 h: 2 h on Sunday, 30 min from Monday 01:00 CEST (Sunday 23:00 UTC).
    expect(iso(addBusinessTime(at('2025-03-30T00:00:00Z'), 2.5 * 3600, night))).toBe('2025-03-30T23:30:00.000Z');
  });

  it('counts a fall-back night as one hour longer', () => {
    // Sunday 2025-10-26: 03:00 CEST falls back to 02:00 CET. Open 01:00–04:00 wall time = 4 real hours.
    const night: BusinessHours = { timezone: 'Europe/Berlin', days: { sun: [['01:00', '04:00']] } };
    // 01:00 CEST = Saturday 23:00 UTC; 3.5 h later is 02:30 UTC = 03:30 CET, still open.
    expect(iso(addBusinessTime(at('2025-10-25T23:00:00Z'), 3.5 * 3600, night))).toBe('2025-10-26T02:30:00.000Z');
  });

  it('keeps wall-clock opening hours across the change (09:00 is 08:00 UTC before, 07:00 UTC after)', () => {
    const weekdays: BusinessHours = { ...WEEKDAYS_9_TO_6, timezone: 'Europe/Berlin' };
    // Friday 2025-03-28 17:30 CET + 1 h → Monday 2025-03-31 09:30 CEST.
    expect(iso(addBusinessTime(at('2025-03-28T16:30:00Z'), 3600, weekdays))).toBe('2025-03-31T07:30:00.000Z');
    // Six weeks of 45 h from Monday 2025-03-03 09:00 CET end Friday 2025-04-11 18:00 CEST.
    expect(iso(addBusinessTime(at('2025-03-03T08:00:00Z'), 6 * 45 * 3600, weekdays))).toBe('2025-04-11T16:00:00.000Z');
  });
});

describe('warnMoment', () => {
  it('is the percentage of the target on the same clock, to the millisecond', () => {
    expect(iso(warnMoment(at('2025-06-03T10:00:00Z'), 2, 80, null))).toBe('2025-06-03T10:00:01.600Z');
    expect(iso(warnMoment(at('2025-06-03T10:00:00Z'), 7, 33, null))).toBe('2025-06-03T10:00:02.310Z');
    // 17:59:30 with a 60 s target warned at 50 %: exactly at the closing, 18:00:00.
    expect(iso(warnMoment(at('2025-06-03T14:59:30Z'), 60, 50, WEEKDAYS_9_TO_6))).toBe('2025-06-03T15:00:00.000Z');
    expect(iso(warnMoment(at('2025-06-03T14:59:30Z'), 60, 80, WEEKDAYS_9_TO_6))).toBe('2025-06-04T06:00:18.000Z');
  });
});
