// Owns SLA clock arithmetic: adding "business time" to an instant, where the
// clock runs only inside a policy's weekly opening hours, in the policy's own
// IANA time zone (luxon resolves wall-clock times to instants, DST included).
import type { BusinessHours } from '@relay/contracts';
import { DateTime } from 'luxon';

const DAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEK_MS = 7 * 24 * 3600 * 1000;
// Past this many whole weeks of skipping the due moment is a century or more
// away (a target far larger than the weekly opening hours): "never" is as
// good an answer, and it bounds the work of a pathological policy.
const MAX_WEEKS = 5200;

type Minutes = [from: number, to: number];

function minutesOf(time: string): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** Each weekday's intervals (Monday first) as minutes of the day, sorted. */
function weeklyIntervals(hours: BusinessHours): Minutes[][] {
  return DAY_KEYS.map((key) =>
    (hours.days[key] ?? [])
      .map(([from, to]): Minutes => [minutesOf(from), minutesOf(to)])
      .filter(([from, to]) => to > from)
      .sort((a, b) => a[0] - b[0]),
  );
}

/** The instant of a wall-clock minute of a local day; 24:00 is the next day's midnight. */
function instantOf(day: DateTime, minute: number): number {
  if (minute >= 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
  // A wall time inside a DST gap does not exist; luxon moves it forward by the gap.
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis();
}

/**
 * `start` plus `seconds` of running clock. `hours` null: the clock always
 * runs (plain addition). Otherwise it runs only inside the day's intervals in
 * the policy's zone; a start outside them waits for the next opening, and a
 * target that ends exactly at a closing time is due at that closing time.
 * Returns null when the clock never runs (no open interval in the whole week)
 * or would need more than a century: nothing can ever be due.
 * Millisecond precision; fractional seconds are allowed.
 */
export function addBusinessTime(start: Date, seconds: number, hours: BusinessHours | null): Date | null {
  const total = Math.round(seconds * 1000);
  if (!hours) return new Date(start.getTime() + total);
  const week = weeklyIntervals(hours);
  const weeklyMs = week.flat().reduce((sum, [from, to]) => sum + (to - from) * 60_000, 0);
  if (weeklyMs === 0) return null;

  let remaining = total;
  let cursor = start.getTime();
  let day = DateTime.fromMillis(cursor, { zone: hours.timezone }).startOf('day');
  let skipped = 0;
  for (let first = true; ; first = false) {
    // Whole weeks at once while the clock has more than a week to run. A local
    // week exactly 7×24 h long has no DST change inside it, so its real open
    // time is the nominal one; a week with a change goes day by day.
    while (!first && remaining > weeklyMs) {
      const next = day.plus({ weeks: 1 });
      if (next.toMillis() - day.toMillis() !== WEEK_MS) break;
      if (++skipped > MAX_WEEKS) return null;
      remaining -= weeklyMs;
      day = next;
      cursor = day.toMillis();
    }
    for (const [from, to] of week[day.weekday - 1] ?? []) {
      const closes = instantOf(day, to);
      if (closes <= cursor) continue;
      const begins = Math.max(instantOf(day, from), cursor);
      const open = closes - begins;
      if (remaining <= open) return new Date(begins + remaining);
      remaining -= open;
      cursor = closes;
    }
    day = day.plus({ days: 1 }).startOf('day');
    cursor = Math.max(cursor, day.toMillis());
  }
}

/**
 * When the warning is due: `percent` of the allowed time, exact to the
 * millisecond (seconds × percent × 10 ms is a whole number), on the same clock.
 */
export function warnMoment(start: Date, seconds: number, percent: number, hours: BusinessHours | null): Date | null {
  return addBusinessTime(start, (seconds * percent) / 100, hours);
}
