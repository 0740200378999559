// Where the browser finds the API and the realtime gateway. Standalone serves
// all three on one origin, so both default to it; scaled mode sets the
// NEXT_PUBLIC_ variables at build time (Next inlines them, so they are read
// here by their literal names and nowhere else).
const apiUrl = process.env.NEXT_PUBLIC_API_URL ?? '';
const gatewayUrl = process.env.NEXT_PUBLIC_GATEWAY_URL ?? '';

/** The API's origin, '' for same origin (paths stay relative). */
export const API_ORIGIN = apiUrl.replace(/\/+$/, '');

/** The gateway's origin; same origin unless configured. Browser only. */
export function gatewayOrigin(): string {
  return gatewayUrl.replace(/\/+$/, '') || window.location.origin;
}
