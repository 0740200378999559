// Owns the webhook account lookup of the API process: the account behind a
// webhook token and whether its workspace is open, read from PostgreSQL once
// and then served from memory. Every writer of a channel account (or of what
// the lookup joins in, the tenant's status) reports the change after its
// commit; the entries go at once here and, through Redis pub/sub, in every
// other API process before the writer answers. The TTL is only a backstop for
// a change whose message was lost (Redis down) or made outside the API.
// "Not found" is cached too, briefly and in a map of its own, so a flood to a
// bad token neither reaches the database each time nor evicts real accounts.
import { randomUUID } from 'node:crypto';
import { type ChannelAccountRow, findWebhookAccount, type Sql } from '@relay/db';
import { WEBHOOK_TOUCH_EVERY_MS } from '@relay/inbox';
import type { Logger } from '@relay/logger';
import { duplicateRedisClient } from '@relay/realtime';
import type { Redis } from 'ioredis';
import { z } from 'zod';

export type WebhookAccount = { account: ChannelAccountRow; tenantOpen: boolean };
export type WebhookAccountLookup = (sql: Sql, token: string) => Promise<WebhookAccount | undefined>;

/** What changed: a whole tenant (its status, or accounts moved in bulk), or one account of it. */
export const webhookAccountChange = z.object({
  tenantId: z.uuid(),
  accountId: z.uuid().optional(),
  token: z.string().max(200).optional(),
  /** Set by the sender, which waits to hear its own message back. */
  nonce: z.string().max(64).optional(),
});
export type WebhookAccountChange = z.infer<typeof webhookAccountChange>;

export type WebhookAccounts = {
  find(token: string): Promise<WebhookAccount | undefined>;
  /** After the commit that changed it: dropped here and in every other process before this resolves. */
  changed(change: WebhookAccountChange): Promise<void>;
  /** A webhook of this token was ingested; started: when its ingest began. */
  ingested(token: string, started: Date): void;
  close(): Promise<void>;
  /** Resolves once changes from other processes are heard (at once without Redis). */
  ready: Promise<void>;
};

/** The database every time: processes that were not given a cache. */
export function uncachedWebhookAccounts(sql: Sql, lookup: WebhookAccountLookup = findWebhookAccount): WebhookAccounts {
  return {
    find: (token) => lookup(sql, token),
    changed: async () => {},
    ingested: () => {},
    close: async () => {},
    ready: Promise.resolve(),
  };
}

export type WebhookAccountCacheOptions = {
  sql: Sql;
  /** Absent (standalone, one process): changes are applied in this process only. */
  redis?: Redis | undefined;
  logger: Logger;
  lookup?: WebhookAccountLookup;
  ttlMs?: number;
  notFoundTtlMs?: number;
  /** Accounts kept; the least recently used go first. */
  max?: number;
  maxNotFound?: number;
  /** The pub/sub channel (tests use one of their own). */
  channel?: string;
};

export const WEBHOOK_ACCOUNTS_CHANNEL = 'relay:webhook-accounts:changed';

// ingestInbound stamps last_webhook_at when the account it is handed says the
// last stamp is WEBHOOK_TOUCH_EVERY_MS old; the cached copy's stamp follows the
// same rule, so a hot account is still stamped every few seconds, not on every webhook.

/** The longest a writer waits to hear its change back (a healthy Redis takes a millisecond); past it the TTL covers. */
const ECHO_WAIT_MS = 250;

type Entry<T> = { value: T; expiresAt: number };

/** A Map in recency order: a hit moves to the end, the oldest goes first when full. */
class Lru<T> {
  private readonly entries = new Map<string, Entry<T>>();
  constructor(private readonly max: number) {}

  get(key: string, now: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }
  set(key: string, value: T, expiresAt: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }
  update(key: string, value: T): void {
    const entry = this.entries.get(key);
    if (entry) entry.value = value;
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
  clear(): void {
    this.entries.clear();
  }
  deleteWhere(test: (value: T) => boolean): void {
    for (const [key, entry] of this.entries) if (test(entry.value)) this.entries.delete(key);
  }
}

export function createWebhookAccountCache(options: WebhookAccountCacheOptions): WebhookAccounts {
  const { sql, redis, logger } = options;
  const lookup = options.lookup ?? findWebhookAccount;
  const ttlMs = options.ttlMs ?? 30_000;
  const notFoundTtlMs = options.notFoundTtlMs ?? 5_000;
  const channel = options.channel ?? WEBHOOK_ACCOUNTS_CHANNEL;
  const found = new Lru<WebhookAccount>(options.max ?? 10_000);
  const missing = new Lru<true>(options.maxNotFound ?? 1_000);
  const reading = new Map<string, Promise<WebhookAccount | undefined>>();
  // Bumped by every change: a read that began before one is answered but not kept.
  let generation = 0;

  const drop = (change: WebhookAccountChange) => {
    generation += 1;
    reading.clear();
    if (change.token) {
      found.delete(change.token);
      missing.delete(change.token);
    }
    found.deleteWhere(
      ({ account }) =>
        account.tenantId === change.tenantId && (change.accountId === undefined || account.id === change.accountId),
    );
  };

  // With Redis, entries are kept only while changes can be heard: a change
  // published while the subscriber was away is lost, so it starts empty again.
  let listening = !redis;
  // Senders waiting for their own message to come back (see changed()).
  const echoes = new Map<string, () => void>();
  const subscriber = redis
    ? duplicateRedisClient(redis, { name: 'api-webhook-accounts-sub', logger, profile: 'subscriber' })
    : undefined;
  let ready = Promise.resolve();
  if (subscriber) {
    subscriber.on('message', (from: string, text: string) => {
      if (from !== channel) return;
      let parsed: ReturnType<typeof webhookAccountChange.safeParse>;
      try {
        parsed = webhookAccountChange.safeParse(JSON.parse(text));
      } catch {
        parsed = webhookAccountChange.safeParse(undefined);
      }
      if (parsed.success) {
        drop(parsed.data);
        if (parsed.data.nonce) echoes.get(parsed.data.nonce)?.();
      } else logger.warn({ channel }, 'ignored a malformed webhook account change');
    });
    const forgetAll = () => {
      generation += 1;
      reading.clear();
      found.clear();
      missing.clear();
    };
    subscriber.on('close', () => {
      listening = false;
      forgetAll();
    });
    ready = subscriber.subscribe(channel).then(
      () => {
        listening = true;
        // Resubscribed after a reconnect (ioredis does it before 'ready').
        subscriber.on('ready', () => {
          forgetAll();
          listening = true;
        });
      },
      (error: unknown) => {
        // Closed before it was subscribed: stays a pass-through to the database.
        logger.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'webhook account cache not subscribed',
        );
      },
    );
  }

  const read = (token: string): Promise<WebhookAccount | undefined> => {
    const pending = reading.get(token);
    if (pending) return pending;
    const began = generation;
    const result = lookup(sql, token).then(
      (value) => {
        if (reading.get(token) === result) reading.delete(token);
        if (began === generation && listening) {
          const now = Date.now();
          if (value) found.set(token, value, now + ttlMs);
          else missing.set(token, true, now + notFoundTtlMs);
        }
        return value;
      },
      (error: unknown) => {
        if (reading.get(token) === result) reading.delete(token);
        throw error;
      },
    );
    reading.set(token, result);
    return result;
  };

  return {
    find(token) {
      const now = Date.now();
      const hit = found.get(token, now);
      if (hit) return Promise.resolve(hit);
      if (missing.get(token, now)) return Promise.resolve(undefined);
      return read(token);
    },
    async changed(change) {
      drop(change);
      if (!redis) return;
      // Redis writes a message to every subscriber at once; hearing it back here
      // means the other processes have it too, before the writer answers.
      const nonce = randomUUID();
      let timer: NodeJS.Timeout | undefined;
      const heard = new Promise<void>((resolve) => {
        echoes.set(nonce, resolve);
        timer = setTimeout(resolve, ECHO_WAIT_MS);
      });
      try {
        await redis.publish(channel, JSON.stringify({ ...change, nonce }));
        await heard;
      } catch (error) {
        // The other processes drop the entry when its TTL runs out.
        logger.warn(
          { error: error instanceof Error ? error.message : String(error), ttlMs },
          'webhook account change not published; other API processes follow within the TTL',
        );
      } finally {
        clearTimeout(timer);
        echoes.delete(nonce);
      }
    },
    ingested(token, started) {
      const entry = found.get(token, Date.now());
      if (!entry) return;
      const stamp = entry.account.lastWebhookAt;
      if (stamp !== null && started.getTime() - stamp.getTime() < WEBHOOK_TOUCH_EVERY_MS) return;
      // A copy: the object handed to ingests in flight stays as it was.
      found.update(token, { ...entry, account: { ...entry.account, lastWebhookAt: started } });
    },
    async close() {
      if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
    },
    ready,
  };
}
