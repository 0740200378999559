// A local FCM: an HTTPS server on 127.0.0.1 that answers FCM HTTP v1 sends and
// Google OAuth2's JWT-bearer token grant, so firebase-admin's real client is
// tested end to end. It is reached through `agent` (or FCM_CONNECT_TO +
// FCM_CA_PATH), which sends fcm.googleapis.com and oauth2.googleapis.com here
// and trusts this server's certificate; Node's global CA store is left alone.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { type Agent, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Credential } from 'firebase-admin/app';
import { connectingAgent } from '../connecting-agent.ts';
import { type FcmV1Message, fcmSendBodySchema } from './fcm-send-body.ts';
import {
  type FcmResponse,
  googleErrorBody,
  invalidPayload,
  type ScriptedResponse,
  unauthenticated,
} from './google-errors.ts';
import { checkJwtGrant } from './oauth-jwt-grant.ts';
import { generateServiceAccount, type ServiceAccountJson, standInCertificate } from './stand-in-keys.ts';

export type FcmStandInOptions = {
  /** The project of the generated service account. */
  projectId?: string;
};

/** One send that passed authorization and validation, as it came over the wire. */
export type FcmSendRecord = {
  projectId: string;
  token: string;
  message: FcmV1Message;
  validateOnly: boolean;
  authorization: string;
  at: number;
};

/** One access token the stand-in's /token issued. */
export type OAuthGrantRecord = { clientEmail: string; scope: string; accessToken: string; at: number };

export type FcmStandIn = {
  port: number;
  /** host:port for FCM_CONNECT_TO / connectingAgent. */
  connectTo: string;
  /** PEM of the server's self-signed certificate, for FCM_CA_PATH / connectingAgent. */
  ca: string;
  /** Connects to this stand-in and trusts it; destroyed by close(). */
  agent: Agent;
  /** The cheap path: an access token the stand-in always accepts, no OAuth round trip. */
  credential: Credential;
  fixedAccessToken: string;
  projectId: string;
  serviceAccount(): ServiceAccountJson;
  /** Writes the service account to `dir/service-account.json` and returns that path. */
  writeServiceAccount(dir: string): Promise<string>;
  requests: FcmSendRecord[];
  grants: OAuthGrantRecord[];
  /** The next sends to `token` get these answers, in order; then the normal one again. */
  script(token: string, responses: ScriptedResponse[]): void;
  /** The first recorded send (already seen or still to come) matching `predicate`. */
  waitFor(predicate: (request: FcmSendRecord) => boolean, timeoutMs?: number): Promise<FcmSendRecord>;
  /** Forgets requests, grants and scripts; issued tokens stay valid. */
  reset(): void;
  close(): Promise<void>;
};

type Waiter = {
  predicate: (request: FcmSendRecord) => boolean;
  resolve: (request: FcmSendRecord) => void;
  reject: (error: Error) => void;
};

const SEND_PATH = /^\/v1\/projects\/([^/]+)\/messages:send$/;
const MAX_BODY_BYTES = 1024 * 1024;

function scriptedAnswer(response: ScriptedResponse, projectId: string): FcmResponse {
  if (response.body !== undefined) return { status: response.status, body: response.body, headers: response.headers };
  const body =
    response.status === 200
      ? { name: `projects/${projectId}/messages/0:${Date.now()}%scripted` }
      : googleErrorBody(response.status, `Scripted ${response.status} from the FCM stand-in.`);
  return { status: response.status, body, headers: response.headers };
}

export async function startFcmStandIn(options: FcmStandInOptions = {}): Promise<FcmStandIn> {
  const projectId = options.projectId ?? 'relay-test';
  const [tls, account] = await Promise.all([standInCertificate(), generateServiceAccount(projectId)]);
  const fixedAccessToken = `ya29.stand-in-fixed-${randomBytes(8).toString('hex')}`;
  const issued = new Set<string>([fixedAccessToken]);
  const requests: FcmSendRecord[] = [];
  const grants: OAuthGrantRecord[] = [];
  const scripts = new Map<string, ScriptedResponse[]>();
  const waiters = new Map<Waiter, NodeJS.Timeout>();
  let sent = 0;

  const record = (request: FcmSendRecord) => {
    requests.push(request);
    for (const [waiter, timer] of waiters) {
      if (!waiter.predicate(request)) continue;
      clearTimeout(timer);
      waiters.delete(waiter);
      waiter.resolve(request);
    }
  };

  const token = (raw: string): FcmResponse => {
    const grant = checkJwtGrant(new URLSearchParams(raw), {
      clientEmail: account.json.client_email,
      publicKey: account.publicKey,
    });
    if (!grant.ok) return { status: 400, body: { error: 'invalid_grant', error_description: grant.reason } };
    const accessToken = `ya29.stand-in-${randomBytes(24).toString('base64url')}`;
    issued.add(accessToken);
    grants.push({ clientEmail: grant.clientEmail, scope: grant.scope, accessToken, at: Date.now() });
    return { status: 200, body: { access_token: accessToken, expires_in: 3600, token_type: 'Bearer' } };
  };

  const send = (project: string, authorization: string, raw: string): FcmResponse => {
    const bearer = /^Bearer (\S+)$/.exec(authorization)?.[1];
    if (!bearer || !issued.has(bearer)) return unauthenticated();
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return invalidPayload('', 'Syntax error in the JSON body.');
    }
    const parsed = fcmSendBodySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      return invalidPayload(field, `${field || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    const { message, validate_only: validateOnly = false } = parsed.data;
    record({ projectId: project, token: message.token, message, validateOnly, authorization, at: Date.now() });
    const scripted = scripts.get(message.token)?.shift();
    if (scripted) return scriptedAnswer(scripted, project);
    const id = validateOnly ? 'fake_message_id' : `0:${Date.now()}${String(++sent).padStart(6, '0')}%stand-in`;
    return { status: 200, body: { name: `projects/${project}/messages/${id}` } };
  };

  const server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'https://stand-in.invalid').pathname;
      const sendMatch = SEND_PATH.exec(path);
      let answer: FcmResponse;
      if (size > MAX_BODY_BYTES) answer = { status: 413, body: googleErrorBody(413, 'Request entity too large.') };
      else if (req.method === 'POST' && path === '/token') answer = token(raw);
      else if (req.method === 'POST' && sendMatch?.[1]) {
        answer = send(decodeURIComponent(sendMatch[1]), req.headers.authorization ?? '', raw);
      } else answer = { status: 404, body: googleErrorBody(404, `The requested URL ${path} was not found.`) };
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const connectTo = `127.0.0.1:${port}`;
  const agent = connectingAgent({ connectTo, ca: tls.cert });
  let closed: Promise<void> | undefined;

  return {
    port,
    connectTo,
    ca: tls.cert,
    agent,
    credential: { getAccessToken: async () => ({ access_token: fixedAccessToken, expires_in: 3600 }) },
    fixedAccessToken,
    projectId,
    serviceAccount: () => ({ ...account.json }),
    async writeServiceAccount(dir) {
      const path = join(dir, 'service-account.json');
      await writeFile(path, JSON.stringify(account.json, null, 2), { mode: 0o600 });
      return path;
    },
    requests,
    grants,
    script(forToken, responses) {
      scripts.set(forToken, [...(scripts.get(forToken) ?? []), ...responses]);
    },
    waitFor(predicate, timeoutMs = 5000) {
      const seen = requests.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = { predicate, resolve, reject };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`FCM stand-in: no matching send within ${timeoutMs} ms (${requests.length} seen)`));
        }, timeoutMs);
        waiters.set(waiter, timer);
      });
    },
    reset() {
      requests.length = 0;
      grants.length = 0;
      scripts.clear();
    },
    // Idempotent, so a test may close early and its teardown close again.
    close() {
      closed ??= new Promise((resolve, reject) => {
        for (const [waiter, timer] of waiters) {
          clearTimeout(timer);
          waiter.reject(new Error('FCM stand-in closed while waiting for a send'));
        }
        waiters.clear();
        agent.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
