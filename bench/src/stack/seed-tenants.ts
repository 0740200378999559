// Owns the bench's data: tenants with operators, one queue and one Telegram
// account each, created straight through the @relay/db query functions (the
// sign-up and login routes are rate-limited per IP, rightly), and access
// tokens minted with the API's own secret instead of a thousand logins.
import type { Config } from '@relay/config';
import {
  createChannelAccount,
  createOperator,
  createQueue,
  createSession,
  createTenant,
  type OperatorRole,
  replaceQueueMembers,
  type Sql,
  updateTenant,
  withTenant,
} from '@relay/db';
import { hashToken, randomToken, sealSecret, signAccessToken } from '@relay/security';

/** Tokens outlive any run; the gateway would otherwise ask sockets to refresh mid-measurement. */
const TOKEN_TTL_SECONDS = 4 * 3600;

export type SeedSpec = {
  /** Slug prefix; a random suffix keeps runs apart. */
  name: string;
  tenants: number;
  operatorsPerTenant: number;
  chatsPerTenant: number;
};

export type SeededOperator = {
  operatorId: string;
  role: OperatorRole;
  /** Supervisors, admins and owners see the whole tenant. */
  seesAll: boolean;
  queueIds: string[];
  token: string;
};

export type SeededTenant = {
  index: number;
  tenantId: string;
  slug: string;
  queueId: string;
  webhookToken: string;
  /** The Telegram secret_token header value. */
  webhookSecret: string;
  /** Telegram chat ids this tenant's messages rotate over, unique in the run. */
  chatIds: number[];
  operators: SeededOperator[];
};

/**
 * Roles in each tenant: an owner, a supervisor, then operators; two of every
 * three operators are members of the queue, the rest are not and must never
 * receive the queue's events (the tally counts any that do as a leak).
 */
function roleOf(i: number): OperatorRole {
  if (i === 0) return 'owner';
  if (i === 1) return 'supervisor';
  return 'operator';
}

let nextChatId = 700_000_000 + Math.floor(Math.random() * 1_000) * 100_000;

export async function seedTenants(sql: Sql, config: Config, spec: SeedSpec): Promise<SeededTenant[]> {
  const runId = randomToken(4)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
  const seeded: SeededTenant[] = [];
  // A few tenants at a time: quick enough, and polite to a shared database server.
  const batch = 4;
  for (let start = 0; start < spec.tenants; start += batch) {
    const indexes = Array.from({ length: Math.min(batch, spec.tenants - start) }, (_, k) => start + k);
    seeded.push(
      ...(await Promise.all(indexes.map((index) => seedTenant(sql, config, spec, `${runId}-${index}`, index)))),
    );
  }
  return seeded;
}

async function seedTenant(sql: Sql, config: Config, spec: SeedSpec, suffix: string, index: number) {
  const slug = `bench-${spec.name}-${suffix}`;
  const tenant = await createTenant(sql, { name: `Bench ${spec.name} ${index}`, slug, plan: 'bench' });
  const webhookSecret = randomToken(24);
  const webhookToken = randomToken(24);
  const chatIds = Array.from({ length: spec.chatsPerTenant }, () => nextChatId++);
  return withTenant(sql, tenant.id, async (tx) => {
    // Far above what the bench does, so the limits measure nothing here.
    await updateTenant(tx, tenant.id, {
      maxOperators: 100_000,
      maxDialogsPerMonth: 10_000_000,
      maxConcurrentUsers: 100_000,
      maxEventsPerSecond: 100_000,
      maxJoinsPerSecond: 100_000,
    });
    const queue = await createQueue(tx, tenant.id, {
      name: 'Bench',
      // Manual: conversations stay unassigned, so the audience (and the expected sockets) never moves.
      routingMode: 'manual',
      slaPolicyId: null,
      isDefault: true,
    });
    const operators: SeededOperator[] = [];
    const members: string[] = [];
    for (let i = 0; i < spec.operatorsPerTenant; i++) {
      const role = roleOf(i);
      const operator = await createOperator(tx, tenant.id, {
        email: `op${i}@${slug}.bench`,
        name: `Operator ${i}`,
        passwordHash: null,
        role,
      });
      const member = role === 'operator' && (i - 2) % 3 !== 2;
      if (member) members.push(operator.id);
      const session = await createSession(tx, tenant.id, {
        operatorId: operator.id,
        deviceId: `bench-${i}`,
        tokenHash: hashToken(randomToken()),
        expiresAt: new Date(Date.now() + 86_400_000),
        userAgent: 'relay-bench',
        ip: null,
      });
      const token = signAccessToken(
        config.auth.jwtSecret,
        { sub: operator.id, tid: tenant.id, sid: session.id, role },
        TOKEN_TTL_SECONDS,
      );
      operators.push({
        operatorId: operator.id,
        role,
        seesAll: role !== 'operator',
        queueIds: member ? [queue.id] : [],
        token,
      });
    }
    await replaceQueueMembers(tx, tenant.id, queue.id, members);
    await createChannelAccount(tx, tenant.id, {
      channel: 'telegram',
      name: 'Bench bot',
      externalAccountId: `bench_${suffix.replace(/-/g, '_')}_bot`,
      webhookToken,
      secret: sealSecret(config.encryptionKey, webhookSecret),
      // No reply is sent in these scenarios; the worker would need it to send one.
      credentials: sealSecret(config.encryptionKey, JSON.stringify({ botToken: '123456789:bench-token' })),
      settings: {},
      queueId: queue.id,
    });
    return { index, tenantId: tenant.id, slug, queueId: queue.id, webhookToken, webhookSecret, chatIds, operators };
  });
}
