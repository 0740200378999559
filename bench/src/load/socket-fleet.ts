// Owns the operator sockets: real socket.io-client connections over
// WebSocket, opened a bounded number at a time, each reporting every
// message.created it receives (with the receive time) to whoever listens.
import type { ClientToServerEvents, ServerToClientEvents } from '@relay/contracts';
import { io, type Socket } from 'socket.io-client';
import { newHistogram, recordMs, summarize } from './latency.ts';
import type { ConnectResult, FleetStatus, SocketSpec } from './protocol.ts';
import { parseMarker } from './telegram-update.ts';

export type RelaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Receipt = (phase: string, n: number, socketKey: number, at: number) => void;

const CONNECT_TIMEOUT_MS = 30_000;

export function openSocket(url: string, token: string, deviceId: string): RelaySocket {
  return io(url, {
    transports: ['websocket'],
    auth: { token, deviceId },
    // A lost connection is a finding here, not something to paper over.
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
  });
}

export function connected(socket: RelaySocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
      reject(new Error(error.data?.code ?? error.message));
    });
  });
}

export class SocketFleet {
  private readonly sockets: RelaySocket[] = [];
  specs: SocketSpec[] = [];
  disconnects = 0;
  onReceipt: Receipt = () => {};

  async connect(specs: SocketSpec[], concurrency: number): Promise<ConnectResult> {
    const started = performance.now();
    const times = newHistogram();
    const errors: Record<string, number> = {};
    let next = 0;
    let failed = 0;
    const one = async (spec: SocketSpec) => {
      const begun = performance.now();
      const socket = openSocket(spec.url, spec.token, spec.deviceId);
      socket.on('event', (envelope) => {
        if (envelope.type !== 'message.created') return;
        const at = performance.now();
        const message = (envelope.data as { message?: { content?: unknown } }).message;
        const marker = parseMarker(message?.content);
        if (marker) this.onReceipt(marker.phase, marker.n, spec.key, at);
      });
      try {
        await connected(socket);
        recordMs(times, performance.now() - begun);
        socket.on('disconnect', () => this.disconnects++);
        this.sockets.push(socket);
        this.specs.push(spec);
      } catch (error) {
        failed++;
        const reason = (error as Error).message;
        errors[reason] = (errors[reason] ?? 0) + 1;
        socket.close();
      }
    };
    const lane = async () => {
      while (next < specs.length) await one(specs[next++] as SocketSpec);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, lane));
    return {
      connected: specs.length - failed,
      failed,
      errors,
      elapsedMs: Math.round(performance.now() - started),
      connectMs: summarize(times),
    };
  }

  status(): FleetStatus {
    return { open: this.sockets.filter((socket) => socket.connected).length, disconnects: this.disconnects };
  }

  close(): void {
    for (const socket of this.sockets.splice(0)) {
      socket.off('disconnect');
      socket.close();
    }
    this.specs = [];
  }
}
