// Do-not-disturb from an operator's notification settings: muted, or inside
// quiet hours in their own time zone, including windows that wrap midnight.
import { describe, expect, it } from 'vitest';
import { doNotDisturb } from '../src/push/quiet-hours.ts';

const at = (iso: string) => new Date(iso);

describe('doNotDisturb', () => {
  it('is muted whatever the hour', () => {
    expect(doNotDisturb({ muted: true }, at('2026-11-22T12:00:00Z'))).toBe('muted');
    expect(doNotDisturb({ muted: false }, at('2026-11-22T12:00:00Z'))).toBeNull();
  });

  it('keeps quiet inside a same-day window, in the operator’s time zone', () => {
    const settings = { quietHours: { from: '13:00', to: '15:00', timezone: 'Europe/Moscow' } };
    // 10:30 UTC is 13:30 in Moscow (UTC+3).
    expect(doNotDisturb(settings, at('2026-11-22T10:30:00Z'))).toBe('quiet_hours');
    expect(doNotDisturb(settings, at('2026-11-22T14:00:00Z'))).toBeNull();
    // The window's end is open: 15:00 sharp is not quiet any more.
    expect(doNotDisturb(settings, at('2026-11-22T12:00:00Z'))).toBeNull();
    expect(doNotDisturb(settings, at('2026-11-22T09:59:00Z'))).toBeNull();
  });

  it('wraps midnight for an overnight window', () => {
    const settings = { quietHours: { from: '22:00', to: '07:00', timezone: 'UTC' } };
    expect(doNotDisturb(settings, at('2026-11-22T23:30:00Z'))).toBe('quiet_hours');
    expect(doNotDisturb(settings, at('2026-11-22T03:00:00Z'))).toBe('quiet_hours');
    expect(doNotDisturb(settings, at('2026-11-22T07:00:00Z'))).toBeNull();
    expect(doNotDisturb(settings, at('2026-11-22T21:59:00Z'))).toBeNull();
  });

  it('treats malformed settings as not set rather than silencing the operator', () => {
    expect(doNotDisturb({ quietHours: { from: '22:00', to: '07:00', timezone: 'Not/AZone' } }, new Date())).toBeNull();
    expect(doNotDisturb({ quietHours: 'always' }, new Date())).toBeNull();
    expect(doNotDisturb({ quietHours: { from: '10:00', to: '10:00', timezone: 'UTC' } }, new Date())).toBeNull();
    expect(doNotDisturb({}, new Date())).toBeNull();
  });
});
