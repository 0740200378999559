// Shared by the push tests: stand-ins, senders and temp dirs closed after each
// test, a PushMessage builder, and a raw HTTPS call through an agent.
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { type Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createPushSender, type PushMessage, type PushSender } from '../../src/index.ts';
import { type FcmStandIn, type FcmStandInOptions, startFcmStandIn } from '../../src/testing/index.ts';

const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  // Senders before stand-ins: a sender's keep-alive sockets point at a stand-in.
  await Promise.all(
    closers
      .splice(0)
      .reverse()
      .map((close) => close()),
  );
});

export function closeAfterTest(close: () => Promise<void>): void {
  closers.push(close);
}

export async function standIn(options?: FcmStandInOptions): Promise<FcmStandIn> {
  const started = await startFcmStandIn(options);
  closeAfterTest(started.close);
  return started;
}

/** The cheap path: the stand-in's fixed token, its agent. */
export function senderFor(fcm: FcmStandIn): PushSender {
  const sender = createPushSender({ projectId: fcm.projectId, credential: fcm.credential, httpAgent: fcm.agent });
  closeAfterTest(sender.close);
  return sender;
}

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'relay-push-'));
  closeAfterTest(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function pushMessage(token: string, overrides: Partial<PushMessage> = {}): PushMessage {
  return {
    token,
    title: 'Anna Lee',
    body: 'Is the repair ready?',
    data: { type: 'message.created', conversationId: '0b5c6f7e-8a1d-4c2b-9e3f-1a2b3c4d5e6f', seq: '42' },
    collapseKey: '0b5c6f7e-8a1d-4c2b-9e3f-1a2b3c4d5e6f',
    ...overrides,
  };
}

export type RawResponse = { status: number; headers: IncomingHttpHeaders; body: unknown };

/** One HTTPS POST as any client would make it, to see the stand-in's answers undressed. */
export function post(
  agent: Agent,
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
