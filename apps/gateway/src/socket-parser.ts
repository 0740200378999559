// The Socket.IO packet parser with our JSON depth limit: a text packet nested
// deeper than MAX_JSON_DEPTH is refused before JSON.parse, in one pass over
// it. Socket.IO treats a decoder error as a protocol violation and closes that
// connection (no handler runs, nothing is acked); its own binary-packet
// reconstruction recurses, so a deep binary event would otherwise end the same
// way only after a RangeError. Size is capped separately (maxHttpBufferSize).
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from '@relay/contracts';
import { Decoder, Encoder } from 'socket.io-parser';

export class PayloadTooDeepError extends Error {
  override name = 'PayloadTooDeepError';
}

class DepthLimitedDecoder extends Decoder {
  override add(packet: unknown): void {
    if (typeof packet === 'string' && jsonNestsDeeperThan(packet, MAX_JSON_DEPTH)) {
      throw new PayloadTooDeepError(`socket payload nested deeper than ${MAX_JSON_DEPTH} levels`);
    }
    super.add(packet);
  }
}

/** Pass as the Server's `parser` option. */
export const depthLimitedParser = { Encoder, Decoder: DepthLimitedDecoder };
