// The seeded tenants seen from the load generator: one socket per operator,
// round-robin over the gateway nodes, and each tenant's Telegram webhook as a
// target. Scenarios 1–3 drive the same shape.
import type { LoadClient } from '../load/load-client.ts';
import type { ConnectResult, SocketSpec, WebhookTarget } from '../load/protocol.ts';
import type { SeededTenant } from '../stack/seed-tenants.ts';

export function socketSpecsOf(tenants: SeededTenant[], gatewayUrls: string[]): SocketSpec[] {
  let key = 0;
  return tenants.flatMap((tenant) =>
    tenant.operators.map((operator) => {
      const spec: SocketSpec = {
        key,
        // Round-robin over the nodes: every tenant has sockets on both.
        url: gatewayUrls[key % gatewayUrls.length] as string,
        token: operator.token,
        deviceId: `bench-device-${key}`,
        tenantId: tenant.tenantId,
        operatorId: operator.operatorId,
        seesAll: operator.seesAll,
        queueIds: operator.queueIds,
      };
      key++;
      return spec;
    }),
  );
}

export function webhookTargets(base: string, tenants: SeededTenant[]): WebhookTarget[] {
  return tenants.map((t) => ({
    url: `${base}/webhooks/telegram/${t.webhookToken}`,
    secret: t.webhookSecret,
    tenantId: t.tenantId,
    queueId: t.queueId,
    chatIds: t.chatIds,
  }));
}

/** Opens every socket, or fails the scenario naming why some could not connect. */
export async function connectEvery(load: LoadClient, specs: SocketSpec[], concurrency: number): Promise<ConnectResult> {
  const connect = await load.connect(specs, concurrency);
  if (connect.failed > 0) {
    throw new Error(
      `${connect.failed} of ${specs.length} sockets could not connect: ${JSON.stringify(connect.errors)}`,
    );
  }
  return connect;
}
