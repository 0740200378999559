// The gateway's shared types: its dependencies, what a socket carries once
// the handshake accepted it, and the typed Server and Socket built on the
// event maps from @relay/contracts.
import type { Config } from '@relay/config';
import type { ClientToServerEvents, OperatorRole, ServerToClientEvents } from '@relay/contracts';
import type { Sql } from '@relay/db';
import type { Logger } from '@relay/logger';
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
};

/** Server-side facts about a connected socket, set by the handshake; never from the client. */
export type SocketData = {
  tenantId: string;
  operatorId: string;
  role: OperatorRole;
  deviceId: string;
  sessionId: string;
  /** Supervisors, admins and owners see the whole tenant. */
  seesAll: boolean;
  /** Queues the operator belonged to at connection time. */
  queueIds: string[];
};

/** No events between gateway nodes (yet). */
type InterServerEvents = Record<never, never>;

export type GatewayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GatewaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
