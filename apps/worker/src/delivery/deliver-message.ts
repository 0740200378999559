// One delivery job: send the message through its channel, then record the
// outcome — sent, retry later, or failed for good — with its event.
import { DeliveryError } from '@relay/channels';
import {
  buryJob,
  completeJob,
  type DELIVER_MESSAGE_JOB,
  loadDeliveryContext,
  moveMessageStatus,
  recordChannelError,
  retryJob,
} from '@relay/db';
import { writeWithEvents } from '@relay/realtime';
import type { WorkerDeps } from '../deps.ts';
import type { ClaimedJob } from '../jobs/claim-parsed-jobs.ts';
import { retryDelayMs } from './backoff.ts';
import { sendThroughChannel } from './send-through-channel.ts';

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'skipped';

function audienceOf(ctx: { queueId: string | null; assignedOperatorId: string | null }) {
  return { queueId: ctx.queueId, operatorIds: ctx.assignedOperatorId ? [ctx.assignedOperatorId] : [] };
}

export async function deliverMessage(
  deps: WorkerDeps,
  job: ClaimedJob<typeof DELIVER_MESSAGE_JOB>,
): Promise<{ channel: string; outcome: DeliveryOutcome }> {
  const { messageId } = job.payload;
  const ctx = await loadDeliveryContext(deps.sql, job.tenantId, messageId);
  if (ctx?.message.status !== 'pending') {
    await completeJob(deps.sql, job);
    return { channel: ctx?.account.channel ?? 'unknown', outcome: 'skipped' };
  }

  let failure: DeliveryError;
  try {
    const { externalMessageId } = await sendThroughChannel(ctx, deps.config, deps.egress);
    await writeWithEvents(deps, job.tenantId, async (tx, emit) => {
      const moved = await moveMessageStatus(tx, job.tenantId, messageId, 'sent', { externalMessageId });
      await completeJob(tx, job);
      if (moved) {
        await emit({
          type: 'message.updated',
          conversationId: ctx.message.conversationId,
          audience: audienceOf(ctx),
          payload: { conversationId: ctx.message.conversationId, messageId, status: 'sent', externalMessageId },
        });
      }
    });
    return { channel: ctx.account.channel, outcome: 'sent' };
  } catch (error) {
    failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError({
            message: `unexpected: ${(error as Error).message}`,
            status: null,
            retryable: true,
            cause: error,
          });
  }

  if (failure.retryable && job.attempts < job.maxAttempts) {
    const delay = retryDelayMs(job.attempts, failure.retryAfterMs);
    await retryJob(deps.sql, job, new Date(Date.now() + delay), failure.message);
    deps.logger.warn({ jobId: job.id, attempt: job.attempts, delay, err: failure.message }, 'delivery will be retried');
    return { channel: ctx.account.channel, outcome: 'retry' };
  }

  await writeWithEvents(deps, job.tenantId, async (tx, emit) => {
    const moved = await moveMessageStatus(tx, job.tenantId, messageId, 'failed', { error: failure.message });
    await buryJob(tx, job, failure.message);
    await recordChannelError(tx, job.tenantId, ctx.account.id, failure.message);
    if (moved) {
      await emit({
        type: 'message.updated',
        conversationId: ctx.message.conversationId,
        audience: audienceOf(ctx),
        payload: { conversationId: ctx.message.conversationId, messageId, status: 'failed', error: failure.message },
      });
    }
  });
  deps.logger.warn({ jobId: job.id, attempts: job.attempts, err: failure.message }, 'delivery failed for good');
  return { channel: ctx.account.channel, outcome: 'failed' };
}
