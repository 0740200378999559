// The gateway's shared types: its dependencies, what a socket carries once
// the handshake accepted it, and the typed Server and Socket built on the
// event maps from @relay/contracts.
import type { Config } from '@relay/config';
import type { ClientToServerEvents, InterServerEvents, OperatorRole, ServerToClientEvents } from '@relay/contracts';
import type { Sql } from '@relay/db';
import type { Logger } from '@relay/logger';
import type { Registry } from '@relay/metrics';
import type { Redis } from 'ioredis';
import type { Server, Socket } from 'socket.io';

export type GatewayConfig = Pick<Config, 'auth' | 'webOrigin'>;

export type GatewayDeps = {
  sql: Sql;
  /** Present in scaled mode: the Redis adapter and the ack hash use it. Absent in standalone. */
  redis?: Redis | undefined;
  logger: Logger;
  config: GatewayConfig;
  /** How often each socket gets `tick {latestSeq}` (default 15 s; tests use less). */
  tickIntervalMs?: number;
  /** Pub/sub key prefix of the Redis adapter (default "socket.io"); must match the API's emitter. */
  adapterKey?: string;
  /** Prefix of the gateway's own Redis keys: presence and tenant limits (default "relay"; the worker must agree). */
  keyPrefix?: string;
  /** How long a socket counts as connected without a heartbeat from its node (default 30 s; tests use less). */
  presenceTtlMs?: number;
  /** How long a socket whose access token ran out may take to send `auth:refresh` (default 30 s). */
  authGraceMs?: number;
  /** How often each node re-reads the sessions behind its sockets (default 5 s; tests use less). */
  sessionCheckIntervalMs?: number;
  /** Beyond this many events behind, `sync` answers reset (default CATCH_UP_BOUND; tests use less). */
  catchUpBound?: number;
  /** Where the gateway's metrics register (standalone's one registry); its own with the process defaults when absent. */
  registry?: Registry;
};

/** Server-side facts about a connected socket, set by the handshake; never from the client. */
export type SocketData = {
  tenantId: string;
  operatorId: string;
  role: OperatorRole;
  deviceId: string;
  sessionId: string;
  /** When the access token the socket last presented runs out (ms since the epoch). */
  tokenExpiresAt: number;
  /** Supervisors, admins and owners see the whole tenant. */
  seesAll: boolean;
  /** Queues the operator belongs to (from the handshake, then every access change). */
  queueIds: string[];
};

export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
