// When "snooze" ends, in the operator's own time zone: in an hour, tomorrow
// at 9:00, next Monday at 9:00, or a moment they pick (datetime-local).
export type SnoozePreset = { id: string; label: string; until: (now: Date) => Date };

const HOUR = 3_600_000;

export function inOneHour(now: Date): Date {
  return new Date(now.getTime() + HOUR);
}

export function tomorrowAtNine(now: Date): Date {
  const at = new Date(now);
  at.setDate(at.getDate() + 1);
  at.setHours(9, 0, 0, 0);
  return at;
}

/** The coming Monday at 9:00 (a week on, when today is Monday). */
export function nextWeekAtNine(now: Date): Date {
  const at = new Date(now);
  at.setDate(at.getDate() + ((8 - at.getDay()) % 7 || 7));
  at.setHours(9, 0, 0, 0);
  return at;
}

export const SNOOZE_PRESETS: SnoozePreset[] = [
  { id: 'hour', label: '1 hour', until: inOneHour },
  { id: 'tomorrow', label: 'Tomorrow 9:00', until: tomorrowAtNine },
  { id: 'next-week', label: 'Next week (Mon 9:00)', until: nextWeekAtNine },
];

/** A datetime-local value ("2025-03-01T09:30") for a moment, in local time. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The moment a datetime-local value names (local time), or null when it names none. */
export function fromLocalInput(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const at = new Date(y, mo - 1, d, h, mi);
  return at.getMonth() === mo - 1 && at.getDate() === d ? at : null;
}
