// Who gets the next conversation of a queue, decided in memory over the
// candidates the routing transaction locked. Both modes walk the members in
// one stable order (by id), starting after the queue's cursor (the operator
// who got the last one), so the order survives restarts and several workers.
import type { RoutingCandidate } from '@relay/db';

export type RoutedMode = 'round_robin' | 'least_loaded';

/** The candidates in id order, rotated to start right after the cursor. */
function afterCursor(candidates: RoutingCandidate[], cursor: string | null): RoutingCandidate[] {
  const ordered = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (cursor === null) return ordered;
  const start = ordered.findIndex((candidate) => candidate.id > cursor);
  return start <= 0 ? ordered : [...ordered.slice(start), ...ordered.slice(0, start)];
}

/**
 * round_robin: the next one after the cursor who has room. least_loaded: the
 * one with the fewest open conversations; ties go round-robin, so equal
 * operators take turns instead of the first by id getting every tie.
 * Undefined when everybody is full. The caller counts the new load and moves the cursor.
 */
export function pickOperator(
  mode: RoutedMode,
  candidates: RoutingCandidate[],
  cursor: string | null,
): RoutingCandidate | undefined {
  const withRoom = afterCursor(candidates, cursor).filter((candidate) => candidate.load < candidate.capacity);
  if (mode === 'round_robin') return withRoom[0];
  let best: RoutingCandidate | undefined;
  for (const candidate of withRoom) if (!best || candidate.load < best.load) best = candidate;
  return best;
}
