// Inbound webhooks: POST /webhooks/<channel>/<webhookToken>, and WhatsApp's GET
// verification handshake. The body is kept raw for signature checks; the answer
// is 200 only after the message is committed, so a provider retries anything
// that was not stored, and a retry of something stored is a 200 with no copy.
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
import { type ChannelAccountRow, findWebhookAccount } from '@relay/db';
import { openSecret } from '@relay/security';
import express, { Router } from 'express';
import { z } from 'zod';
import type { ResolvedDeps } from '../../app.ts';
import { AppError } from '../../errors/app-error.ts';
import { tooDeepError } from '../../http/json-body.ts';
import { parse } from '../../http/parse.ts';
import { ingest } from './ingest.ts';

const WEBHOOK_LIMIT = '1mb';
const webhookParams = z.object({ channel: channelKind, token: z.string().min(16).max(200) });

function verifyAndParse(account: ChannelAccountRow, secret: string, raw: Buffer, headers: express.Request['headers']) {
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

export function webhookRoutes(deps: ResolvedDeps): Router {
  const { sql, config } = deps;
  const router = Router();

  /** The account behind a webhook URL, or a 404 that says no more than that. */
  async function accountFor(params: unknown): Promise<ChannelAccountRow> {
    const { channel, token } = parse(webhookParams, params, 'params');
    const found = await findWebhookAccount(sql, token);
    if (!found || found.account.channel !== channel || !found.account.isActive) {
      throw new AppError('not_found', 'unknown or inactive webhook');
    }
    if (!found.tenantOpen) throw new AppError('tenant_suspended', 'this workspace is suspended');
    return found.account;
  }

  router.get('/webhooks/:channel/:token', async (req, res) => {
    const account = await accountFor(req.params);
    const verifyToken = account.settings.verifyToken;
    const challenge = typeof verifyToken === 'string' ? whatsAppChallenge(req.query, verifyToken) : null;
    if (account.channel !== 'whatsapp' || challenge === null) {
      throw new AppError('forbidden', 'the verification token does not match');
    }
    res.type('text/plain').send(challenge);
  });

  router.post(
    '/webhooks/:channel/:token',
    express.raw({ type: () => true, limit: WEBHOOK_LIMIT }),
    async (req, res) => {
      const account = await accountFor(req.params);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const secret = account.secret ? openSecret(config.encryptionKey, account.secret) : '';
      let events: InboundEvent[];
      try {
        events = verifyAndParse(account, secret, raw, req.headers);
      } catch (error) {
        if (error instanceof WebhookSignatureError) throw new AppError('invalid_signature', error.message);
        if (error instanceof WebhookPayloadError) {
          throw new AppError('bad_request', 'the webhook payload does not match the provider format', error.issues);
        }
        throw error;
      }
      const result = await ingest(deps, account, events);
      const count = (name: string, n: number) =>
        n && deps.metrics.webhookEvents.inc({ channel: account.channel, result: name }, n);
      count('stored', result.stored);
      count('duplicate', result.duplicates);
      count('status', result.statuses);
      count('edit', result.edits);
      if (result.stored > 0) deps.onJobsQueued?.();
      res.json({ ok: true, ...result });
    },
  );

  return router;
}
