// The deployment's exceptions to the address policy (OUTBOUND_ALLOW): CIDR
// ranges (any port) and host:port pairs. Kept free of network code so the
// config package can validate the variable with the same parser.
import ipaddr from 'ipaddr.js';
import { type ParsedAddress, parseAddress } from './address-ranges.ts';

export type AllowRule =
  | { kind: 'cidr'; range: [ParsedAddress, number]; entry: string }
  | { kind: 'host'; host: string; port: number; entry: string };

/** Lower case, no brackets, no trailing dot: how a host compares. */
export function normalizeHost(host: string): string {
  return host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** Parses one entry; throws an Error whose message says what is wrong with it. */
export function parseAllowEntry(raw: string): AllowRule {
  const entry = raw.trim();
  const hostPort = HOST_PORT.exec(entry);
  if (hostPort) {
    const port = Number(hostPort[2]);
    if (port < 1 || port > 65535) throw new Error(`"${entry}": the port must be 1-65535`);
    return { kind: 'host', host: normalizeHost(hostPort[1] as string), port, entry };
  }
  const [address, bits] = entry.split('/');
  const parsed = address === undefined ? null : parseAddress(address);
  if (!parsed) throw new Error(`"${entry}": expected a CIDR (10.0.0.0/8, fd00::/8), an IP, or host:port`);
  const max = parsed.kind() === 'ipv4' ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits))) {
    throw new Error(`"${entry}": the prefix length must be 0-${max}`);
  }
  // parseAddress maps ::ffff:a.b.c.d to IPv4, so a mapped CIDR's prefix shrinks by 96 bits.
  const isMapped =
    address !== undefined && parsed.kind() === 'ipv4' && ipaddr.IPv6.isValid(address.replace(/^\[|\]$/g, ''));
  const adjusted = isMapped ? Math.max(0, prefix - 96) : prefix;
  return { kind: 'cidr', range: [parsed, adjusted], entry };
}

/** Parses a comma-separated OUTBOUND_ALLOW value (empty: no exceptions). */
export function parseAllowlist(value: string | readonly string[] | undefined): AllowRule[] {
  if (value === undefined) return [];
  const entries = typeof value === 'string' ? value.split(',') : value;
  return entries
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(parseAllowEntry);
}

/** The entry's problem, or null when it parses: for config validation. */
export function allowEntryProblem(entry: string): string | null {
  try {
    parseAllowEntry(entry);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
