// Guards the container setup (Dockerfile + docker-compose.yml) without Docker:
// the compose file must describe services that the Dockerfile can actually
// build from this repository's workspaces, wired to each other correctly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_ENCRYPTION_KEY, DEV_JWT_SECRET, loadConfig } from '@relay/config';
import { MIGRATIONS_DIR } from '@relay/db';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMPOSE_PATH = join(ROOT, 'docker-compose.yml');
const DOCKERFILE_PATH = join(ROOT, 'Dockerfile');

type Build = { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
type Service = {
  image?: string;
  build?: string | Build;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  ports?: (string | number | { target?: number; published?: number | string })[];
  volumes?: (string | { source?: string; target?: string })[];
  restart?: string;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> } & Record<string, unknown>;
type PackageJson = { name: string; scripts?: Record<string, string> };

const composeText = readFileSync(COMPOSE_PATH, 'utf8');
// Docker Compose supports YAML merge keys (`<<: *anchor`); YAML 1.2 parsers need them enabled.
const compose = parse(composeText, { merge: true }) as Compose;
const services = compose.services;

function workspacePackages(): Map<string, PackageJson> {
  const packages = new Map<string, PackageJson>();
  for (const folder of ['apps', 'packages']) {
    for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
      const file = join(ROOT, folder, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
      packages.set(pkg.name, pkg);
    }
  }
  return packages;
}

const WORKSPACES = workspacePackages();

function buildOf(service: Service): Build | undefined {
  if (service.build === undefined) return undefined;
  return typeof service.build === 'string' ? { context: service.build } : service.build;
}

function buildArgs(build: Build): Record<string, string> {
  if (!build.args) return {};
  if (!Array.isArray(build.args)) return build.args;
  return Object.fromEntries(build.args.map((arg) => arg.split(/=(.*)/s).slice(0, 2) as [string, string]));
}

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => entry.split(/=(.*)/s).slice(0, 2) as [string, string]));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value ?? '')]));
}

function commandArgs(service: Service): string[] {
  const { command } = service;
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.trim().split(/\s+/);
}

function dependsOn(service: Service): string[] {
  const deps = service.depends_on ?? [];
  return Array.isArray(deps) ? deps : Object.keys(deps);
}

/** Compose's interpolation, enough for this file: `${VAR}`, `${VAR:-default}`, `${VAR:?error}`. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g, (_match, name: string, op?: string, arg?: string) => {
    const given = vars[name];
    const unset = given === undefined || (op?.startsWith(':') && given === '');
    if (!unset) return given as string;
    if (op?.endsWith('?')) throw new Error(`required variable ${name} is not set: ${arg}`);
    return op?.endsWith('-') ? (arg ?? '') : '';
  });
}

describe('docker-compose.yml', () => {
  it('is valid YAML with a services map', () => {
    const document = parseDocument(composeText, { merge: true });
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
    expect(compose).toBeTypeOf('object');
    expect(services).toBeTypeOf('object');
    expect(compose['x-relay-env']).toBeTypeOf('object');
  });

  it('has the scaled shape: postgres, redis, a migrate job, the api and the worker', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['postgres', 'redis', 'migrate', 'api', 'worker', 'gateway-1', 'gateway-2']),
    );
    for (const node of ['gateway-1', 'gateway-2']) {
      expect(environmentOf(services[node] as Service).REDIS_URL).toBe('redis://redis:6379');
      expect(dependsOn(services[node] as Service)).toEqual(expect.arrayContaining(['redis', 'migrate']));
    }
    expect(dependsOn(services.worker as Service)).toEqual(expect.arrayContaining(['postgres', 'migrate']));

    const { postgres, redis } = services;
    expect(postgres?.image).toMatch(/^postgres:16(\b|$)/);
    expect(postgres?.healthcheck?.test).toContain('pg_isready');
    const dataVolume = postgres?.volumes?.find((v) => typeof v === 'string' && v.endsWith(':/var/lib/postgresql/data'));
    expect(dataVolume).toBeDefined();
    const volumeName = String(dataVolume).split(':')[0] as string;
    expect(Object.keys(compose.volumes ?? {})).toContain(volumeName);

    expect(redis?.image).toMatch(/^redis:7(\b|$)/);
    expect(redis?.healthcheck?.test).toEqual(expect.arrayContaining(['redis-cli', 'ping']));
  });

  it('builds every service from the repository Dockerfile with an APP that is a workspace package', () => {
    const built = Object.entries(services).filter(([, service]) => service.build !== undefined);
    expect(built.map(([name]) => name)).toEqual(expect.arrayContaining(['migrate', 'api']));

    for (const [name, service] of built) {
      const build = buildOf(service) as Build;
      const dockerfile = resolve(ROOT, build.context ?? '.', build.dockerfile ?? 'Dockerfile');
      expect(dockerfile, `${name} build`).toBe(DOCKERFILE_PATH);
      expect(existsSync(dockerfile), `${name} Dockerfile`).toBe(true);

      const app = buildArgs(build).APP;
      expect(app, `${name} APP build arg`).toBeTruthy();
      const pkg = WORKSPACES.get(app as string);
      expect(
        pkg,
        `${name}: APP=${app} is not a workspace package (${[...WORKSPACES.keys()].join(', ')})`,
      ).toBeDefined();

      const args = commandArgs(service);
      if (args.length === 0) {
        // The image's default command is `npm start -w $APP`.
        expect(pkg?.scripts?.start, `${app} needs a "start" script`).toBeTruthy();
      } else {
        // An overridden command must be an npm script of that same package.
        expect(args.slice(0, 2), `${name} command`).toEqual(['npm', 'run']);
        const script = args[2] as string;
        const workspace = args[args.indexOf('-w') + 1];
        expect(args, `${name} command names its workspace`).toContain('-w');
        expect(workspace).toBe(app);
        expect(pkg?.scripts?.[script], `${app} has no "${script}" script`).toBeTruthy();
      }
    }
  });

  it('runs migrations once, after postgres is healthy, before the api starts', () => {
    const { migrate, api } = services;
    expect(commandArgs(migrate as Service)).toEqual(['npm', 'run', 'migrate', '-w', '@relay/db']);
    expect(migrate?.restart).toBe('no');
    expect(migrate?.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    expect(api?.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      redis: { condition: 'service_healthy' },
    });
  });

  it('only depends on services that exist', () => {
    const names = new Set(Object.keys(services));
    for (const [name, service] of Object.entries(services)) {
      for (const target of dependsOn(service)) {
        expect(names.has(target), `${name} depends on unknown service ${target}`).toBe(true);
        expect(target).not.toBe(name);
      }
    }
  });

  it('points the api at the postgres and redis services and requires real secrets', () => {
    const env = environmentOf(services.api as Service);
    expect(env.NODE_ENV).toBe('production');
    expect(env.PORT).toBe('3000');
    // `${VAR:?message}`: compose refuses to start without them, since production refuses the dev ones.
    expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/);
    expect(env.ENCRYPTION_KEY).toMatch(/^\$\{ENCRYPTION_KEY:\?[^}]+\}$/);

    const databaseUrl = new URL(interpolate(env.DATABASE_URL as string, {}));
    expect(databaseUrl.protocol).toBe('postgres:');
    expect(databaseUrl.hostname).toBe('postgres');
    const postgresEnv = environmentOf(services.postgres as Service);
    expect(databaseUrl.pathname).toBe(`/${interpolate(postgresEnv.POSTGRES_DB as string, {})}`);
    expect(decodeURIComponent(databaseUrl.username)).toBe(interpolate(postgresEnv.POSTGRES_USER as string, {}));
    expect(decodeURIComponent(databaseUrl.password)).toBe(interpolate(postgresEnv.POSTGRES_PASSWORD as string, {}));

    const redisUrl = new URL(interpolate(env.REDIS_URL as string, {}));
    expect(redisUrl.protocol).toBe('redis:');
    expect(redisUrl.hostname).toBe('redis');

    // The migrate job loads the same config, so it gets the same environment.
    const migrateEnv = environmentOf(services.migrate as Service);
    for (const key of ['NODE_ENV', 'DATABASE_URL', 'JWT_SECRET', 'ENCRYPTION_KEY']) {
      expect(migrateEnv[key], key).toBe(env[key]);
    }
  });

  it('gives the api an environment that production config accepts once secrets are supplied', () => {
    const raw = environmentOf(services.api as Service);
    expect(() => interpolate(raw.JWT_SECRET as string, {})).toThrow(/JWT_SECRET/);

    const secrets = { JWT_SECRET: 'x'.repeat(48), ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') };
    const env = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, interpolate(value, secrets)]));
    const config = loadConfig(env);
    expect(config.env).toBe('production');
    expect(config.port).toBe(3000);
    expect(new URL(config.database.url as string).hostname).toBe('postgres');
    expect(new URL(config.redisUrl as string).hostname).toBe('redis');
    expect(config.auth.jwtSecret).not.toBe(DEV_JWT_SECRET);
    expect(config.encryptionKey.toString('base64')).not.toBe(DEV_ENCRYPTION_KEY);
  });

  it('publishes the api on 3000 and checks /readyz with node (slim images have no curl)', () => {
    const api = services.api as Service;
    expect(api.ports?.map(String)).toContain('3000:3000');
    const test = api.healthcheck?.test;
    expect(Array.isArray(test)).toBe(true);
    const [kind, binary, ...rest] = test as string[];
    expect(kind).toBe('CMD');
    expect(binary).toBe('node');
    expect(rest.join(' ')).toMatch(/fetch\(['"]http:\/\/(127\.0\.0\.1|localhost):3000\/readyz['"]\)/);
    expect(JSON.stringify(test)).not.toMatch(/curl|wget/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = existsSync(DOCKERFILE_PATH) ? readFileSync(DOCKERFILE_PATH, 'utf8') : '';
  const lockfile = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };

  it('prunes the monorepo to one app chosen by the APP build arg', () => {
    expect(existsSync(DOCKERFILE_PATH)).toBe(true);
    expect(dockerfile).toMatch(/^ARG APP\b/m);
    expect(dockerfile).toMatch(/turbo prune "?\$\{?APP\}?"? --docker/);
    expect(dockerfile).toMatch(/COPY --from=\w+ \/app\/out\/json\/? /);
    expect(dockerfile).toMatch(/COPY --from=\w+ \/app\/out\/package-lock\.json /);
    expect(dockerfile).toMatch(/COPY --from=\w+ \/app\/out\/full\/? /);
    expect(dockerfile).toMatch(/\bnpm ci\b/);
    // The prune stage installs turbo at the version the lockfile pins, read from this path.
    expect(dockerfile).toContain("packages['node_modules/turbo'].version");
    expect(lockfile.packages['node_modules/turbo']?.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('copies db/ (not a workspace, so not in the pruned output) to where MIGRATIONS_DIR looks', () => {
    expect(relative(ROOT, MIGRATIONS_DIR).split(/[\\/]/)).toEqual(['db', 'migrations']);
    expect(dockerfile).toMatch(/^COPY (--\S+ )*db\/? \.?\/?db\/?$/m);
    expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
  });

  it('runs the app as the non-root node user in production mode', () => {
    const runner = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runner).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    expect(dockerfile).toMatch(/NEXT_TELEMETRY_DISABLED=1/);
    expect(dockerfile).toMatch(/TURBO_TELEMETRY_DISABLED=1/);
    expect(runner).toMatch(/^CMD .*npm start -w \\?"?\$\{?APP\}?/m);
  });

  it('keeps dependencies and local state out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    for (const entry of ['node_modules', '.data', '.git', '.env', '.turbo']) {
      expect(ignored, `.dockerignore should list ${entry}`).toContain(entry);
    }
  });
});
