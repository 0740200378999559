// SLA targets in people's units: the API keeps seconds, admins think in
// minutes, hours and days. Formatting for the table, and the split of a
// stored value into the number + unit the form edits (and back).
import type { BusinessHours } from '@relay/contracts';

export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export const UNIT_SECONDS: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
export const UNIT_LABELS: Record<DurationUnit, string> = {
  seconds: 'seconds',
  minutes: 'minutes',
  hours: 'hours',
  days: 'days',
};

/** "45 s", "5 min", "1 h 30 min", "1 day", "2 days 4 h"; "No target" for null. Two parts at most. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'No target';
  const parts: string[] = [];
  let rest = seconds;
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  if (days) parts.push(days === 1 ? '1 day' : `${days} days`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (secs) parts.push(`${secs} s`);
  return parts.slice(0, 2).join(' ') || '0 s';
}

/** The largest unit that holds the value exactly, so editing never rounds it. */
export function splitDuration(seconds: number | null): { value: string; unit: DurationUnit } {
  if (seconds === null) return { value: '', unit: 'minutes' };
  for (const unit of ['days', 'hours', 'minutes'] as const) {
    if (seconds % UNIT_SECONDS[unit] === 0) return { value: String(seconds / UNIT_SECONDS[unit]), unit };
  }
  return { value: String(seconds), unit: 'seconds' };
}

/**
 * Seconds for the API; null for an empty field (no target). Anything that is
 * not a positive number goes through as 0, so the API's own message explains
 * it next to the field.
 */
export function joinDuration(value: string, unit: DurationUnit): number | null {
  const text = value.trim().replace(',', '.');
  if (text === '') return null;
  const number = Number(text);
  if (!Number.isFinite(number) || number <= 0) return 0;
  return Math.round(number * UNIT_SECONDS[unit]);
}

export const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEK)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** "09:00-18:00, 19:00-21:00" for one day's intervals; "" when closed. */
export function formatIntervals(intervals: readonly (readonly [string, string])[] | undefined): string {
  return (intervals ?? []).map(([from, to]) => `${from}-${to}`).join(', ');
}

/** The inverse of formatIntervals; a malformed piece goes through as-is for the API to name. */
export function parseIntervals(text: string): [string, string][] {
  return text
    .split(/[,;]/)
    .map((piece) => piece.trim())
    .filter(Boolean)
    .map((piece) => {
      const [from = '', to = ''] = piece.split(/\s*[-–—]\s*/);
      return [from.trim(), to.trim()];
    });
}

/** "Mon–Fri 09:00-18:00; Sat 10:00-14:00 (Europe/Moscow)", days with the same hours run together. */
export function formatBusinessHours(hours: BusinessHours | null): string {
  if (!hours) return 'Around the clock';
  const runs: { first: Weekday; last: Weekday; text: string }[] = [];
  for (const day of WEEK) {
    const text = formatIntervals(hours.days[day]);
    const previous = runs.at(-1);
    if (previous && previous.text === text && WEEK.indexOf(previous.last) === WEEK.indexOf(day) - 1) {
      previous.last = day;
    } else {
      runs.push({ first: day, last: day, text });
    }
  }
  const open = runs.filter((run) => run.text !== '');
  if (open.length === 0) return `Always closed (${hours.timezone})`;
  const days = open.map((run) => {
    const label =
      run.first === run.last ? WEEKDAY_LABELS[run.first] : `${WEEKDAY_LABELS[run.first]}–${WEEKDAY_LABELS[run.last]}`;
    return `${label} ${run.text}`;
  });
  return `${days.join('; ')} (${hours.timezone})`;
}
