// The outbound-URL policy: which URLs and which resolved addresses a request
// may go to. Pure decisions; the connector (pinned-connector.ts) applies them
// to the addresses it is about to connect to.
import { type ParsedAddress, parseAddress, refusedRange } from './address-ranges.ts';
import { type AllowRule, normalizeHost, parseAllowlist } from './allowlist.ts';

export type EgressPolicy = {
  /** OUTBOUND_ALLOW: CIDRs (any port) and host:port pairs that may be reached even if not public. */
  allow: readonly AllowRule[];
};

export type PolicyInput = {
  /** OUTBOUND_ALLOW's entries (or its raw comma list). */
  allow?: string | readonly string[];
  /**
   * URLs the deployment configured (TELEGRAM_API_BASE_URL, …): their host:port is
   * trusted whatever it resolves to. Tenant-supplied URLs never go here.
   */
  trustedUrls?: readonly string[];
};

export function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : 80;
}

export function createPolicy(input: PolicyInput = {}): EgressPolicy {
  const trusted: AllowRule[] = (input.trustedUrls ?? []).map((raw) => {
    const url = new URL(raw);
    const port = url.port ? Number(url.port) : defaultPort(url.protocol);
    return { kind: 'host', host: normalizeHost(url.hostname), port, entry: `${url.hostname}:${port}` };
  });
  return { allow: [...parseAllowlist(input.allow), ...trusted] };
}

/** Why the URL itself may never be fetched (scheme, credentials), or null. */
export function urlProblem(url: URL): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs are allowed';
  if (url.username || url.password) return 'URLs with a user name or password are not allowed';
  return null;
}

function hostAllowed(policy: EgressPolicy, host: string, port: number): boolean {
  const name = normalizeHost(host);
  return policy.allow.some((rule) => rule.kind === 'host' && rule.host === name && rule.port === port);
}

function addressAllowed(policy: EgressPolicy, address: ParsedAddress, port: number): boolean {
  return policy.allow.some((rule) => {
    if (rule.kind === 'cidr') return rule.range[0].kind() === address.kind() && address.match(rule.range as never);
    const ruleAddress = parseAddress(rule.host);
    return (
      rule.port === port &&
      ruleAddress !== null &&
      ruleAddress.kind() === address.kind() &&
      ruleAddress.toNormalizedString() === address.toNormalizedString()
    );
  });
}

/** True when host:port is named by an allowlist entry or a trusted URL: any address it resolves to will do. */
export function isTrustedHost(policy: EgressPolicy, host: string, port: number): boolean {
  return hostAllowed(policy, host, port);
}

/**
 * Why the request may not connect to `address` (port `port`), or null. The
 * reason names the range ("a loopback address"), never the address.
 */
export function addressProblem(policy: EgressPolicy, address: string, port: number): string | null {
  const parsed = parseAddress(address);
  if (!parsed) return 'the destination is not an IP address';
  const range = refusedRange(parsed);
  if (range === null || addressAllowed(policy, parsed, port)) return null;
  return `the destination is a ${range} address, which is not allowed`;
}

/** Why a URL can never pass, judged without DNS (for validating a URL when it is saved), or null. */
export function staticUrlProblem(policy: EgressPolicy, raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  const problem = urlProblem(url);
  if (problem) return problem;
  const port = url.port ? Number(url.port) : defaultPort(url.protocol);
  if (hostAllowed(policy, url.hostname, port)) return null;
  // A literal address is judged now; a name is judged each time it is resolved,
  // except localhost, which always means loopback (RFC 6761).
  if (parseAddress(url.hostname)) return addressProblem(policy, url.hostname, port);
  return /(^|\.)localhost$/.test(normalizeHost(url.hostname))
    ? 'the destination is a loopback address, which is not allowed'
    : null;
}
