// The harness's side of the load generator: starts the process and turns
// each command into a promise of its reply. If the generator dies, every
// pending command fails with the end of its log.
import { fileURLToPath } from 'node:url';
import type { Child, ProcessGroup } from '../stack/processes.ts';
import type {
  CatchUpResult,
  Command,
  ConnectResult,
  FleetStatus,
  LoadPhase,
  LoadResult,
  Reply,
  SocketSpec,
} from './protocol.ts';

const ENTRY = fileURLToPath(new URL('./load-process.ts', import.meta.url));

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export type LoadClient = {
  connect(sockets: SocketSpec[], concurrency: number): Promise<ConnectResult>;
  load(load: LoadPhase): Promise<LoadResult>;
  catchUp(url: string, token: string, deviceId: string, after: number): Promise<CatchUpResult>;
  status(): Promise<FleetStatus>;
  disconnect(): Promise<void>;
};

export function startLoadGenerator(processes: ProcessGroup): LoadClient {
  const child: Child = processes.fork('load', ENTRY, {});
  const pending = new Map<number, Pending>();
  let nextId = 1;
  child.process.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (!waiting) return;
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(new Error(`load generator: ${reply.error}`));
  });
  void child.exited.then((code) => {
    for (const waiting of pending.values()) {
      waiting.reject(new Error(`the load generator exited (${code}); its log ends:\n${child.tail()}`));
    }
    pending.clear();
  });

  // Distributive, so each command keeps its own fields once the id is added.
  type Body = Command extends infer C ? (C extends Command ? Omit<C, 'id'> : never) : never;
  const send = <T>(command: Body): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!child.running) {
        reject(new Error(`the load generator is not running; its log ends:\n${child.tail()}`));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.process.send({ ...command, id });
    });

  return {
    connect: (sockets, concurrency) => send({ type: 'connect', sockets, concurrency }),
    load: (load) => send({ type: 'load', load }),
    catchUp: (url, token, deviceId, after) => send({ type: 'catch-up', url, token, deviceId, after }),
    status: () => send({ type: 'fleet-status' }),
    disconnect: () => send({ type: 'disconnect' }),
  };
}
