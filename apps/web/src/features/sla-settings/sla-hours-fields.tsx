'use client';
// The business hours part of the SLA form: off (the clock always runs) or a
// time zone and, per weekday, the open intervals typed as "09:00-18:00"
// (several comma-separated; empty means closed that day).
import type { BusinessHours } from '@relay/contracts';
import { useId } from 'react';
import { Field, ui } from '../admin/ui/admin-ui.tsx';
import { issueUnder } from '../admin/ui/form-issues.ts';
import styles from './sla-admin.module.css';
import { formatIntervals, parseIntervals, WEEK, WEEKDAY_LABELS, type Weekday } from './sla-duration.ts';

export type HoursDraft = { enabled: boolean; timezone: string; days: Record<Weekday, string> };

const WORKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

export function hoursDraftOf(hours: BusinessHours | null): HoursDraft {
  const days = Object.fromEntries(WEEK.map((day) => [day, formatIntervals(hours?.days[day])])) as Record<
    Weekday,
    string
  >;
  if (!hours) {
    for (const day of WORKDAYS) days[day] = '09:00-18:00';
  }
  return { enabled: hours !== null, timezone: hours?.timezone ?? browserTimeZone(), days };
}

export function businessHoursOf(draft: HoursDraft): BusinessHours | null {
  if (!draft.enabled) return null;
  const days: BusinessHours['days'] = {};
  for (const day of WEEK) {
    const intervals = parseIntervals(draft.days[day]);
    if (intervals.length > 0) days[day] = intervals;
  }
  return { timezone: draft.timezone.trim(), days };
}

export function HoursFields({
  draft,
  onChange,
  error,
}: {
  draft: HoursDraft;
  onChange: (next: HoursDraft) => void;
  error: unknown;
}) {
  const zonesId = useId();
  const setDay = (day: Weekday, text: string) => onChange({ ...draft, days: { ...draft.days, [day]: text } });
  return (
    <fieldset className={styles.fieldset}>
      <legend className={ui.label}>Business hours</legend>
      <label className={ui.check}>
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(event) => onChange({ ...draft, enabled: event.target.checked })}
        />
        Count only time within business hours
      </label>
      {!draft.enabled ? (
        <p className={ui.muted}>The SLA clock runs around the clock.</p>
      ) : (
        <>
          <div className={styles.hoursTop}>
            <Field
              label="Time zone"
              error={issueUnder(error, 'businessHours.timezone')}
              hint="IANA name, e.g. Europe/Moscow"
            >
              <input
                list={zonesId}
                value={draft.timezone}
                onChange={(event) => onChange({ ...draft, timezone: event.target.value })}
                required
                spellCheck={false}
              />
            </Field>
            <datalist id={zonesId}>
              {timeZones().map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </div>
          <div className={styles.days}>
            {WEEK.map((day) => (
              <Field key={day} label={WEEKDAY_LABELS[day]} error={issueUnder(error, `businessHours.days.${day}`)}>
                <input
                  value={draft.days[day]}
                  onChange={(event) => setDay(day, event.target.value)}
                  placeholder="Closed"
                  spellCheck={false}
                />
              </Field>
            ))}
          </div>
          <p className={ui.muted}>Hours as HH:MM-HH:MM, several separated by commas; leave a day empty when closed.</p>
          {issueUnder(error, 'businessHours.days') &&
            !WEEK.some((day) => issueUnder(error, `businessHours.days.${day}`)) && (
              <p className={ui.error} role="alert">
                {issueUnder(error, 'businessHours.days')}
              </p>
            )}
        </>
      )}
    </fieldset>
  );
}
