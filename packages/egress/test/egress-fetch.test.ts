// The SSRF matrix against real local servers: every refusal happens before a
// connection (the "internal" server counts zero requests), and the allowlisted
// stand-in passes. Non-loopback targets are refused by the policy before any
// connect, so no traffic leaves the machine.
import { describe, expect, it, onTestFinished } from 'vitest';
import { createEgress, type EgressError, type EgressOptions, readText } from '../src/index.ts';
import { startLocalServer } from './support/local-server.ts';

function egress(options: EgressOptions = {}) {
  const client = createEgress(options);
  onTestFinished(() => client.close());
  return client;
}

async function failure(promise: Promise<unknown>): Promise<EgressError> {
  const error = await promise.then(
    () => expect.unreachable('the request went through'),
    (e: unknown) => e,
  );
  expect((error as Error).name).toBe('EgressError');
  return error as EgressError;
}

describe('egress: refused destinations', () => {
  it('refuses 127.0.0.1 and no request reaches the server', async () => {
    const internal = await startLocalServer();
    const error = await failure(egress().fetch(`${internal.origin}/admin/users`, { method: 'POST', body: '{}' }));
    expect(error.kind).toBe('refused');
    expect(error.message).toBe('refused: the destination is a loopback address, which is not allowed');
    expect(error.retryable).toBe(false);
    expect(internal.requests).toHaveLength(0);
  });

  it('refuses [::1], ::ffff:127.0.0.1 and localhost', async () => {
    const internal = await startLocalServer();
    const client = egress();
    for (const url of [
      `http://[::1]:${internal.port}/`,
      `http://[::ffff:127.0.0.1]:${internal.port}/`,
      `http://localhost:${internal.port}/`,
    ]) {
      const error = await failure(client.fetch(url));
      expect(error.kind, url).toBe('refused');
      expect(error.message, url).toMatch(/loopback address/);
    }
    expect(internal.requests).toHaveLength(0);
  });

  it.each([
    ['http://10.0.0.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
    ['http://100.64.0.1/', 'carrierGradeNat'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://[fd00::1]/', 'uniqueLocal'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'rfc6052'],
  ])('refuses %s before connecting', async (url, range) => {
    const refusals: string[] = [];
    const error = await failure(egress({ onRefused: (r) => refusals.push(r) }).fetch(url));
    expect(error.kind).toBe('refused');
    expect(error.message).toBe(`refused: the destination is a ${range} address, which is not allowed`);
    expect(refusals).toHaveLength(1);
  });

  it('refuses a name that resolves to loopback, and connects to the address it checked', async () => {
    const internal = await startLocalServer();
    const lookups: string[] = [];
    const resolver = async (hostname: string) => {
      lookups.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const refused = await failure(egress({ resolver }).fetch(`http://callback.example:${internal.port}/x`));
    expect(refused.message).toMatch(/loopback address/);
    expect(internal.requests).toHaveLength(0);

    // Allowlisted, the same name reaches the address the resolver gave (the
    // system's DNS knows no callback.example): the connection is pinned to it.
    const allowed = egress({ resolver, allow: [`127.0.0.1:${internal.port}`] });
    const response = await allowed.fetch(`http://callback.example:${internal.port}/x`);
    expect(await readText(response)).toBe('ok');
    expect(internal.requests[0]?.headers.host).toBe(`callback.example:${internal.port}`);
    expect(lookups).toEqual(['callback.example', 'callback.example']);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const resolver = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.1.2.3', family: 4 },
    ];
    const error = await failure(egress({ resolver }).fetch('http://mixed.example/'));
    expect(error.message).toMatch(/private address/);
  });

  it.each([
    ['ftp://example.com/file', 'refused: only http and https URLs are allowed'],
    ['file:///etc/passwd', 'refused: only http and https URLs are allowed'],
    ['http://user:secret@example.com/', 'refused: URLs with a user name or password are not allowed'],
    ['not a url', 'refused: not a valid URL'],
  ])('refuses %s', async (url, message) => {
    const error = await failure(egress().fetch(url));
    expect(error.message).toBe(message);
  });
});

describe('egress: allowlisted destinations and caps', () => {
  it('lets an allowlisted stand-in through (host:port entry)', async () => {
    const standIn = await startLocalServer((_req, res) => res.end('{"id":"ext-1"}'));
    const response = await egress({ allow: `127.0.0.1:${standIn.port}` }).fetch(`${standIn.origin}/cb`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(await readText(response)).toBe('{"id":"ext-1"}');
  });

  it('lets a trusted (deployment-configured) URL through', async () => {
    const provider = await startLocalServer();
    const response = await egress({ trustedUrls: [`${provider.origin}/bot`] }).fetch(`${provider.origin}/file`);
    expect(await readText(response)).toBe('ok');
  });

  it('refuses a redirect from an allowlisted server to another loopback port', async () => {
    const internal = await startLocalServer();
    const standIn = await startLocalServer((_req, res) => {
      res.writeHead(302, { location: `${internal.origin}/admin` }).end();
    });
    const error = await failure(
      egress({ allow: `127.0.0.1:${standIn.port}` }).fetch(`${standIn.origin}/start`, { maxRedirects: 3 }),
    );
    expect(error.message).toBe('refused: the destination is a loopback address, which is not allowed');
    expect(standIn.requests).toHaveLength(1);
    expect(internal.requests).toHaveLength(0);
  });

  it('hands a redirect back as it is when the caller follows none', async () => {
    const internal = await startLocalServer();
    const standIn = await startLocalServer((_req, res) => res.writeHead(307, { location: internal.origin }).end());
    const response = await egress({ allow: `127.0.0.1:${standIn.port}` }).fetch(standIn.origin);
    expect(response.status).toBe(307);
    expect(internal.requests).toHaveLength(0);
  });

  it('follows allowed redirects, dropping credentials on another origin, and stops past the cap', async () => {
    const other = await startLocalServer();
    const hops = await startLocalServer((req, res) => {
      const n = Number(req.url?.slice(1) || 0);
      res.writeHead(302, { location: n === 1 ? `${other.origin}/end` : `/${n + 1}` }).end();
    });
    const client = egress({ allow: [`127.0.0.1:${hops.port}`, `127.0.0.1:${other.port}`] });
    const response = await client.fetch(`${hops.origin}/0`, {
      headers: { authorization: 'Bearer t' },
      maxRedirects: 3,
    });
    expect(await readText(response)).toBe('ok');
    expect(hops.requests.map((r) => r.headers.authorization)).toEqual(['Bearer t', 'Bearer t']);
    expect(other.requests[0]?.headers.authorization).toBeUndefined();

    const loop = await startLocalServer((_req, res) => res.writeHead(302, { location: '/again' }).end());
    const error = await failure(egress({ allow: `127.0.0.1:${loop.port}` }).fetch(loop.origin, { maxRedirects: 3 }));
    expect(error.kind).toBe('too_many_redirects');
    expect(error.message).toBe('more than 3 redirects');
    expect(loop.requests).toHaveLength(4);
  });

  it('cuts an oversized answer, declared or streamed', async () => {
    const big = 'x'.repeat(70_000);
    const declared = await startLocalServer((_req, res) => res.end(big));
    const streamed = await startLocalServer((_req, res) => {
      res.writeHead(200); // chunked: no Content-Length to go by
      res.write(big.slice(0, 40_000));
      res.end(big.slice(40_000));
    });
    const client = egress({ allow: [`127.0.0.1:${declared.port}`, `127.0.0.1:${streamed.port}`] });
    for (const server of [declared, streamed]) {
      const error = await failure(client.fetch(server.origin).then((r) => readText(r, 64 * 1024)));
      expect(error.kind).toBe('too_large');
      expect(error.message).toBe('the answer is larger than 65536 bytes');
    }
  });

  it('gives up on a server that never answers at the deadline', async () => {
    const silent = await startLocalServer(() => {}); // reads the request, never answers
    const error = await failure(egress({ allow: `127.0.0.1:${silent.port}` }).fetch(silent.origin, { timeoutMs: 300 }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('no answer within 300 ms');
    expect(error.retryable).toBe(true);
  });

  it('gives up on a body that never ends at the deadline', async () => {
    const trickle = await startLocalServer((_req, res) => res.writeHead(200).write('partial'));
    const client = egress({ allow: `127.0.0.1:${trickle.port}` });
    const error = await failure(client.fetch(trickle.origin, { timeoutMs: 300 }).then((r) => readText(r)));
    expect(error.kind).toBe('timeout');
  });
});
