// Measures event fan-out lag where it costs least: in the packet encoder,
// which Socket.IO calls once per broadcast (not once per socket) on every
// path, local emits and those arriving through the Redis adapter alike. An
// `event` packet's envelope carries `at`, its event's created_at; the lag is
// from then to this node encoding it for its sockets.
import type { GatewayMetrics } from '@relay/metrics';
import { type Packet, PacketType } from 'socket.io-parser';
import { socketParser } from './socket-parser.ts';

function observeLag(packet: Packet, lag: GatewayMetrics['fanOutLag']): void {
  if (packet.type !== PacketType.EVENT || !Array.isArray(packet.data) || packet.data[0] !== 'event') return;
  const at = Date.parse((packet.data[1] as { at?: string } | undefined)?.at ?? '');
  if (!Number.isNaN(at)) lag.observe(Math.max(0, Date.now() - at) / 1000);
}

/** The gateway's parser (socket-parser.ts) with an encoder that observes each event's lag into `lag`. */
export function measuredSocketParser(lag: GatewayMetrics['fanOutLag']): typeof socketParser {
  class MeasuredEncoder extends socketParser.Encoder {
    override encode(packet: Packet) {
      observeLag(packet, lag);
      return super.encode(packet);
    }
  }
  return { Encoder: MeasuredEncoder, Decoder: socketParser.Decoder };
}
