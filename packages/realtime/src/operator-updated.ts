// The payload of an `operator.updated` event, for writers outside the API (the
// gateway's presence:set). The same shape the API's operator routes emit.
import type { OperatorRow } from '@relay/db';

export function operatorUpdatedPayload(op: OperatorRow) {
  return {
    operatorId: op.id,
    availability: op.availability,
    operator: {
      id: op.id,
      tenantId: op.tenantId,
      email: op.email,
      name: op.name,
      role: op.role,
      availability: op.availability,
      capacity: op.capacity,
      isActive: op.isActive,
      lastSeenAt: op.lastSeenAt,
      createdAt: op.createdAt,
    },
  };
}
