// An https.Agent that sends every connection to one host:port (a local FCM
// stand-in) while still speaking TLS as the original host: SNI and the
// certificate check use fcm.googleapis.com / oauth2.googleapis.com, and only
// the given CA is trusted. Node's global CA store is never touched.

import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';

export type ConnectingAgentOptions = {
  /** host:port every connection goes to instead of the requested host. */
  connectTo: string;
  /** PEM of the certificate authority to trust (instead of the system ones). */
  ca?: string;
};

export function parseHostPort(value: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match?.[1] || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`connectTo must be host:port, got "${value}"`);
  }
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

class ConnectingAgent extends Agent {
  readonly #target: { host: string; port: number };

  constructor(target: { host: string; port: number }, options: AgentOptions) {
    super(options);
    this.#target = target;
  }

  override createConnection(
    options: RequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const requested = options.hostname ?? options.host ?? undefined;
    // Node sets servername from the requested host before this point; keep it, or derive it the same way.
    const servername = options.servername ?? (requested && !isIP(requested) ? requested : undefined);
    return super.createConnection({ ...options, ...this.#target, servername }, callback);
  }
}

export function connectingAgent(options: ConnectingAgentOptions): Agent {
  return new ConnectingAgent(parseHostPort(options.connectTo), {
    keepAlive: true,
    ...(options.ca ? { ca: options.ca } : {}),
  });
}
