// SLA targets shown and edited in people's units while the API keeps seconds:
// formatting, the exact split for editing, and the week summary of business hours.
import { describe, expect, it } from 'vitest';
import {
  formatBusinessHours,
  formatDuration,
  joinDuration,
  parseIntervals,
  splitDuration,
} from '../src/features/sla-settings/sla-duration.ts';

describe('SLA durations', () => {
  it('reads as people say them, two parts at most', () => {
    expect(formatDuration(null)).toBe('No target');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(5400)).toBe('1 h 30 min');
    expect(formatDuration(86_400)).toBe('1 day');
    expect(formatDuration(2 * 86_400 + 4 * 3600 + 61)).toBe('2 days 4 h');
  });

  it('edits in the largest unit that holds the value exactly, and converts back to seconds', () => {
    expect(splitDuration(null)).toEqual({ value: '', unit: 'minutes' });
    expect(splitDuration(7200)).toEqual({ value: '2', unit: 'hours' });
    expect(splitDuration(5400)).toEqual({ value: '90', unit: 'minutes' });
    expect(splitDuration(90)).toEqual({ value: '90', unit: 'seconds' });
    expect(joinDuration('1.5', 'hours')).toBe(5400);
    expect(joinDuration('2,5', 'minutes')).toBe(150);
    expect(joinDuration('  ', 'days')).toBeNull();
    // Not a positive number: 0 goes to the API, whose message then names the field.
    expect(joinDuration('-3', 'minutes')).toBe(0);
    expect(joinDuration('soon', 'minutes')).toBe(0);
  });

  it('parses a day of intervals, passing malformed pieces on for the API to name', () => {
    expect(parseIntervals('09:00-13:00, 14:00 – 18:00')).toEqual([
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ]);
    expect(parseIntervals('')).toEqual([]);
    expect(parseIntervals('9')).toEqual([['9', '']]);
  });

  it('summarises the week, running days with the same hours together', () => {
    expect(formatBusinessHours(null)).toBe('Around the clock');
    const nineToSix: [string, string][] = [['09:00', '18:00']];
    expect(
      formatBusinessHours({
        timezone: 'Europe/Moscow',
        days: {
          mon: nineToSix,
          tue: nineToSix,
          wed: nineToSix,
          thu: nineToSix,
          fri: nineToSix,
          sat: [['10:00', '14:00']],
        },
      }),
    ).toBe('Mon–Fri 09:00-18:00; Sat 10:00-14:00 (Europe/Moscow)');
    expect(formatBusinessHours({ timezone: 'UTC', days: { mon: nineToSix, wed: nineToSix } })).toBe(
      'Mon 09:00-18:00; Wed 09:00-18:00 (UTC)',
    );
  });
});
