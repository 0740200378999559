// How an operator appears to other staff (lists, events) and to themselves.
import type { MeView, OperatorView } from '@relay/contracts';
import type { OperatorRow } from '@relay/db';
import { operatorDto } from '../../auth/issue-tokens.ts';

/** The operator.updated record: the row's Dates, which the event schema turns into ISO text. */
function operatorRecord(op: OperatorRow) {
  return { ...operatorDto(op), lastSeenAt: op.lastSeenAt, createdAt: op.createdAt };
}

/** An operator as the HTTP answers send one (apiRoutes.operators): the same fields, ISO times. */
export function operatorView(op: OperatorRow): OperatorView {
  return {
    ...operatorDto(op),
    lastSeenAt: op.lastSeenAt?.toISOString() ?? null,
    createdAt: op.createdAt.toISOString(),
  };
}

/** The caller's own view: their notification settings too. */
export function meDto(op: OperatorRow): MeView {
  return { ...operatorView(op), settings: op.settings };
}

/** The payload of operator.updated, one shape for every change. */
export function operatorUpdatedPayload(op: OperatorRow) {
  return { operatorId: op.id, availability: op.availability, operator: operatorRecord(op) };
}
