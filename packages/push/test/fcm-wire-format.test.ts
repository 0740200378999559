// What goes over the wire: firebase-admin's real client, HTTP v1 JSON as FCM
// receives it, and sendEach batches of at most 500.
import { describe, expect, it } from 'vitest';
import { fcmError } from '../src/testing/index.ts';
import { pushMessage, senderFor, standIn } from './support/push-fixtures.ts';

describe('createPushSender on the wire', () => {
  it('sends FCM v1 JSON: notification, string data, high priority and one collapse key per platform', async () => {
    const fcm = await standIn();
    const sender = senderFor(fcm);
    const message = pushMessage('device-token-1', {
      data: { type: 'message.created', conversationId: 'c-1', seq: '42', kind: 'text' },
    });

    const outcomes = await sender.send([message]);

    expect(outcomes).toEqual([
      { status: 'sent', messageId: expect.stringMatching(/^projects\/relay-test\/messages\/\S+$/) },
    ]);
    expect(fcm.requests).toHaveLength(1);
    const [request] = fcm.requests;
    expect(request).toMatchObject({
      projectId: 'relay-test',
      token: 'device-token-1',
      validateOnly: false,
      authorization: `Bearer ${fcm.fixedAccessToken}`,
    });
    // Exactly this body, snake_case where FCM's wire format has it (android.collapse_key).
    expect(request?.message).toEqual({
      token: 'device-token-1',
      notification: { title: 'Anna Lee', body: 'Is the repair ready?' },
      data: { type: 'message.created', conversationId: 'c-1', seq: '42', kind: 'text' },
      android: { priority: 'high', collapse_key: message.collapseKey },
      apns: {
        headers: { 'apns-priority': '10', 'apns-collapse-id': message.collapseKey },
        payload: { aps: { sound: 'default' } },
      },
      webpush: { headers: { Urgency: 'high' } },
    });
  });

  it('keeps apns-collapse-id within 64 bytes, stable for the same long key', async () => {
    const fcm = await standIn();
    const sender = senderFor(fcm);
    const collapseKey = `conversation:${'é'.repeat(40)}`;

    await sender.send([pushMessage('t-1', { collapseKey }), pushMessage('t-2', { collapseKey })]);

    const ids = fcm.requests.map((r) => r.message.apns?.headers?.['apns-collapse-id'] ?? '');
    expect(Buffer.byteLength(ids[0] ?? '', 'utf8')).toBeLessThanOrEqual(64);
    expect(ids[1]).toBe(ids[0]);
    expect(fcm.requests[0]?.message.android?.collapse_key).toBe(collapseKey);
  });

  it('sends 501 messages as two sendEach batches, outcomes in order', async () => {
    const fcm = await standIn();
    const sender = senderFor(fcm);
    const messages = Array.from({ length: 501 }, (_, i) => pushMessage(`token-${i}`));
    fcm.script('token-3', [fcmError('UNREGISTERED')]);
    fcm.script('token-500', [fcmError('UNREGISTERED')]);

    const outcomes = await sender.send(messages);

    expect(fcm.requests).toHaveLength(501);
    expect(outcomes).toHaveLength(501);
    expect(outcomes.map((o) => o.status)).toEqual(
      messages.map((_, i) => (i === 3 || i === 500 ? 'unregistered' : 'sent')),
    );
    // The second batch starts only when the first has been answered: token-500 arrives last.
    expect(fcm.requests.at(-1)?.token).toBe('token-500');
    expect(new Set(fcm.requests.slice(0, 500).map((r) => r.token)).size).toBe(500);
  });
});
