// @relay/realtime/client: the browser-safe realtime client (socket.io-client
// and @relay/contracts only; nothing from the server side of this package).
export {
  createRealtimeClient,
  type RealtimeClient,
  type RealtimeClientOptions,
  type RealtimeSocket,
  type RealtimeStatus,
} from './realtime-client.ts';
