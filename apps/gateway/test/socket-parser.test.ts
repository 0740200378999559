// The gateway's packet encoder: a RawJson value goes into the packet as the
// JSON text it holds, and what a client decodes equals what serialising the
// parsed value would have given; every other packet is encoded as before.
import { Decoder, Encoder, type Packet, PacketType } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { RawJson, socketParser } from '../src/socket-parser.ts';

function decode(encoded: unknown[]): unknown {
  const decoder = new Decoder();
  let packet: unknown;
  decoder.on('decoded', (decoded: unknown) => {
    packet = decoded;
  });
  for (const part of encoded) decoder.add(part as string);
  return packet;
}

describe('the socket parser', () => {
  const encoder = new socketParser.Encoder();
  const events = [
    { seq: 1, type: 't.x', data: { a: [1, 2.5, 'x_y'], 'b c': { d: null } } },
    { seq: 2, data: {} },
  ];
  const raw = '[{"seq": 1, "type": "t.x", "data": {"a": [1, 2.5, "x_y"], "b c": {"d": null}}}, {"seq": 2, "data": {}}]';

  it('writes a RawJson as its text, so the client decodes the value it stands for', () => {
    const packet: Packet = {
      type: PacketType.ACK,
      nsp: '/',
      id: 12,
      data: [{ ok: true, events: new RawJson(raw), latestSeq: 2, reset: false }],
    };
    const encoded = encoder.encode(packet);
    expect(encoded).toEqual([`312[{"ok":true,"events":${raw},"latestSeq":2,"reset":false}]`]);
    expect(decode(encoded)).toEqual({ ...packet, data: [{ ok: true, events, latestSeq: 2, reset: false }] });
  });

  it('encodes a packet without RawJson exactly as socket.io does, the stand-in text included', () => {
    const plain: Packet = {
      type: PacketType.EVENT,
      nsp: '/',
      data: ['event', { text: '\u0000relay:raw-json\u0000', events }],
    };
    expect(encoder.encode(plain)).toEqual(new Encoder().encode(plain));
    expect(encoder.encode({ type: PacketType.ACK, nsp: '/', id: 3, data: [{ events: new RawJson('[]') }] })).toEqual([
      '33[{"events":[]}]',
    ]);
  });
});
