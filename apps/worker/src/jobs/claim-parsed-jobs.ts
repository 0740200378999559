// Owns claiming jobs with their payloads parsed: each claimed row's payload
// goes through its kind's schema from @relay/contracts. A payload that does
// not parse can never run (no later attempt changes it), so it is
// dead-lettered at once, its zod issues kept in last_error, and the loops only
// ever see typed payloads.
import { type JobKind, type JobPayload, jobPayloads } from '@relay/contracts';
import { buryJob, claimJobs, type JobRow } from '@relay/db';
import type { WorkerDeps } from '../deps.ts';

export type ClaimedJob<K extends JobKind> = Omit<JobRow, 'kind' | 'payload'> & { kind: K; payload: JobPayload<K> };

/** last_error is text for people and scripts alike: a prefix to filter on, then the issues as JSON. */
export const INVALID_PAYLOAD = 'invalid_payload';
const MAX_REASON_CHARS = 2000;

export function invalidPayloadReason(
  issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[],
): string {
  const shown = issues.map(({ path, code, message }) => ({ path: path.map(String), code, message }));
  return `${INVALID_PAYLOAD}: ${JSON.stringify(shown)}`.slice(0, MAX_REASON_CHARS);
}

export async function claimParsedJobs<K extends JobKind>(
  deps: Pick<WorkerDeps, 'sql' | 'logger' | 'metrics'>,
  kind: K,
  opts: { limit: number; leaseSeconds: number; workerId: string },
): Promise<{ jobs: ClaimedJob<K>[]; claimed: number }> {
  const rows = await claimJobs(deps.sql, { kinds: [kind], ...opts });
  const jobs: ClaimedJob<K>[] = [];
  for (const row of rows) {
    const parsed = jobPayloads[kind].safeParse(row.payload);
    if (parsed.success) {
      jobs.push({ ...row, kind, payload: parsed.data as JobPayload<K> });
      continue;
    }
    const reason = invalidPayloadReason(parsed.error.issues);
    await buryJob(deps.sql, row, reason);
    deps.metrics.jobs.inc({ kind, outcome: INVALID_PAYLOAD });
    deps.logger.error(
      { jobId: row.id, tenantId: row.tenantId, kind, reason },
      'job payload does not parse; dead-lettered',
    );
  }
  return { jobs, claimed: rows.length };
}
