import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../src/index.ts';

const REAL_SECRETS = {
  JWT_SECRET: 'a-real-production-secret-of-forty-characters',
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATABASE_URL: 'postgres://relay@db:5432/relay',
};

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

describe('loadConfig', () => {
  it('runs with no environment at all on safe development defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      database: { url: undefined, dataDir: '.data' },
      redisUrl: undefined,
      demo: true,
      push: { graceMs: 3000, fcmCredentialsPath: undefined },
    });
    expect(config.encryptionKey).toHaveLength(32);
    expect(config.auth.jwtSecret).toBe(DEV_JWT_SECRET);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).database.url).toBeUndefined();
  });

  it('reads every variable it documents', () => {
    const config = loadConfig({
      PORT: '8080',
      PUBLIC_URL: 'https://inbox.example.com/',
      DATABASE_URL: 'postgresql://u@h/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      RELAY_DATA_DIR: '/var/relay',
      RELAY_DEMO: 'false',
      TELEGRAM_API_BASE_URL: 'http://127.0.0.1:9000',
      PUSH_GRACE_MS: '1500',
    });
    expect(config).toMatchObject({
      port: 8080,
      publicUrl: 'https://inbox.example.com',
      webOrigin: 'https://inbox.example.com',
      database: { url: 'postgresql://u@h/db', dataDir: '/var/relay' },
      redisUrl: 'redis://127.0.0.1:6379',
      demo: false,
      providers: { telegramBaseUrl: 'http://127.0.0.1:9000' },
      push: { graceMs: 1500 },
    });
  });

  it('bounds the database and shutdown: defaults, overrides, and refusals', () => {
    expect(loadConfig({})).toMatchObject({
      database: { connectTimeoutMs: 5000, statementTimeoutMs: 10_000 },
      shutdownTimeoutMs: 10_000,
    });
    const config = loadConfig({
      DATABASE_CONNECT_TIMEOUT_MS: '1500',
      DATABASE_STATEMENT_TIMEOUT_MS: '30000',
      SHUTDOWN_TIMEOUT_MS: '25000',
    });
    expect(config).toMatchObject({
      database: { connectTimeoutMs: 1500, statementTimeoutMs: 30_000 },
      shutdownTimeoutMs: 25_000,
    });
    expect(errorOf({ DATABASE_STATEMENT_TIMEOUT_MS: '0' })).toContain('DATABASE_STATEMENT_TIMEOUT_MS');
    expect(errorOf({ DATABASE_CONNECT_TIMEOUT_MS: 'soon' })).toContain('DATABASE_CONNECT_TIMEOUT_MS');
  });

  it('serves worker metrics only when WORKER_METRICS_PORT is set', () => {
    expect(loadConfig({}).workerMetricsPort).toBeUndefined();
    expect(loadConfig({ WORKER_METRICS_PORT: '9464' }).workerMetricsPort).toBe(9464);
    expect(errorOf({ WORKER_METRICS_PORT: '70000' })).toContain('WORKER_METRICS_PORT');
  });

  it('names the variable and the value in one line', () => {
    const message = errorOf({ PORT: 'eighty' });
    expect(message).toMatch(/^Invalid configuration: PORT .*\(got "eighty"\)$/);
    expect(message).not.toContain('\n');
  });

  it('lists every bad variable at once and never echoes secrets or URLs', () => {
    const message = errorOf({ PORT: '70000', DATABASE_URL: 'mysql://root:hunter2@db', JWT_SECRET: 'short' });
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL must be a postgres://');
    expect(message).toContain('JWT_SECRET must be at least 32 characters');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('short"');
  });

  it.each([
    ['ENCRYPTION_KEY', { ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }, /ENCRYPTION_KEY must be 32 bytes/],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }, /REDIS_URL must be a redis:\/\//],
    ['RELAY_DEMO', { RELAY_DEMO: 'maybe' }, /RELAY_DEMO/],
    ['NODE_ENV', { NODE_ENV: 'staging' }, /NODE_ENV/],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL must be an http\(s\) URL/],
  ])('rejects a bad %s', (_name, env, pattern) => {
    expect(errorOf(env as Record<string, string>)).toMatch(pattern);
  });

  it('refuses production without real secrets and a real database', () => {
    const message = errorOf({ NODE_ENV: 'production' });
    expect(message).toContain('JWT_SECRET must be set to a real secret in production');
    expect(message).toContain('ENCRYPTION_KEY must be set to a real key in production');
    expect(message).toContain('DATABASE_URL is required in production');
  });

  it('starts in production with real secrets, and never seeds demo data there', () => {
    const config = loadConfig({ NODE_ENV: 'production', RELAY_DEMO: 'true', ...REAL_SECRETS });
    expect(config.env).toBe('production');
    expect(config.demo).toBe(false);
  });
});
