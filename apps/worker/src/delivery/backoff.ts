// Exponential backoff with full jitter (AWS architecture blog), capped; a
// provider's Retry-After wins when it asks for longer. Three lines of
// arithmetic, so no library.
const BASE_MS = 1000;
const CAP_MS = 10 * 60 * 1000;

export function retryDelayMs(attempt: number, retryAfterMs: number | null, random = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
