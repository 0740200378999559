// The API's dependencies: what createApi takes (ApiDeps) and what every route gets once app.ts
// has filled in the defaults (ResolvedDeps). Routes and helpers import these types from here,
// never from app.ts, which imports them all (no import cycles; scripts/check-import-cycles.mjs).
import type { Config } from '@relay/config';
import type { Sql } from '@relay/db';
import type { Egress } from '@relay/egress';
import type { Logger } from '@relay/logger';
import type { Metrics } from '@relay/metrics';
import type { EventPublisher, PresenceStore, PublishErrorHandler } from '@relay/realtime';
import type { Redis } from 'ioredis';
import type { AuthLimiters, AuthLimits } from './auth/auth-limiters.ts';
import type { WebhookAccounts } from './ingest/account-cache.ts';

export type ApiConfig = Pick<
  Config,
  'env' | 'auth' | 'encryptionKey' | 'providers' | 'publicUrl' | 'webOrigin' | 'trustProxy'
> & {
  /** The statement timeout bounds how long a request waits for the database (request-deadline.ts). */
  database: Pick<Config['database'], 'statementTimeoutMs'>;
  push?: Pick<Config['push'], 'graceMs'>;
  /** Exceptions to the outbound-URL policy (provider base URLs are trusted without being listed). */
  outbound: Config['outbound'];
};

export type ApiDeps = {
  sql: Sql;
  /** Absent in standalone mode, which needs no Redis. */
  redis?: Redis | undefined;
  logger: Logger;
  config: ApiConfig;
  /** Where committed events go (the gateway's emitter); the log alone when absent. */
  publisher?: EventPublisher;
  /**
   * Called after a commit that left the worker something to do now (deliveries to send, or
   * conversations to route), so an in-process worker wakes only the loops that have work.
   */
  onJobsQueued?: (work: QueuedWork) => void;
  /** Shared with the worker in standalone; the API makes its own otherwise. */
  metrics?: Metrics;
  /** Who has a live socket (the gateway's store); absent: the live queue reports presence as unknown. */
  presence?: PresenceStore;
  /** Login and sign-up limits other than the defaults (tests shrink delays and use their own Redis keys). */
  authLimits?: AuthLimits;
  /** The webhook account lookup (ingest/account-cache.ts); the database every time when absent. */
  webhookAccounts?: WebhookAccounts;
};

export type ResolvedDeps = ApiDeps & {
  publisher: EventPublisher;
  onPublishError: PublishErrorHandler;
  metrics: Metrics;
  /** How long devices have to ack an event before its push goes (see writeWithEvents). */
  pushGraceMs: number | undefined;
  /** Every outbound HTTP request the API makes (provider media) goes through it. */
  egress: Egress;
  /** Shared by every route that checks a password or signs up, so one IP has one count. */
  authLimiters: AuthLimiters;
  /** Webhook token -> account; every writer of channel accounts or tenant status calls its changed(). */
  webhookAccounts: WebhookAccounts;
};

/** What a commit left for the worker: which of its loops should wake now. */
export type QueuedWork = ReadonlyArray<'delivery' | 'routing'>;
