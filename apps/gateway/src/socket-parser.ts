// The Socket.IO packet parser with our JSON depth limit: a text packet nested
// deeper than MAX_JSON_DEPTH is refused before JSON.parse, in one pass over
// it. Socket.IO treats a decoder error as a protocol violation and closes that
// connection (no handler runs, nothing is acked); its own binary-packet
// reconstruction recurses, so a deep binary event would otherwise end the same
// way only after a RangeError. Size is capped separately (maxHttpBufferSize).
// Its encoder writes a RawJson value into a packet as the JSON text it holds:
// a sync page's events, built from the stored payloads, are sent without
// being parsed and serialised again.
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from '@relay/contracts';
import { Decoder, Encoder, type Packet } from 'socket.io-parser';

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

/** JSON text that the encoder puts into a packet as it is (the caller vouches that it is JSON). */
export class RawJson {
  constructor(readonly json: string) {}
}

// What JSON.stringify writes for the string standing in for a RawJson. PostgreSQL text cannot
// hold NUL, and only a packet that carries a RawJson is searched for it.
const STAND_IN = '\u0000relay:raw-json\u0000';
const STAND_IN_JSON = JSON.stringify(STAND_IN);

class RawJsonEncoder extends Encoder {
  private readonly raws: string[];

  constructor() {
    const raws: string[] = [];
    super((_key: string, value: unknown) => {
      if (!(value instanceof RawJson)) return value;
      raws.push(value.json);
      return STAND_IN;
    });
    this.raws = raws;
  }

  override encode(packet: Packet) {
    this.raws.length = 0;
    const encoded = super.encode(packet);
    if (this.raws.length === 0 || typeof encoded[0] !== 'string') return encoded;
    const parts = encoded[0].split(STAND_IN_JSON);
    if (parts.length !== this.raws.length + 1) throw new Error('a raw JSON stand-in appeared in a packet unasked');
    let text = parts[0] as string;
    for (let i = 0; i < this.raws.length; i++) text += (this.raws[i] as string) + (parts[i + 1] as string);
    encoded[0] = text;
    return encoded;
  }
}

/** Pass as the Server's `parser` option. */
export const socketParser = { Encoder: RawJsonEncoder, Decoder: DepthLimitedDecoder };
