import { z } from 'zod';
import { channelKind } from '../enums.ts';
import { isoTime } from './iso-time.ts';

// The database keeps seconds (chat SLAs are often under a minute); minutes
// are accepted on input for people who think in them. Either key of a pair,
// never both: two values that disagree would have to be silently resolved.
const MAX_SECONDS = 366 * 24 * 3600;
const seconds = z.number().int().min(1).max(MAX_SECONDS);
const minutes = z
  .number()
  .positive()
  .max(MAX_SECONDS / 60)
  .refine((value) => Math.round(value * 60) >= 1, 'less than a second');

function isTimeZone(name: string): boolean {
  // An offset like "+03:00" is accepted by newer engines but is not a place: no DST rules.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const time = z.string().regex(TIME, 'a time is HH:MM, from 00:00 to 24:00');
const interval = z
  .tuple([time, time])
  // Only two well-formed times are compared; a malformed one has its own issue.
  .refine(
    ([from, to]) => !TIME.test(from) || !TIME.test(to) || from < to,
    'an interval ends after it starts, within the day',
  );
const daySchedule = z
  .array(interval)
  .max(12)
  .superRefine((intervals, ctx) => {
    const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (let i = 1; i < sorted.length; i++) {
      if ((sorted[i]?.[0] ?? '') < (sorted[i - 1]?.[1] ?? '')) {
        ctx.addIssue({ code: 'custom', message: 'intervals of one day must not overlap' });
        return;
      }
    }
  });

/** The SLA clock runs only inside these hours; a day left out is closed. */
export const businessHours = z.object({
  timezone: z.string().max(100).refine(isTimeZone, 'not an IANA time zone name, e.g. Europe/Moscow'),
  days: z.strictObject({
    mon: daySchedule.optional(),
    tue: daySchedule.optional(),
    wed: daySchedule.optional(),
    thu: daySchedule.optional(),
    fri: daySchedule.optional(),
    sat: daySchedule.optional(),
    sun: daySchedule.optional(),
  }),
});
export type BusinessHours = z.infer<typeof businessHours>;

/** Which conversations the policy applies to. Unknown keys are refused: a typo must not widen a policy. */
export const slaConditions = z.strictObject({
  channels: z.array(channelKind).max(channelKind.options.length).optional(),
  queueIds: z.array(z.uuid()).max(100).optional(),
  priorityAtLeast: z.number().int().min(0).max(3).optional(),
});

const PAIRS = [
  ['firstResponseSeconds', 'firstResponseMinutes'],
  ['resolutionSeconds', 'resolutionMinutes'],
] as const;

type Targets = {
  firstResponseSeconds?: number | null | undefined;
  firstResponseMinutes?: number | null | undefined;
  resolutionSeconds?: number | null | undefined;
  resolutionMinutes?: number | null | undefined;
};

function checkPairs(required: boolean) {
  return (body: Targets, ctx: z.core.$RefinementCtx<Targets>) => {
    for (const [inSeconds, inMinutes] of PAIRS) {
      const given = [inSeconds, inMinutes].filter((key) => body[key] !== undefined);
      if (given.length > 1) {
        ctx.addIssue({ code: 'custom', path: [inMinutes], message: `give ${inSeconds} or ${inMinutes}, not both` });
      } else if (required && given.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: [inSeconds],
          message: `give ${inSeconds} or ${inMinutes} (null: no target)`,
        });
      }
    }
  };
}

/** Seconds from whichever key of the pair was given; undefined when neither. */
function toSeconds(inSeconds: number | null | undefined, inMinutes: number | null | undefined) {
  if (inSeconds !== undefined) return inSeconds;
  if (inMinutes === undefined || inMinutes === null) return inMinutes;
  return Math.round(inMinutes * 60);
}

const targets = {
  firstResponseSeconds: seconds.nullable().optional(),
  firstResponseMinutes: minutes.nullable().optional(),
  resolutionSeconds: seconds.nullable().optional(),
  resolutionMinutes: minutes.nullable().optional(),
};
const name = z.string().trim().min(1).max(200);
const warnAtPercent = z.number().int().min(1).max(99);

export const createSlaPolicyBody = z
  .object({
    name,
    ...targets,
    warnAtPercent: warnAtPercent.default(80),
    businessHours: businessHours.nullable().default(null),
    conditions: slaConditions.default({}),
    isDefault: z.boolean().default(false),
  })
  .superRefine(checkPairs(true))
  .transform(({ firstResponseMinutes, resolutionMinutes, ...body }) => ({
    ...body,
    firstResponseSeconds: toSeconds(body.firstResponseSeconds, firstResponseMinutes) ?? null,
    resolutionSeconds: toSeconds(body.resolutionSeconds, resolutionMinutes) ?? null,
  }));
export type CreateSlaPolicyBody = z.infer<typeof createSlaPolicyBody>;

export const patchSlaPolicyBody = z
  .object({
    name: name.optional(),
    ...targets,
    warnAtPercent: warnAtPercent.optional(),
    businessHours: businessHours.nullable().optional(),
    conditions: slaConditions.optional(),
    isDefault: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change')
  .superRefine(checkPairs(false))
  .transform(({ firstResponseMinutes, resolutionMinutes, ...body }) => ({
    ...body,
    firstResponseSeconds: toSeconds(body.firstResponseSeconds, firstResponseMinutes),
    resolutionSeconds: toSeconds(body.resolutionSeconds, resolutionMinutes),
  }));
export type PatchSlaPolicyBody = z.infer<typeof patchSlaPolicyBody>;

/** An SLA policy as the API sends it: targets in seconds, and the same in minutes (null: no target). */
export const slaPolicy = z.object({
  id: z.uuid(),
  name: z.string(),
  firstResponseSeconds: z.number().int().nullable(),
  resolutionSeconds: z.number().int().nullable(),
  firstResponseMinutes: z.number().nullable(),
  resolutionMinutes: z.number().nullable(),
  warnAtPercent: z.number().int(),
  businessHours: businessHours.nullable(),
  conditions: slaConditions,
  isDefault: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type SlaPolicy = z.infer<typeof slaPolicy>;

export const slaPolicyList = z.object({ items: z.array(slaPolicy) });
