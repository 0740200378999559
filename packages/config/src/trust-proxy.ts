// Owns TRUST_PROXY: which peers may tell us the client's address through
// X-Forwarded-For. Off unless set, because a header anyone can send is only
// evidence when it comes from a proxy we run; trusting it from every private
// peer let a forged header escape the per-IP login and sign-up limits.
import { isIP } from 'node:net';
import { z } from 'zod';

/** false: use the socket's peer address; a number: hops to skip; a list: trusted proxy addresses. */
export type TrustProxy = false | number | string[];

/** Express's names for address ranges (proxy-addr). */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const OFF = new Set(['false', 'off', 'none', '0']);
const MAX_HOPS = 10;

function isAddressOrCidr(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const MESSAGE = `must be off, a hop count (1-${MAX_HOPS}) or a comma list of proxy addresses, CIDRs or loopback/linklocal/uniquelocal`;

export const trustProxySchema = z
  .string()
  .trim()
  .transform((value, ctx): TrustProxy => {
    const lower = value.toLowerCase();
    if (OFF.has(lower)) return false;
    if (/^\d+$/.test(lower)) {
      const hops = Number(lower);
      if (hops <= MAX_HOPS) return hops;
    } else {
      const entries = lower.split(',').map((entry) => entry.trim());
      if (entries.every((entry) => entry !== '' && isAddressOrCidr(entry))) return entries;
    }
    // "true" would trust the leftmost X-Forwarded-For entry, which the client writes.
    ctx.addIssue({ code: 'custom', message: MESSAGE });
    return z.NEVER;
  });
