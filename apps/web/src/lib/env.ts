// Where the browser finds the API and the realtime gateway. Standalone serves
// all three on one origin, so both default to it; scaled mode sets the
// NEXT_PUBLIC_ variables at build time (Next inlines them, so they are read
// here by their literal names and nowhere else).
const apiUrl = process.env.NEXT_PUBLIC_API_URL ?? '';
const gatewayUrl = process.env.NEXT_PUBLIC_GATEWAY_URL ?? '';

/**
 * `next dev` parses every API answer with its route contract, so a drift shows at once; production
 * builds (and tests) do not: the API checks what it sends outside production, and parsing every
 * answer in the browser would cost on each list and page for nothing.
 */
export const PARSE_RESPONSES = process.env.NODE_ENV === 'development';

/** The API's origin, '' for same origin (paths stay relative). */
export const API_ORIGIN = apiUrl.replace(/\/+$/, '');

/** The gateway's origin; same origin unless configured. Browser only. */
export function gatewayOrigin(): string {
  return gatewayUrl.replace(/\/+$/, '') || window.location.origin;
}
