// Reading an answer with a size cap: the stream is cut as soon as it passes
// the limit, whatever Content-Length said (or did not say).

import type { EgressResponse } from './create-egress.ts';
import { EgressError, networkCode } from './egress-error.ts';

export const DEFAULT_MAX_TEXT_BYTES = 64 * 1024;

/** The body as text, refused past maxBytes; time is bounded by the request's timeoutMs or signal. */
export async function readText(response: EgressResponse, maxBytes = DEFAULT_MAX_TEXT_BYTES): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (response.headers.has('content-length') && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new EgressError('too_large', `the answer is larger than ${maxBytes} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += value.byteLength;
      if (seen > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new EgressError('too_large', `the answer is larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof EgressError) throw error;
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw timedOut
      ? new EgressError('timeout', 'the answer did not finish in time', error)
      : new EgressError('network', `the answer was cut off (${networkCode(error)})`, error);
  }
  return Buffer.concat(chunks).toString('utf8');
}
