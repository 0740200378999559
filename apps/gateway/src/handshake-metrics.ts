// Counts refused handshakes by their connect_error code, around each
// handshake step, without the steps knowing (accepted ones are counted on
// connection, in gateway.ts).
import type { GatewayMetrics } from '@relay/metrics';
import type { ExtendedError } from 'socket.io';
import type { GatewaySocket } from './types.ts';

type Step = (socket: GatewaySocket, next: (error?: ExtendedError) => void) => unknown;

export function countRefusals(step: Step, metrics: GatewayMetrics): Step {
  return (socket, next) =>
    step(socket, (error) => {
      if (error) countRefusal(metrics, (error.data as { code?: unknown } | undefined)?.code);
      next(error);
    });
}

export function countRefusal(metrics: GatewayMetrics, code: unknown): void {
  metrics.handshakes.inc({ outcome: 'refused' });
  metrics.handshakeRefusals.inc({ code: typeof code === 'string' ? code : 'unknown' });
}
