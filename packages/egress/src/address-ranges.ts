// Which IP addresses an outbound request may reach without an allowlist entry:
// ordinary public unicast only. ipaddr.js names the special-purpose ranges
// (IANA's registries); anything it does not call "unicast" is refused, and so
// are the IPv6 forms that embed an IPv4 address it would otherwise let through.
import ipaddr from 'ipaddr.js';

export type ParsedAddress = ipaddr.IPv4 | ipaddr.IPv6;

// ipaddr.js calls these "unicast", yet each one can carry a private IPv4 address.
const EMBEDDING_V6: [ipaddr.IPv6, number][] = [
  // IPv4-compatible (::a.b.c.d, deprecated by RFC 4291): ::127.0.0.1 reaches loopback on some stacks.
  [ipaddr.IPv6.parse('::'), 96],
  // Local-use NAT64 (RFC 8215): a NAT64 gateway turns these into any IPv4 address.
  [ipaddr.IPv6.parse('64:ff9b:1::'), 48],
];

/** The address as ipaddr.js sees it, an IPv4-mapped IPv6 address as its IPv4 address. */
export function parseAddress(address: string): ParsedAddress | null {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return null;
  const parsed = ipaddr.parse(bare);
  return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
    ? (parsed as ipaddr.IPv6).toIPv4Address()
    : parsed;
}

/**
 * Why the address may not be reached (the name of its range: "loopback",
 * "private", "linkLocal", …), or null for a public unicast address.
 */
export function refusedRange(address: ParsedAddress): string | null {
  const range = address.range();
  if (range !== 'unicast') return range;
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    if (v6.zoneId) return 'scoped';
    if (EMBEDDING_V6.some((embedding) => v6.match(embedding))) return 'ipv4Embedded';
  }
  return null;
}
