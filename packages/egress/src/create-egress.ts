// createEgress: the one way a Relay process makes an HTTP request to a URL
// outside itself. Every hop (the first request and each redirect) passes the
// policy; connections go only to the addresses the policy judged; redirects,
// time and (with readText) size are capped; failures are EgressErrors in fixed
// words.
import { Agent, fetch as undiciFetch } from 'undici';
import { EgressError, findEgressError, networkCode } from './egress-error.ts';
import { pinnedConnector, type Resolver } from './pinned-connector.ts';
import { createPolicy, type PolicyInput, staticUrlProblem, urlProblem } from './policy.ts';

export type EgressOptions = PolicyInput & {
  resolver?: Resolver;
  /** TCP (and TLS) connect, per hop. */
  connectTimeoutMs?: number;
  /** Headers must start within this of the request, and body chunks within this of each other. */
  idleTimeoutMs?: number;
  onRefused?: (reason: string) => void;
};

export type EgressRequest = {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Already serialised (signatures are computed over the exact bytes). */
  body?: string;
  signal?: AbortSignal;
  /** Redirects to follow, each judged by the policy; 0 hands a 3xx back as it is. */
  maxRedirects?: number;
  /** The whole exchange, body included; the caller's signal may end it sooner. */
  timeoutMs?: number;
};

/** undici's Response: the standard fetch Response, from the undici package Relay pins. */
export type EgressResponse = Awaited<ReturnType<typeof undiciFetch>>;

export type Egress = {
  fetch(url: string, request?: EgressRequest): Promise<EgressResponse>;
  /**
   * Why a URL can never pass this client's policy, judged without DNS (scheme,
   * credentials, a literal refused address, localhost), or null: for checking
   * a URL when it is saved. A name that passes is still judged at each request.
   */
  problemWith(url: string): string | null;
  close(): Promise<void>;
};

export const DEFAULT_MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Headers that must not follow a redirect to another origin.
const ORIGIN_BOUND = ['authorization', 'cookie', 'proxy-authorization', 'x-signature'];

function refusal(message: string): EgressError {
  return new EgressError('refused', `refused: ${message}`);
}

export function createEgress(options: EgressOptions = {}): Egress {
  const policy = createPolicy(options);
  const idle = options.idleTimeoutMs ?? 30_000;
  const agent = new Agent({
    connect: pinnedConnector({
      policy,
      resolver: options.resolver,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      onRefused: options.onRefused,
    }),
    headersTimeout: idle,
    bodyTimeout: idle,
  });

  async function send(url: URL, request: EgressRequest, signal: AbortSignal | undefined): Promise<EgressResponse> {
    const problem = urlProblem(url);
    if (problem) {
      options.onRefused?.(problem);
      throw refusal(problem);
    }
    return undiciFetch(url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      signal,
      redirect: 'manual',
      dispatcher: agent,
    });
  }

  return {
    async fetch(raw, request = {}) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw refusal('not a valid URL');
      }
      const deadline = request.timeoutMs === undefined ? undefined : AbortSignal.timeout(request.timeoutMs);
      const signals = [deadline, request.signal].filter((s): s is AbortSignal => s !== undefined);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      const maxRedirects = request.maxRedirects ?? 0;
      let hop = { ...request };
      try {
        for (let redirects = 0; ; redirects++) {
          const response = await send(url, hop, signal);
          const location = response.headers.get('location');
          if (!REDIRECTS.has(response.status) || !location || maxRedirects === 0) return response;
          await response.body?.cancel().catch(() => {});
          if (redirects >= maxRedirects) {
            throw new EgressError('too_many_redirects', `more than ${maxRedirects} redirects`);
          }
          const next = new URL(location, url);
          const headers = { ...hop.headers };
          if (next.origin !== url.origin) {
            for (const name of Object.keys(headers)) {
              if (ORIGIN_BOUND.includes(name.toLowerCase())) delete headers[name];
            }
          }
          // 303, and 301/302 after a POST, turn into a GET without the body (what browsers do).
          const toGet = response.status === 303 || (hop.method === 'POST' && response.status < 303);
          hop = toGet ? { ...hop, method: 'GET', body: undefined, headers } : { ...hop, headers };
          url = next;
        }
      } catch (error) {
        const known = findEgressError(error);
        if (known) throw known;
        if (deadline?.aborted) throw new EgressError('timeout', `no answer within ${request.timeoutMs} ms`, error);
        if (request.signal?.aborted) throw new EgressError('cancelled', 'the request was cancelled', error);
        throw new EgressError('network', `connection failed (${networkCode(error)})`, error);
      }
    },
    problemWith: (url) => staticUrlProblem(policy, url),
    close: () => agent.close(),
  };
}
