import { createDb } from '@relay/db';
import { startTcpProxy } from '@relay/db/testing';
import { pino } from 'pino';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { startPollLoop } from '../src/loops/poll-loop.ts';

type Line = { level: number; msg: string; loop?: string; dependency?: string };

/** A logger that keeps its lines for the test to read. */
function recordingLogger() {
  const lines: Line[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  return { logger, lines };
}

describe('a worker loop while the database is down', () => {
  const proxied = (async () => {
    const { hostname, port } = new URL(inject('databaseUrl'));
    const proxy = await startTcpProxy({ host: hostname, port: Number(port || 5432) });
    const sql = createDb({ url: proxy.via(inject('databaseUrl')), max: 1, connectTimeoutMs: 2000 });
    return { proxy, sql };
  })();
  afterAll(async () => {
    const { proxy, sql } = await proxied;
    await sql.end({ timeout: 5 });
    await proxy.close();
  });

  it('logs the outage once, backs off, and resumes when the database answers again', async () => {
    const { proxy, sql } = await proxied;
    const { logger, lines } = recordingLogger();
    let ticks = 0;
    let answered = 0;
    const loop = startPollLoop({
      name: 'outage-probe',
      logger,
      pollMs: 10,
      async tick() {
        ticks++;
        await sql`select 1`;
        answered++;
        return undefined;
      },
    });
    try {
      await vi.waitUntil(() => answered > 0, { timeout: 10_000 });
      await proxy.down();
      const before = ticks;
      // Several failed ticks, each of which used to log an error with its stack.
      await vi.waitUntil(() => ticks >= before + 5, { timeout: 30_000, interval: 10 });
      const outageLines = lines.filter((line) => line.level >= 40);
      expect(outageLines).toEqual([
        expect.objectContaining({
          level: 40,
          loop: 'outage-probe',
          dependency: 'database',
          msg: 'dependency unavailable; loop backs off until it answers',
        }),
      ]);
      const answeredBefore = answered;
      await proxy.up();
      await vi.waitUntil(() => answered > answeredBefore, { timeout: 30_000, interval: 10 });
      await vi.waitUntil(() => lines.some((line) => line.msg === 'dependency is back; loop resumed'), {
        timeout: 5000,
      });
      expect(lines.filter((line) => line.level >= 40)).toHaveLength(1);
    } finally {
      await loop.stop();
      await proxy.up();
    }
  });
});
