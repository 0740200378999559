// The client's typed Socket.IO socket, on the event maps from @relay/contracts. A module of its own
// so realtime-client.ts and seq-tracker.ts (which it creates) can both name it.
import type { ClientToServerEvents, ServerToClientEvents } from '@relay/contracts';
import type { Socket } from 'socket.io-client';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
