// A local api channel integration: receives Relay's signed callbacks, checks
// X-Signature against the shared secret, and answers with its own message id.
import { hmacSha256Hex, safeEqual } from '../signatures.ts';
import {
  type RecordedRequest,
  type StandInResponse,
  type StandInServer,
  startStandInServer,
} from './stand-in-server.ts';

export type ApiCallbackRequest = RecordedRequest & {
  /** Whether X-Signature matched the exact bytes received. */
  verified: boolean;
};

export type ApiCallbackStandIn = Omit<StandInServer, 'origin' | 'requests'> & {
  /** Pass as the sender's callbackUrl. */
  url: string;
  /** Every request received, failed ones (failNext) included. */
  readonly requests: ApiCallbackRequest[];
};

export async function startApiCallbackStandIn(options: { secret: string }): Promise<ApiCallbackStandIn> {
  const verify = (request: RecordedRequest) => {
    const header = request.headers['x-signature'];
    return typeof header === 'string' && safeEqual(header, `sha256=${hmacSha256Hex(options.secret, request.rawBody)}`);
  };
  let answered = 0;
  const answer = (request: RecordedRequest): StandInResponse => {
    if (!verify(request)) return { status: 401, body: { error: 'bad signature' } };
    answered += 1;
    return { status: 200, body: { id: `ext-${answered}` } };
  };

  const server = await startStandInServer(answer);
  return {
    url: `${server.origin}/relay/callback`,
    get requests() {
      return server.requests.map((request) => ({ ...request, verified: verify(request) }));
    },
    failNext: server.failNext,
    close: server.close,
  };
}
