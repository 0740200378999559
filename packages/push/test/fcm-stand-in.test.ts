// The stand-in itself, seen by a plain HTTPS client: it refuses what FCM and
// Google OAuth refuse, in Google's error format, and is trusted only through
// its own agent.
import { describe, expect, it } from 'vitest';
import { connectingAgent } from '../src/index.ts';
import { JWT_BEARER_GRANT } from '../src/testing/index.ts';
import { closeAfterTest, post, standIn } from './support/push-fixtures.ts';

const SEND_URL = 'https://fcm.googleapis.com/v1/projects/relay-test/messages:send';
const json = { 'content-type': 'application/json' };

describe('FCM stand-in', () => {
  it('answers 401 UNAUTHENTICATED to a missing or unknown bearer token', async () => {
    const fcm = await standIn();
    const body = JSON.stringify({ message: { token: 't-1' } });

    const missing = await post(fcm.agent, SEND_URL, body, json);
    const wrong = await post(fcm.agent, SEND_URL, body, { ...json, authorization: 'Bearer ya29.made-up' });

    for (const response of [missing, wrong]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        error: { code: 401, message: expect.stringContaining('invalid authentication'), status: 'UNAUTHENTICATED' },
      });
    }
    expect(fcm.requests).toHaveLength(0);
  });

  it('answers 400 INVALID_ARGUMENT to a malformed body', async () => {
    const fcm = await standIn();
    const headers = { ...json, authorization: `Bearer ${fcm.fixedAccessToken}` };

    const numeric = await post(
      fcm.agent,
      SEND_URL,
      JSON.stringify({ message: { token: 't', data: { seq: 42 } } }),
      headers,
    );
    const noToken = await post(fcm.agent, SEND_URL, JSON.stringify({ message: { notification: {} } }), headers);
    const notJson = await post(fcm.agent, SEND_URL, '{"message":', headers);

    expect(numeric).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 400,
          status: 'INVALID_ARGUMENT',
          details: [
            { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'message.data.seq' }] },
          ],
        },
      },
    });
    expect(noToken).toMatchObject({ status: 400, body: { error: { status: 'INVALID_ARGUMENT' } } });
    expect(notJson).toMatchObject({ status: 400, body: { error: { status: 'INVALID_ARGUMENT' } } });
    expect(fcm.requests).toHaveLength(0);
  });

  it('answers invalid_grant to an assertion it cannot verify', async () => {
    const fcm = await standIn();
    const form = new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: 'e30.e30.c2ln' }).toString();

    const response = await post(fcm.agent, 'https://oauth2.googleapis.com/token', form, {
      'content-type': 'application/x-www-form-urlencoded',
    });

    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(fcm.grants).toHaveLength(0);
  });

  it('records sends, serves scripts in order, waits for a send, and resets', async () => {
    const fcm = await standIn();
    const headers = { ...json, authorization: `Bearer ${fcm.fixedAccessToken}` };
    fcm.script('t-1', [{ status: 503 }]);
    const waiting = fcm.waitFor((r) => r.token === 't-1' && r.validateOnly);

    const first = await post(fcm.agent, SEND_URL, JSON.stringify({ message: { token: 't-1' } }), headers);
    const second = await post(
      fcm.agent,
      SEND_URL,
      JSON.stringify({ message: { token: 't-1' }, validate_only: true }),
      headers,
    );

    expect(first).toMatchObject({ status: 503, body: { error: { code: 503, status: 'UNAVAILABLE' } } });
    expect(second).toMatchObject({ status: 200, body: { name: 'projects/relay-test/messages/fake_message_id' } });
    await expect(waiting).resolves.toMatchObject({ token: 't-1', validateOnly: true });
    fcm.reset();
    expect(fcm.requests).toHaveLength(0);
    await expect(fcm.waitFor(() => true, 50)).rejects.toThrow('no matching send within 50 ms');
  });

  it('is not trusted without its CA: the global store is untouched', async () => {
    const fcm = await standIn();
    const untrusting = connectingAgent({ connectTo: fcm.connectTo });
    closeAfterTest(async () => untrusting.destroy());

    await expect(post(untrusting, SEND_URL, '{}', json)).rejects.toMatchObject({
      code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/),
    });
  });
});
