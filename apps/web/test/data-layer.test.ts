// The web's data layer (apps/web/src/data): the query keys the realtime cache
// code and the sections' invalidations rely on, the list helpers mutations
// write back with, and that every request goes through it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { auditLogQueries } from '../src/data/audit-log.ts';
import { autoReplyQueries } from '../src/data/auto-replies.ts';
import { cannedQueries } from '../src/data/canned-responses.ts';
import { channelAccountQueries, withAccount } from '../src/data/channel-accounts.ts';
import { clientQueries } from '../src/data/clients.ts';
import { conversationQueries } from '../src/data/conversations.ts';
import { withItem, withoutItem } from '../src/data/crud.ts';
import { deviceQueries } from '../src/data/devices.ts';
import { meQueries } from '../src/data/me.ts';
import { threadQueries } from '../src/data/messages.ts';
import { operatorQueries } from '../src/data/operators.ts';
import { queueStatsQueries } from '../src/data/queue-stats.ts';
import { queueQueries } from '../src/data/queues.ts';
import { slaQueries } from '../src/data/sla-policies.ts';
import { tagQueries } from '../src/data/tags.ts';
import { tenantQueries } from '../src/data/tenant.ts';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe('query keys', () => {
  it('stay what the realtime cache code and the cached pages were written against', () => {
    expect(conversationQueries.list('mine', { statuses: ['open'] }).queryKey).toEqual([
      'conversations',
      'list',
      'mine',
      { statuses: ['open'] },
    ]);
    expect(conversationQueries.detail('c1').queryKey).toEqual(['conversations', 'detail', 'c1']);
    expect(threadQueries.messages('c1').queryKey).toEqual(['thread', 'c1', 'messages']);
    expect(threadQueries.notes('c1').queryKey).toEqual(['thread', 'c1', 'notes']);
    expect(operatorQueries.all().queryKey).toEqual(['operators']);
    expect(meQueries.me().queryKey).toEqual(['me']);
    expect(clientQueries.detail('k1').queryKey).toEqual(['clients', 'detail', 'k1']);
    expect(tagQueries.all().queryKey).toEqual(['tags']);
    expect(cannedQueries.all().queryKey).toEqual(['canned-responses']);
    expect(queueQueries.all().queryKey).toEqual(['queues']);
    expect(slaQueries.list().queryKey).toEqual(['sla-policies', 'list']);
    expect(slaQueries.names().queryKey).toEqual(['sla-policies', 'names']);
    expect(autoReplyQueries.all().queryKey).toEqual(['auto-replies']);
    expect(channelAccountQueries.all().queryKey).toEqual(['channel-accounts']);
    expect(deviceQueries.mine().queryKey).toEqual(['devices']);
    expect(tenantQueries.current().queryKey).toEqual(['tenant']);
    expect(auditLogQueries.list().queryKey).toEqual(['audit-log', 'list']);
    expect(queueStatsQueries.stats().queryKey).toEqual(['queue-stats', 'live']);
  });

  it('put every SLA view under one prefix, so a policy change refreshes the queue pickers too', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(slaQueries.list().queryKey, { items: [] });
    queryClient.setQueryData(slaQueries.names().queryKey, { items: [] });
    queryClient.setQueryData(queueQueries.all().queryKey, { items: [] });
    void queryClient.invalidateQueries({ queryKey: slaQueries.all() });
    const invalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;
    expect(invalidated(slaQueries.list().queryKey)).toBe(true);
    expect(invalidated(slaQueries.names().queryKey)).toBe(true);
    expect(invalidated(queueQueries.all().queryKey)).toBe(false);
  });

  it('put every filtered inbox list under lists(), and details beside them', () => {
    const queryClient = new QueryClient();
    const mine = conversationQueries.list('mine', { statuses: ['open'] }).queryKey;
    const all = conversationQueries.list('all').queryKey;
    queryClient.setQueryData(mine, { pages: [], pageParams: [] });
    queryClient.setQueryData(all, { pages: [], pageParams: [] });
    queryClient.setQueryData(conversationQueries.detail('c1').queryKey, undefined);
    void queryClient.invalidateQueries({ queryKey: conversationQueries.lists() });
    expect(queryClient.getQueryState(mine)?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(all)?.isInvalidated).toBe(true);
  });
});

describe('list helpers', () => {
  const a = { id: 'a', name: 'A' };
  const b = { id: 'b', name: 'B' };

  it('withItem appends a new row and replaces an existing one in place', () => {
    expect(withItem({ items: [a] }, b)).toEqual({ items: [a, b] });
    expect(withItem({ items: [a, b] }, { id: 'a', name: 'A2' })).toEqual({ items: [{ id: 'a', name: 'A2' }, b] });
    expect(withItem(undefined, a)).toBeUndefined();
  });

  it('withoutItem drops the row by id and leaves an absent list absent', () => {
    expect(withoutItem({ items: [a, b] }, 'a')).toEqual({ items: [b] });
    expect(withoutItem(undefined, 'a')).toBeUndefined();
  });

  it('withAccount never keeps a created account’s secret in the cache', () => {
    const created = {
      id: 'x',
      channel: 'telegram' as const,
      name: 'Support',
      externalAccountId: '1',
      queueId: null,
      isActive: true,
      hasCredentials: true,
      lastWebhookAt: null,
      errorCount: 0,
      lastError: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      webhookUrl: 'https://example.test/hook',
      secret: 'shh',
    };
    const stored = withAccount({ items: [] }, created)?.items[0];
    expect(stored).toMatchObject({ id: 'x', webhookUrl: 'https://example.test/hook' });
    expect(stored).not.toHaveProperty('secret');
  });
});

describe('requests', () => {
  // Every route is called by its contract: call(apiRoutes.…).
  const CALLS_API = /\bcall\s*(<[^>]*>)?\s*\(/;
  const files = sources(SRC).map((file) => relative(SRC, file).split('\\').join('/'));
  const inDataLayer = (path: string) => /^(data|lib)\//.test(path);

  it('go through apps/web/src/data: no feature calls call() itself', () => {
    // The pattern does find the calls: the data modules are full of them.
    expect(
      files.filter((path) => path.startsWith('data/') && CALLS_API.test(readFileSync(join(SRC, path), 'utf8'))),
    ).not.toHaveLength(0);
    const offending = files
      .filter((path) => !inDataLayer(path))
      .filter((path) => CALLS_API.test(readFileSync(join(SRC, path), 'utf8')));
    expect(offending).toEqual([]);
  });
});
