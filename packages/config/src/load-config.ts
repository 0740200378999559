import { allowEntryProblem } from '@relay/egress/allowlist';
import { z } from 'zod';
import { DEV_ENCRYPTION_KEY, DEV_JWT_SECRET } from './dev-defaults.ts';
import { type TrustProxy, trustProxySchema } from './trust-proxy.ts';

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL');
const redisUrl = z.string().regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL');
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().positive();
/** OUTBOUND_ALLOW: a comma list of CIDRs and host:port pairs (packages/egress/src/allowlist.ts). */
const outboundAllow = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    for (const entry of entries) {
      const problem = allowEntryProblem(entry);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  });

/** Empty strings count as unset, so `FOO= npm start` behaves like no FOO at all. */
function emptyAsUnset(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: port.default(3000),
    WORKER_METRICS_PORT: port.optional(),
    PUBLIC_URL: httpUrl.optional(),
    WEB_ORIGIN: httpUrl.optional(),
    DATABASE_URL: postgresUrl.optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DATABASE_CONNECT_TIMEOUT_MS: positiveMs.max(60_000).default(5000),
    DATABASE_STATEMENT_TIMEOUT_MS: positiveMs.min(100).max(600_000).default(10_000),
    SHUTDOWN_TIMEOUT_MS: positiveMs.max(120_000).default(10_000),
    REDIS_URL: redisUrl.optional(),
    RELAY_DATA_DIR: z.string().min(1).default('.data'),
    RELAY_DEMO: z.stringbool().default(true),
    RELAY_WEB: z.stringbool().default(true),
    RELAY_WEB_DIST_DIR: z
      .string()
      .regex(/^\.next[\w-]*$/, 'must be .next or .next-<name>')
      .default('.next'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    REFRESH_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(300)
      .default(30 * 86_400),
    REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
    TRUST_PROXY: trustProxySchema.default(false),
    ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .default(DEV_ENCRYPTION_KEY),
    TELEGRAM_API_BASE_URL: httpUrl.default('https://api.telegram.org'),
    WHATSAPP_API_BASE_URL: httpUrl.default('https://graph.facebook.com/v21.0'),
    OUTBOUND_ALLOW: outboundAllow.default([]),
    FCM_CREDENTIALS_PATH: z.string().min(1).optional(),
    FCM_PROJECT_ID: z.string().min(1).max(100).optional(),
    // Development and tests only: send FCM's and Google OAuth's HTTPS traffic
    // to this host:port (a local FCM stand-in) and trust the CA in FCM_CA_PATH.
    FCM_CONNECT_TO: z
      .string()
      .regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port')
      .optional(),
    FCM_CA_PATH: z.string().min(1).optional(),
    PUSH_GRACE_MS: positiveMs.default(3000),
    ROUTING_OFFLINE_GRACE_MS: positiveMs.default(120_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    // Production refuses the development conveniences that would be unsafe there.
    if (env.JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be set to a real secret in production' });
    }
    if (env.ENCRYPTION_KEY === DEV_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEY'], message: 'must be set to a real key in production' });
    }
    if (!env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required in production (the embedded database is for development)',
      });
    }
  });

type Env = z.infer<typeof envSchema>;

export type Config = {
  env: Env['NODE_ENV'];
  logLevel: Env['LOG_LEVEL'];
  host: string;
  port: number;
  /** Scaled worker: GET /metrics on this port (on HOST); unset, the worker serves no HTTP. */
  workerMetricsPort: number | undefined;
  /** Base URL the outside world reaches us at; webhook URLs are built from it. */
  publicUrl: string;
  webOrigin: string;
  database: {
    url: string | undefined;
    poolMax: number;
    dataDir: string;
    /** How long opening a connection (TCP and startup) may take before the query fails. */
    connectTimeoutMs: number;
    /**
     * The longest one statement may run (server-side statement_timeout; also an open transaction's
     * idle limit), and with a small margin how long a request waits for the database at all.
     */
    statementTimeoutMs: number;
  };
  /** On SIGTERM: how long in-flight requests and jobs get to finish before the pools close anyway. */
  shutdownTimeoutMs: number;
  redisUrl: string | undefined;
  /** Seed the demo tenant on an empty database (never in production). */
  demo: boolean;
  /** Standalone serves the web UI (building it first when needed); false serves the API and gateway only. */
  web: boolean;
  /** Where the web UI's build lives inside apps/web (separate builds for parallel test runs). */
  webDistDir: string;
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** How long a rotated refresh token still gets its successor (concurrent refreshes), not reuse. */
    refreshGraceSeconds: number;
  };
  /** Which peers' X-Forwarded-For names the client (Express "trust proxy"); false: the socket's peer. */
  trustProxy: TrustProxy;
  encryptionKey: Buffer;
  providers: { telegramBaseUrl: string; whatsappBaseUrl: string };
  /**
   * Server-side requests (callbacks, provider media, …) refuse loopback, private
   * and link-local addresses; these CIDRs and host:port pairs are the exceptions.
   * The provider base URLs above are trusted destinations without being listed.
   */
  outbound: { allow: string[] };
  push: {
    /** A Firebase service-account JSON file; without it pushes are recorded as skipped. */
    fcmCredentialsPath: string | undefined;
    /** Overrides the service account's project_id. */
    fcmProjectId: string | undefined;
    /** host:port that FCM and Google OAuth traffic goes to instead (a local stand-in). */
    fcmConnectTo: string | undefined;
    /** PEM file of a CA to trust for that stand-in. */
    fcmCaPath: string | undefined;
    /** How long a device has to ack an event before its push is sent. */
    graceMs: number;
  };
  routing: {
    /** How long an assignee may stay offline before their open conversations move on. */
    offlineGraceMs: number;
  };
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment once at boot. Throws a ConfigError whose message is a
 * single line naming every bad variable, so an entry file can print it and exit.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(emptyAsUnset(source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || 'environment';
      const given = source[name];
      const shown = given === undefined || /SECRET|KEY|PASSWORD|URL/.test(name) ? '' : ` (got "${given}")`;
      return `${name} ${issue.message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  return {
    env: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.PORT,
    workerMetricsPort: env.WORKER_METRICS_PORT,
    publicUrl,
    webOrigin: env.WEB_ORIGIN ?? publicUrl,
    database: {
      url: env.DATABASE_URL,
      poolMax: env.DATABASE_POOL_MAX,
      dataDir: env.RELAY_DATA_DIR,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    redisUrl: env.REDIS_URL,
    demo: env.RELAY_DEMO && env.NODE_ENV !== 'production',
    web: env.RELAY_WEB,
    webDistDir: env.RELAY_WEB_DIST_DIR,
    auth: {
      jwtSecret: env.JWT_SECRET,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      refreshGraceSeconds: env.REFRESH_GRACE_SECONDS,
    },
    trustProxy: env.TRUST_PROXY,
    encryptionKey: Buffer.from(env.ENCRYPTION_KEY, 'base64'),
    providers: { telegramBaseUrl: env.TELEGRAM_API_BASE_URL, whatsappBaseUrl: env.WHATSAPP_API_BASE_URL },
    outbound: { allow: env.OUTBOUND_ALLOW },
    push: {
      fcmCredentialsPath: env.FCM_CREDENTIALS_PATH,
      fcmProjectId: env.FCM_PROJECT_ID,
      fcmConnectTo: env.FCM_CONNECT_TO,
      fcmCaPath: env.FCM_CA_PATH,
      graceMs: env.PUSH_GRACE_MS,
    },
    routing: { offlineGraceMs: env.ROUTING_OFFLINE_GRACE_MS },
  };
}
