// @relay/egress: every server-side request to a URL outside Relay (channel
// callbacks, provider APIs and media, later AI and S3) goes through
// createEgress, which refuses loopback, private, link-local, metadata and other
// special addresses unless the deployment allowlisted them (OUTBOUND_ALLOW),
// pins the address it checked, and caps redirects, size and time.
export { refusedRange } from './address-ranges.ts';
export { type AllowRule, allowEntryProblem, parseAllowlist } from './allowlist.ts';
export {
  createEgress,
  DEFAULT_MAX_REDIRECTS,
  type Egress,
  type EgressOptions,
  type EgressRequest,
  type EgressResponse,
} from './create-egress.ts';
export { EgressError, type EgressErrorKind, findEgressError } from './egress-error.ts';
export { type ResolvedAddress, type Resolver, systemResolver } from './pinned-connector.ts';
export { createPolicy, type EgressPolicy, type PolicyInput, staticUrlProblem } from './policy.ts';
export { DEFAULT_MAX_TEXT_BYTES, readText } from './read-limited.ts';
