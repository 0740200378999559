// A verified webhook's events, stored through the process's group-commit
// batcher (apps/api/src/ingest): resolved once the transaction holding them
// has committed, so the webhook is acknowledged only after its messages are.
import type { InboundEvent } from '@relay/channels';
import type { ChannelAccountRow } from '@relay/db';
import type { IngestResult } from '@relay/inbox';
import type { ResolvedDeps } from '../../deps.ts';
import { createIngestBatcher, type IngestBatcher, type IngestTiming } from '../../ingest/ingest-batcher.ts';

export type { IngestResult };

const batchers = new WeakMap<ResolvedDeps, IngestBatcher>();

/** One batcher per app (per deps). */
function batcherFor(deps: ResolvedDeps): IngestBatcher {
  let batcher = batchers.get(deps);
  if (!batcher) {
    // Two batches at a time (one waits on a round trip while the other works; four made batches
    // smaller and each message dearer under load), never more than half the pool; the embedded
    // database's one connection takes one at a time.
    const concurrency = Math.min(2, Math.floor(deps.sql.options.max / 2));
    batcher = createIngestBatcher(deps, { metrics: deps.metrics.ingestBatch, concurrency });
    batchers.set(deps, batcher);
  }
  return batcher;
}

export function ingest(
  deps: ResolvedDeps,
  account: ChannelAccountRow,
  events: InboundEvent[],
  timing?: IngestTiming,
): Promise<IngestResult> {
  return batcherFor(deps).submit({ account, events }, timing);
}
