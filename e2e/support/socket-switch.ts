// Holding a page's Socket.IO WebSockets, because Chromium's offline emulation
// stops HTTP but leaves an open WebSocket alone: `cut()` drops the live ones
// and refuses new ones until `restore()`.
import type { Page, WebSocketRoute } from '@playwright/test';

export type SocketSwitch = {
  /** How many WebSockets are live through the switch now. */
  live(): number;
  cut(): Promise<void>;
  restore(): void;
};

export async function holdSockets(page: Page): Promise<SocketSwitch> {
  let cut = false;
  const live: WebSocketRoute[] = [];
  const close = (ws: WebSocketRoute) => ws.close({ code: 4000, reason: 'offline' });
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (cut) {
      void close(ws);
      return;
    }
    ws.connectToServer();
    live.push(ws);
  });
  return {
    live: () => live.length,
    async cut() {
      cut = true;
      await Promise.all(live.splice(0).map(close));
    },
    restore() {
      cut = false;
    },
  };
}
