// How an operator appears to other staff (lists, events) and to themselves.
import type { OperatorRow } from '@relay/db';
import { operatorDto } from '../../auth/issue-tokens.ts';

export function operatorListDto(op: OperatorRow) {
  return { ...operatorDto(op), lastSeenAt: op.lastSeenAt, createdAt: op.createdAt };
}

/** The caller's own view: their notification settings too. */
export function meDto(op: OperatorRow) {
  return { ...operatorListDto(op), settings: op.settings };
}

/** The payload of operator.updated, one shape for every change. */
export function operatorUpdatedPayload(op: OperatorRow) {
  return { operatorId: op.id, availability: op.availability, operator: operatorListDto(op) };
}
