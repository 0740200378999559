// Test support: a steady stream of requests on keep-alive connections that
// goes on through a server's shutdown, for the SIGTERM tests of the API and of
// standalone. Test-only: nothing outside test files imports this entry.
import { Agent, request } from 'node:http';

export type ShutdownLoadReport = {
  answered: number;
  /** Answered after `stop` was called: requests the server let finish. */
  answeredAfterStop: number;
  /** Responses that carried `Connection: close`: the server ending keep-alive connections. */
  closedByServer: number;
  /** Clients whose next new connection was refused: the server had stopped listening. */
  refused: number;
  /** 5xx answers and network errors on requests the server had accepted (resets, hang-ups). */
  failures: string[];
};

type Outcome = { status: number; connection: string | undefined } | { error: string };

function send(agent: Agent, port: number, path: string, headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      res.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

/**
 * Runs `concurrency` clients sending GET `path` back to back; once `warmup` requests are answered,
 * calls `stop` (send the signal) and goes on until every client's next connection is refused.
 * A refused new connection after `stop` is what a client expects from a server that is going away;
 * anything else that is not an answer below 500 is a failure.
 */
export async function loadThroughShutdown(options: {
  port: number;
  path: string;
  headers?: Record<string, string>;
  concurrency?: number;
  warmup?: number;
  stop: () => void;
}): Promise<ShutdownLoadReport> {
  const { port, path, headers = {}, concurrency = 8, warmup = 40 } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const report: ShutdownLoadReport = { answered: 0, answeredAfterStop: 0, closedByServer: 0, refused: 0, failures: [] };
  let stopped = false;
  let warmedUp: () => void = () => {};
  const warm = new Promise<void>((resolve) => {
    warmedUp = resolve;
  });
  const client = async () => {
    for (;;) {
      const outcome = await send(agent, port, path, headers);
      if ('error' in outcome) {
        if (outcome.error === 'ECONNREFUSED' && stopped) report.refused++;
        else report.failures.push(`network error ${outcome.error}`);
        warmedUp();
        return;
      }
      report.answered++;
      if (stopped) report.answeredAfterStop++;
      if (outcome.connection === 'close') report.closedByServer++;
      if (outcome.status >= 500) report.failures.push(`status ${outcome.status}`);
      if (report.answered >= warmup) warmedUp();
    }
  };
  try {
    const clients = Array.from({ length: concurrency }, client);
    await warm;
    stopped = true;
    options.stop();
    await Promise.all(clients);
  } finally {
    agent.destroy();
  }
  return report;
}
