// Inbound webhooks: POST /webhooks/<channel>/<webhookToken>, and WhatsApp's GET
// verification handshake. The body is kept raw for signature checks; the answer
// is 200 only after the message is committed, so a provider retries anything
// that was not stored, and a retry of something stored is a 200 with no copy.
import type { IncomingHttpHeaders } from 'node:http';
import {
  type InboundEvent,
  parseApiChannelWebhook,
  parseTelegramUpdate,
  parseWhatsAppWebhook,
  verifyApiSignature,
  verifyTelegramSecret,
  verifyWhatsAppSignature,
  WebhookPayloadError,
  WebhookSignatureError,
  whatsAppChallenge,
} from '@relay/channels';
import { channelKind, jsonNestsDeeperThan, MAX_JSON_DEPTH, toStorableJson } from '@relay/contracts';
import type { ChannelAccountRow } from '@relay/db';
import { openSecret } from '@relay/security';
import express, { Router } from 'express';
import { z } from 'zod';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError } from '../../errors/app-error.ts';
import { tooDeepError } from '../../http/json-body.ts';
import { parse } from '../../http/parse.ts';
import { type IngestTiming, serverTimingOf } from '../../ingest/ingest-batcher.ts';
import { ingest } from './ingest.ts';

/** The route pattern, as metrics label it. */
export const WEBHOOK_ROUTE = '/webhooks/:channel/:token';
/** body-parser's '1mb'. */
export const WEBHOOK_LIMIT_BYTES = 1024 * 1024;
const webhookParams = z.object({ channel: channelKind, token: z.string().min(16).max(200) });

function verifyAndParse(account: ChannelAccountRow, secret: string, raw: Buffer, headers: IncomingHttpHeaders) {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  // After the signature check (the raw bytes are what is signed): the depth
  // limit before JSON.parse, then text PostgreSQL cannot store made storable.
  const parseJson = (): unknown => {
    const text = raw.toString('utf8');
    if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) throw tooDeepError();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError('bad_request', 'the webhook body is not valid JSON');
    }
    return toStorableJson(body);
  };
  switch (account.channel) {
    case 'telegram':
      verifyTelegramSecret(header('x-telegram-bot-api-secret-token'), secret);
      return parseTelegramUpdate(parseJson());
    case 'whatsapp':
      verifyWhatsAppSignature(raw, header('x-hub-signature-256'), secret);
      return parseWhatsAppWebhook(parseJson());
    default:
      verifyApiSignature(raw, header('x-signature'), secret);
      return parseApiChannelWebhook(parseJson());
  }
}

/** The account behind a webhook URL (from the process's account cache), or a 404 that says no more than that. */
async function accountFor({ webhookAccounts }: ResolvedDeps, params: unknown): Promise<ChannelAccountRow> {
  const { channel, token } = parse(webhookParams, params, 'params');
  const found = await webhookAccounts.find(token);
  if (!found || found.account.channel !== channel || !found.account.isActive) {
    throw new AppError('not_found', 'unknown or inactive webhook');
  }
  if (!found.tenantOpen) throw new AppError('tenant_suspended', 'this workspace is suspended');
  return found.account;
}

// The account cache hands out the same row until the account changes, so its secret is opened
// once per cached row, not per webhook (AES-GCM on every request was a few % of the API's time).
// Keyed weakly by the row: a changed account is a new row, and a dropped one takes its secret along.
const openedSecrets = new WeakMap<ChannelAccountRow, string>();

function secretOf(deps: ResolvedDeps, account: ChannelAccountRow): string {
  if (!account.secret) return '';
  let secret = openedSecrets.get(account);
  if (secret === undefined) {
    secret = openSecret(deps.config.encryptionKey, account.secret);
    openedSecrets.set(account, secret);
  }
  return secret;
}

/** GET: WhatsApp's subscription handshake; the challenge to echo as text/plain. */
export async function webhookChallenge(deps: ResolvedDeps, params: unknown, query: Record<string, unknown>) {
  const account = await accountFor(deps, params);
  const verifyToken = account.settings.verifyToken;
  const challenge = typeof verifyToken === 'string' ? whatsAppChallenge(query, verifyToken) : null;
  if (account.channel !== 'whatsapp' || challenge === null) {
    throw new AppError('forbidden', 'the verification token does not match');
  }
  return challenge;
}

/** POST: verified against the account's secret, parsed, ingested; the answer's JSON body. timing: filled in by the batcher. */
export async function receiveWebhook(
  deps: ResolvedDeps,
  params: unknown,
  raw: Buffer,
  headers: IncomingHttpHeaders,
  timing?: IngestTiming,
) {
  const account = await accountFor(deps, params);
  const secret = secretOf(deps, account);
  let events: InboundEvent[];
  try {
    events = verifyAndParse(account, secret, raw, headers);
  } catch (error) {
    if (error instanceof WebhookSignatureError) throw new AppError('invalid_signature', error.message);
    if (error instanceof WebhookPayloadError) {
      throw new AppError('bad_request', 'the webhook payload does not match the provider format', error.issues);
    }
    throw error;
  }
  const started = new Date();
  const result = await ingest(deps, account, events, timing);
  // The ingest stamped last_webhook_at if the account's copy said it was due; the cached copy learns it.
  deps.webhookAccounts.ingested(account.webhookToken, started);
  const count = (name: string, n: number) =>
    n && deps.metrics.webhookEvents.inc({ channel: account.channel, result: name }, n);
  count('stored', result.stored);
  count('duplicate', result.duplicates);
  count('status', result.statuses);
  count('edit', result.edits);
  // An in-process worker routes new and reopened conversations and sends auto replies at once; the
  // push and SLA loops find their work on their own (push waits a grace period anyway).
  const work = [
    ...(result.repliesQueued > 0 ? (['delivery'] as const) : []),
    ...(result.opened > 0 ? (['routing'] as const) : []),
  ];
  if (work.length > 0) deps.onJobsQueued?.(work);
  const { stored, duplicates, statuses, edits } = result;
  return { ok: true as const, stored, duplicates, statuses, edits };
}

/** What answers a webhook once it is read: these two, unless a bench times the HTTP stack alone. */
export type WebhookHandlers = { receive: typeof receiveWebhook; challenge: typeof webhookChallenge };
export const defaultWebhookHandlers: WebhookHandlers = { receive: receiveWebhook, challenge: webhookChallenge };

/**
 * The same two routes in Express. Most webhooks never reach them: the API's
 * webhook ingress (http/webhook-ingress.ts) answers well-formed ones itself and
 * hands these the rest (a compressed body, an odd URL), so both answer alike.
 */
export function webhookRoutes(deps: ResolvedDeps, handlers: WebhookHandlers = defaultWebhookHandlers): Router {
  const router = Router();
  router.get(WEBHOOK_ROUTE, async (req, res) => {
    const challenge = await handlers.challenge(deps, req.params, req.query);
    res.type('text/plain').send(challenge);
  });
  router.post(WEBHOOK_ROUTE, express.raw({ type: () => true, limit: WEBHOOK_LIMIT_BYTES }), async (req, res) => {
    const startedAt = performance.now();
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const timing: IngestTiming = {};
    const body = await handlers.receive(deps, req.params, raw, req.headers, timing);
    const serverTiming = serverTimingOf(startedAt, timing);
    if (serverTiming) res.setHeader('Server-Timing', serverTiming);
    res.json(body);
  });
  return router;
}
