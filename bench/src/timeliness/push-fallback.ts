// Scenario 7, push: operators who chose to be online in the queue have a phone
// registered (an FCM token) and no open socket, so nothing acks the events and
// every new inbound message must reach each phone once the grace has passed.
// Timed from the webhook's answer (the message is committed) to the FCM
// stand-in receiving the send, both on this process's clock.

import { encodeHistogram, newHistogram, recordMs, summarize } from '../load/latency.ts';
import type { LatencySummary } from '../load/protocol.ts';
import { markerText, telegramTextUpdate } from '../load/telegram-update.ts';
import { progress } from '../progress.ts';
import type { ScenarioContext } from '../scenario.ts';
import { seedTenants } from '../stack/seed-tenants.ts';

/** After the last webhook was answered and the grace passed, how long a push may still come before it counts as lost. */
const LATE_LIMIT_MS = 10_000;

export type PushOutcome = {
  webhooks: number;
  expected: number;
  received: number;
  duplicated: number;
  unexpected: number;
  failedRequests: number;
  latency: LatencySummary;
  histogram: string;
};

async function call(method: string, url: string, headers: Record<string, string>, body: unknown): Promise<number> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  }).catch(() => undefined);
  await res?.arrayBuffer();
  return res?.status ?? -1;
}

export async function measurePushFallback({ stack, sizes }: ScenarioContext): Promise<PushOutcome> {
  const m = sizes.pushMessages;
  const [tenant] = await seedTenants(stack.sql, stack.config, {
    name: 'push',
    tenants: 1,
    operatorsPerTenant: 2 + 2 * sizes.pushDevices,
    chatsPerTenant: m,
  });
  if (!tenant) throw new Error('no tenant seeded');
  const phones = tenant.operators
    .filter((o) => o.role === 'operator' && o.queueIds.length > 0)
    .slice(0, sizes.pushDevices);
  const tokens = new Set<string>();
  for (const [k, operator] of phones.entries()) {
    const auth = { authorization: `Bearer ${operator.token}` };
    const token = `bench-${tenant.slug}-phone-${k}`;
    const online = await call('PATCH', `${stack.apiUrl}/api/v1/me`, auth, { availability: 'online' });
    const device = await call('PUT', `${stack.apiUrl}/api/v1/devices/bench-phone-${k}`, auth, {
      deviceType: 'mobile',
      platform: 'android',
      fcmToken: token,
    });
    if (online !== 200 || device !== 200) throw new Error(`registering phone ${k} answered ${online} / ${device}`);
    tokens.add(token);
  }

  progress(`sla-push: ${m} webhooks over ${sizes.pushSpreadMs / 1000} s to ${phones.length} phones without a socket`);
  // Open loop, one new chat each: webhook n is sent at start + n × interval whatever the ones before did.
  const answeredAt = new Map<string, number>();
  let failedRequests = 0;
  const start = Date.now() + 100;
  await Promise.all(
    tenant.chatIds.map(async (chatId, n) => {
      await new Promise((resolve) => setTimeout(resolve, start + (n * sizes.pushSpreadMs) / m - Date.now()));
      const status = await call(
        'POST',
        `${stack.apiUrl}/webhooks/telegram/${tenant.webhookToken}`,
        { 'x-telegram-bot-api-secret-token': tenant.webhookSecret },
        telegramTextUpdate(chatId, n + 1, markerText('push', n)),
      );
      if (status === 200) answeredAt.set(String(chatId), Date.now());
      else failedRequests++;
    }),
  );
  const expected = answeredAt.size * phones.length;
  const mine = () => stack.push.fcm.requests.filter((r) => r.message.data?.tenantId === tenant.tenantId);
  const deadline = Math.max(...answeredAt.values(), Date.now()) + stack.config.push.graceMs + LATE_LIMIT_MS;
  while (Date.now() < deadline && mine().length < expected) await new Promise((resolve) => setTimeout(resolve, 100));
  stack.assertAlive();

  const chatOf = new Map(
    (
      await stack.sql<{ id: string; externalChatId: string }[]>`
        select id, external_chat_id from conversations where tenant_id = ${tenant.tenantId}`
    ).map((row) => [row.id, row.externalChatId]),
  );
  const histogram = newHistogram();
  const seen = new Set<string>();
  let duplicated = 0;
  let unexpected = 0;
  for (const request of mine()) {
    const data = request.message.data ?? {};
    const answered = answeredAt.get(chatOf.get(data.conversationId ?? '') ?? '');
    if (answered === undefined || !tokens.has(request.token) || data.type !== 'message.created') {
      unexpected++;
      continue;
    }
    const key = `${data.conversationId} ${request.token}`;
    if (seen.has(key)) {
      duplicated++;
      continue;
    }
    seen.add(key);
    recordMs(histogram, request.at - answered);
  }
  return {
    webhooks: m,
    expected,
    received: seen.size,
    duplicated,
    unexpected,
    failedRequests,
    latency: summarize(histogram),
    histogram: encodeHistogram(histogram),
  };
}
