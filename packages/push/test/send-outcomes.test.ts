// What each FCM answer becomes for the caller, after firebase-admin 13 has done
// its own retrying (503 and ECONNRESET/ETIMEDOUT only, up to 4 more times).
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cert } from 'firebase-admin/app';
import { describe, expect, it } from 'vitest';
import { connectingAgent, createPushSender } from '../src/index.ts';
import { fcmError, generateServiceAccount } from '../src/testing/index.ts';
import { closeAfterTest, pushMessage, senderFor, standIn, tempDir } from './support/push-fixtures.ts';

const sendsTo = (fcm: { requests: Array<{ token: string }> }, token: string) =>
  fcm.requests.filter((r) => r.token === token).length;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('PushSender outcomes', () => {
  it('tells a dead token (UNREGISTERED, invalid token) from a bad message, in order', async () => {
    const fcm = await standIn();
    const sender = senderFor(fcm);
    fcm.script('gone', [fcmError('UNREGISTERED')]);
    fcm.script('garbled', [fcmError('INVALID_ARGUMENT')]);
    fcm.script('bad-payload', [fcmError('INVALID_ARGUMENT', { message: "Invalid value at 'message.data[0].value'" })]);
    fcm.script('other-sender', [fcmError('SENDER_ID_MISMATCH')]);

    const outcomes = await sender.send(
      ['gone', 'ok', 'garbled', 'bad-payload', 'other-sender', ''].map((token) => pushMessage(token)),
    );

    expect(outcomes).toEqual([
      { status: 'unregistered', error: expect.stringContaining('messaging/registration-token-not-registered') },
      { status: 'sent', messageId: expect.any(String) },
      { status: 'invalid_token', error: expect.stringContaining('not a valid FCM registration token') },
      { status: 'failed', error: expect.stringContaining('messaging/invalid-argument') },
      { status: 'failed', error: expect.stringContaining('messaging/mismatched-credential') },
      { status: 'invalid_token', error: 'empty registration token' },
    ]);
    // The empty token never left the process.
    expect(fcm.requests.map((r) => r.token)).toEqual(
      expect.arrayContaining(['gone', 'ok', 'garbled', 'bad-payload', 'other-sender']),
    );
    expect(fcm.requests).toHaveLength(5);
  });

  it('503 that persists: firebase-admin tries 5 times, then the caller gets retry', async () => {
    const fcm = await standIn();
    const sender = senderFor(fcm);
    fcm.script(
      'busy',
      Array.from({ length: 10 }, () => fcmError('UNAVAILABLE')),
    );

    const [outcome] = await sender.send([pushMessage('busy')]);

    expect(outcome).toEqual({ status: 'retry', error: expect.stringContaining('messaging/server-unavailable') });
    expect(sendsTo(fcm, 'busy')).toBe(5);
  }, 20_000);

  it('503 once then OK: firebase-admin retries it itself, so the outcome is sent after 2 requests', async () => {
    const fcm = await standIn();
    const sender = senderFor(fcm);
    fcm.script('blip', [fcmError('UNAVAILABLE')]);

    const [outcome] = await sender.send([pushMessage('blip')]);

    expect(outcome).toEqual({ status: 'sent', messageId: expect.any(String) });
    expect(sendsTo(fcm, 'blip')).toBe(2);
  });

  it('429 QUOTA_EXCEEDED with Retry-After: retry at once, no retryAfterMs (firebase-admin drops headers)', async () => {
    const fcm = await standIn();
    const sender = senderFor(fcm);
    fcm.script('hot', [fcmError('QUOTA_EXCEEDED', { headers: { 'retry-after': '30' } })]);
    fcm.script('broken', [fcmError('INTERNAL')]);

    const outcomes = await sender.send([pushMessage('hot'), pushMessage('broken')]);

    expect(outcomes).toEqual([
      { status: 'retry', error: expect.stringContaining('messaging/message-rate-exceeded') },
      { status: 'retry', error: expect.stringContaining('messaging/internal-error') },
    ]);
    // Neither 429 nor 500 is in firebase-admin's retry list.
    expect(sendsTo(fcm, 'hot')).toBe(1);
    expect(sendsTo(fcm, 'broken')).toBe(1);
  });

  it('a network failure is retry', async () => {
    const fcm = await standIn();
    const agent = connectingAgent({ connectTo: `127.0.0.1:${await closedPort()}`, ca: fcm.ca });
    closeAfterTest(async () => agent.destroy());
    const sender = createPushSender({ projectId: 'relay-test', credential: fcm.credential, httpAgent: agent });
    closeAfterTest(sender.close);

    const outcomes = await sender.send([pushMessage('a'), pushMessage('b')]);

    expect(outcomes).toEqual([
      { status: 'retry', error: expect.stringContaining('app/network-error') },
      { status: 'retry', error: expect.stringContaining('app/network-error') },
    ]);
  });

  it('an OAuth refusal before any send still gives one outcome per message: failed', async () => {
    const fcm = await standIn();
    // The stand-in's account with a key it has never seen: its /token answers invalid_grant.
    const stranger = await generateServiceAccount('relay-test');
    const path = join(await tempDir(), 'stranger.json');
    await writeFile(path, JSON.stringify({ ...fcm.serviceAccount(), private_key: stranger.json.private_key }));
    const credential = cert(path, fcm.agent);
    const sender = createPushSender({ projectId: 'relay-test', credential, httpAgent: fcm.agent });
    closeAfterTest(sender.close);

    const outcomes = await sender.send([pushMessage('a'), pushMessage('b'), pushMessage('')]);

    expect(outcomes).toEqual([
      { status: 'failed', error: expect.stringMatching(/app\/invalid-credential.*invalid_grant/) },
      { status: 'failed', error: expect.stringMatching(/app\/invalid-credential.*invalid_grant/) },
      { status: 'invalid_token', error: 'empty registration token' },
    ]);
    expect(fcm.requests).toHaveLength(0);
    expect(fcm.grants).toHaveLength(0);
  });

  it('send after close refuses, close is idempotent', async () => {
    const fcm = await standIn();
    const sender = senderFor(fcm);
    await sender.close();
    await sender.close();
    await expect(sender.send([pushMessage('a')])).rejects.toThrow('push sender is closed');
  });
});
