import { z } from 'zod';
import { isoTime } from './iso-time.ts';

const stageName = z.string().trim().min(1).max(200);
const position = z.number().int().min(0).max(10_000);

export const createFunnelStageBody = z.object({
  name: stageName,
  /** Absent: after the last stage. */
  position: position.optional(),
  /** A final stage ends the funnel (won, lost). */
  isFinal: z.boolean().default(false),
});
export type CreateFunnelStageBody = z.infer<typeof createFunnelStageBody>;

export const patchFunnelStageBody = z
  .object({ name: stageName.optional(), position: position.optional(), isFinal: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type PatchFunnelStageBody = z.infer<typeof patchFunnelStageBody>;

/** A funnel stage as the API sends it. */
export const funnelStage = z.object({
  id: z.uuid(),
  name: z.string(),
  position: z.number().int(),
  isFinal: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type FunnelStage = z.infer<typeof funnelStage>;

/** In position order. */
export const funnelStageList = z.object({ items: z.array(funnelStage) });
