// The senders and downloads go through the egress policy: a tenant's callback
// URL aimed at an internal service is refused before any request, and what a
// remote side writes never comes back in a failure's words.
import { describe, expect, it } from 'vitest';
import { fetchWhatsAppMedia, MediaFetchError, sendApiChannelMessage } from '../src/index.ts';
import { startApiCallbackStandIn } from '../src/testing/index.ts';
import { startStandInServer } from '../src/testing/stand-in-server.ts';
import { closeAfterTest, failure, hostPortOf, testEgress } from './support/delivery.ts';

const message = {
  id: '3f1c7a52-8f7e-4b8e-9a51-0c1d2e3f4a5b',
  chatId: 'vk-peer-5',
  text: 'hello',
  type: 'text' as const,
  createdAt: '2025-01-01T10:00:00.000Z',
};

async function internalService() {
  const server = await startStandInServer(() => ({ status: 200, body: { users: ['root'], token: 'internal-secret' } }));
  closeAfterTest(server.close);
  return server;
}

describe('api channel callbacks under the egress policy', () => {
  it('refuses a loopback callback that is not allowlisted: no request, a permanent failure in fixed words', async () => {
    const internal = await internalService();
    const egress = testEgress({});
    const error = await failure(
      sendApiChannelMessage({ egress, callbackUrl: `${internal.origin}/admin/users`, secret: 's', message }),
    );
    expect(error).toMatchObject({
      status: null,
      retryable: false,
      message: 'api channel callback: refused: the destination is a loopback address, which is not allowed',
    });
    expect(internal.requests).toHaveLength(0);
  });

  it('never copies the answer of the far end into the failure', async () => {
    const internal = await startStandInServer(() => ({ status: 500, body: { error: 'internal-secret' } }));
    closeAfterTest(internal.close);
    const egress = testEgress({ allow: [hostPortOf(internal.origin)] });
    const error = await failure(sendApiChannelMessage({ egress, callbackUrl: internal.origin, secret: 's', message }));
    expect(error.message).toBe('api channel callback: HTTP 500');
    expect(JSON.stringify(error)).not.toContain('internal-secret');
  });

  it('does not follow a redirect from an allowlisted callback to an internal service', async () => {
    const internal = await internalService();
    const standIn = await startApiCallbackStandIn({ secret: 's' });
    closeAfterTest(standIn.close);
    standIn.failNext(1, { status: 307, body: '', headers: { location: `${internal.origin}/admin` } });
    const egress = testEgress({ allow: [hostPortOf(standIn.url)] });
    const error = await failure(sendApiChannelMessage({ egress, callbackUrl: standIn.url, secret: 's', message }));
    expect(error).toMatchObject({ status: 307, retryable: false, message: 'api channel callback: HTTP 307' });
    expect(internal.requests).toHaveLength(0);
  });

  it('fails an answer larger than a send reads', async () => {
    const big = await startStandInServer(() => ({ status: 200, body: 'x'.repeat(100_000) }));
    closeAfterTest(big.close);
    const egress = testEgress({ allow: [hostPortOf(big.origin)] });
    const error = await failure(sendApiChannelMessage({ egress, callbackUrl: big.origin, secret: 's', message }));
    expect(error).toMatchObject({
      retryable: false,
      message: 'api channel callback: the answer is larger than 65536 bytes',
    });
  });
});

describe('provider media under the egress policy', () => {
  it("judges the url a trusted provider hands back: WhatsApp's media url on an internal port is refused", async () => {
    const internal = await internalService();
    const provider = await startStandInServer(() => ({ status: 200, body: { url: `${internal.origin}/latest/meta` } }));
    closeAfterTest(provider.close);
    // The provider's base URL is the deployment's, so it is trusted; the url it answers is not.
    const egress = testEgress({ trustedUrls: [`${provider.origin}/v21.0`] });
    const error = await fetchWhatsAppMedia({
      egress,
      baseUrl: `${provider.origin}/v21.0`,
      accessToken: 'token-token-token-token',
      mediaId: 'm1',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaFetchError);
    expect((error as MediaFetchError).message).toBe(
      'WhatsApp: refused: the destination is a loopback address, which is not allowed',
    );
    expect(provider.requests).toHaveLength(1);
    expect(internal.requests).toHaveLength(0);
  });
});
