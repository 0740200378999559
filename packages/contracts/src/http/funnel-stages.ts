import { z } from 'zod';

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
