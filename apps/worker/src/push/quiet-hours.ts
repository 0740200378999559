// Whether an operator asked not to be disturbed right now: muted, or inside
// their quiet hours (HH:MM to HH:MM in their time zone; an overnight window
// like 22:00–07:00 wraps midnight). Settings come from PATCH /me, validated
// there; anything malformed here counts as "not set" rather than silencing.

export type DoNotDisturb = 'muted' | 'quiet_hours' | null;

type QuietHours = { from: string; to: string; timezone: string };

function isQuietHours(value: unknown): value is QuietHours {
  if (!value || typeof value !== 'object') return false;
  const q = value as Record<string, unknown>;
  return typeof q.from === 'string' && typeof q.to === 'string' && typeof q.timezone === 'string';
}

/** Minutes since local midnight in the time zone, or null for an unknown zone. */
function localMinutes(at: Date, timeZone: string): number | null {
  try {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(at)
        .map((part) => [part.type, part.value]),
    );
    return Number(parts.hour) * 60 + Number(parts.minute);
  } catch {
    return null;
  }
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function doNotDisturb(settings: Record<string, unknown>, at: Date): DoNotDisturb {
  if (settings.muted === true) return 'muted';
  const quiet = settings.quietHours;
  if (!isQuietHours(quiet)) return null;
  const now = localMinutes(at, quiet.timezone);
  if (now === null) return null;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return null;
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  return inside ? 'quiet_hours' : null;
}
