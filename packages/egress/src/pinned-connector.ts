// The connector every egress connection goes through: it resolves the host,
// judges every address against the policy, and connects to the address it
// judged (the TLS name stays the host's). Nothing is resolved twice, so a DNS
// answer that changes between the check and the connect (rebinding) changes
// nothing. Literal-IP hosts are judged here too: Node skips `lookup` for them.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { EgressError } from './egress-error.ts';
import { addressProblem, defaultPort, type EgressPolicy, isTrustedHost } from './policy.ts';

export type ResolvedAddress = { address: string; family: number };
/** Resolves a host name to every address it has (tests inject one that answers what they need). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export type PinnedConnectorOptions = {
  policy: EgressPolicy;
  resolver?: Resolver;
  connectTimeoutMs: number;
  /** Told of each refusal (logs, metrics); the error itself goes to the caller. */
  onRefused?: (reason: string) => void;
};

async function pickAddress(options: PinnedConnectorOptions, hostname: string, port: number): Promise<ResolvedAddress> {
  const literal = isIP(hostname);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: hostname, family: literal }];
  else {
    try {
      addresses = await (options.resolver ?? systemResolver)(hostname);
    } catch (error) {
      throw new EgressError('network', 'the host name did not resolve', error);
    }
  }
  // One address is connected to (the one judged); IPv4 first, since a host
  // without an IPv6 route would fail where Node's happy eyeballs would not.
  const first = addresses.find((a) => a.family === 4) ?? addresses[0];
  if (!first) throw new EgressError('network', 'the host name did not resolve');
  if (isTrustedHost(options.policy, hostname, port)) return first;
  // Every address must pass: a name with one public and one private record is refused.
  for (const { address } of addresses) {
    const problem = addressProblem(options.policy, address, port);
    if (problem) {
      options.onRefused?.(problem);
      throw new EgressError('refused', `refused: ${problem}`);
    }
  }
  return first;
}

export function pinnedConnector(options: PinnedConnectorOptions): buildConnector.connector {
  const connect = buildConnector({ timeout: options.connectTimeoutMs });
  return (connectOptions, callback) => {
    const hostname = connectOptions.hostname.replace(/^\[|\]$/g, '');
    const port = connectOptions.port ? Number(connectOptions.port) : defaultPort(connectOptions.protocol);
    pickAddress(options, hostname, port).then(
      ({ address }) =>
        connect(
          {
            ...connectOptions,
            hostname: address,
            // Certificates are checked against the name asked for, not the address.
            servername: connectOptions.servername || (isIP(hostname) ? undefined : hostname),
          } as buildConnector.Options,
          callback,
        ),
      (error: Error) => callback(error, null),
    );
  };
}
