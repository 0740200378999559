// The outbound-URL policy at the API: a callback URL that can never pass is
// refused when an account is saved, and the attachment proxy neither follows
// a provider's url to an internal address nor echoes what a remote side wrote.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiRoutes } from '@relay/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { config, expectErrorShape, refused, useApi } from './support/api-harness.ts';
import { demoStaff } from './support/demo-staff.ts';
import { addProviderAttachment } from './support/provider-attachment.ts';

async function localServer(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const SECRET_TEXT = 'internal-admin-token-do-not-leak';
const internal = await localServer((_req, res) => res.end(JSON.stringify({ token: SECRET_TEXT })));
// A WhatsApp Cloud API stand-in: media "to-internal" points at the internal
// service; media "broken" points back at itself, where the file answers 500.
const provider = await localServer((req, res) => {
  const json = (status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.url === '/v21.0/to-internal')
    return json(200, { url: `${internal.origin}/latest/meta-data/`, file_size: 10 });
  if (req.url === '/v21.0/broken') return json(200, { url: `http://${req.headers.host}/file/broken`, file_size: 10 });
  return json(500, { error: SECRET_TEXT });
});

const api = useApi({
  config: { ...config, providers: { ...config.providers, whatsappBaseUrl: `${provider.origin}/v21.0` } },
});

describe('a channel account’s callback URL', () => {
  // Through the typed client (apiRoutes.channelAccounts): a created account is parsed with its contract.
  const create = async (callbackUrl: string) => {
    const { owner } = await demoStaff(api);
    return api.client(owner.token).call(apiRoutes.channelAccounts.createChannelAccount, {
      body: { channel: 'vk', name: 'VK', externalAccountId: `club-${Math.random()}`, credentials: { callbackUrl } },
    });
  };

  it.each([
    ['http://127.0.0.1:8080/admin', 'loopback'],
    ['http://[::1]/admin', 'loopback'],
    ['http://[::ffff:127.0.0.1]:3000/', 'loopback'],
    ['http://localhost:3000/api/v1/tenants', 'loopback'],
    ['http://10.0.0.1/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://100.64.0.1/', 'carrierGradeNat'],
  ])('refuses %s with 422 (a %s address)', async (url, range) => {
    const reply = await refused(create(url), 422, 'unprocessable');
    expect(reply.error.details).toEqual([
      {
        path: ['credentials', 'callbackUrl'],
        message: `the destination is a ${range} address, which is not allowed`,
        code: 'outbound_policy',
      },
    ]);
  });

  it('refuses credentials in the URL (422) and other schemes (400)', async () => {
    const withCredentials = await refused(create('https://user:pw@hooks.example.com/relay'), 422, 'unprocessable');
    expect(withCredentials.error.message).toBe(
      'the callback URL cannot be used: URLs with a user name or password are not allowed',
    );
    await refused(create('ftp://hooks.example.com/relay'), 400, 'bad_request');
  });

  it('accepts a public name (judged again at each send) and an allowlisted address', async () => {
    // The client refuses any status but the contract's 201.
    expect(await create('https://hooks.example.com/relay')).toMatchObject({ channel: 'vk', hasCredentials: true });
    expect(await create('http://127.0.0.1:9/never')).toMatchObject({ channel: 'vk', hasCredentials: true });
  });
});

describe('attachment content through the outbound policy', () => {
  async function attachment(handle: string) {
    const staff = await demoStaff(api);
    const [conversation] = await api.sql<{ id: string }[]>`
      select id from conversations where tenant_id = ${staff.tenantId} and status <> 'resolved' order by id limit 1`;
    const added = await addProviderAttachment(api, staff.tenantId, conversation?.id as string, {
      channel: 'whatsapp',
      credentials: { accessToken: 'EAAG-outbound-policy-test' },
      handle,
    });
    return { ...staff, ...added };
  }

  it('refuses the media url a provider hands back when it is an internal address: 502, nothing sent there', async () => {
    const { alice, path } = await attachment('to-internal');
    const reply = await api.call('GET', path, { token: alice.token });
    expectErrorShape(reply, 502, 'provider_error');
    expect(reply.body.error.message).toBe(
      'WhatsApp: refused: the destination is a loopback address, which is not allowed',
    );
    expect(internal.requests).toHaveLength(0);
  });

  it('answers a failed download with its status only, never the remote body', async () => {
    const { alice, path } = await attachment('broken');
    const reply = await api.call('GET', path, { token: alice.token });
    expectErrorShape(reply, 502, 'provider_error');
    expect(reply.body.error).toEqual({
      code: 'provider_error',
      message: 'WhatsApp: the file download answered HTTP 500',
      details: { status: 500 },
    });
    expect(JSON.stringify(reply.body)).not.toContain(SECRET_TEXT);
  });
});
