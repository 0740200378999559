// createApi: the HTTP application as a factory. It owns routing and the
// request pipeline; it never opens connections itself (they come in deps),
// so standalone, the scaled entry and tests compose it the same way.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createEgress, type Egress } from '@relay/egress';
import { createMetrics, type Metrics } from '@relay/metrics';
import { logOnlyPublisher, publishFailureReporter } from '@relay/realtime';
import cors from 'cors';
import express, { type Express, Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { createAuthLimiters } from './auth/auth-limiters.ts';
import { authenticate } from './auth/authenticate.ts';
import type { ApiDeps, ResolvedDeps } from './deps.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { jsonBody } from './http/json-body.ts';
import { requestDeadline } from './http/request-deadline.ts';
import { webhookIngress } from './http/webhook-ingress.ts';
import { uncachedWebhookAccounts } from './ingest/account-cache.ts';
import { docsRoutes } from './openapi/docs-routes.ts';
import { apiKeyRoutes } from './routes/api-keys/api-key-routes.ts';
import { auditLogRoutes } from './routes/audit-log/audit-log-routes.ts';
import { authRoutes } from './routes/auth/auth-routes.ts';
import { autoReplyRoutes } from './routes/auto-replies/auto-reply-routes.ts';
import { cannedResponseRoutes } from './routes/canned-responses/canned-response-routes.ts';
import { channelAccountRoutes } from './routes/channel-accounts/channel-account-routes.ts';
import { clientRoutes } from './routes/clients/client-routes.ts';
import { conversationRoutes } from './routes/conversations/conversation-routes.ts';
import { deviceRoutes } from './routes/devices/device-routes.ts';
import { eventRoutes } from './routes/events/event-routes.ts';
import { funnelStageRoutes } from './routes/funnel-stages/funnel-stage-routes.ts';
import { healthRoutes } from './routes/health/health-routes.ts';
import { metricsRoutes } from './routes/health/metrics-routes.ts';
import { meRoutes } from './routes/me/me-routes.ts';
import { operatorRoutes } from './routes/operators/operator-routes.ts';
import { queueStatsRoutes } from './routes/queue-stats/queue-stats-routes.ts';
import { queueRoutes } from './routes/queues/queue-routes.ts';
import { searchRoutes } from './routes/search/search-routes.ts';
import { slaPolicyRoutes } from './routes/sla-policies/sla-policy-routes.ts';
import { tagRoutes } from './routes/tags/tag-routes.ts';
import { currentTenantRoutes } from './routes/tenants/current-tenant-routes.ts';
import { tenantRoutes } from './routes/tenants/tenant-routes.ts';
import { type WebhookHandlers, webhookRoutes } from './routes/webhooks/webhook-routes.ts';

export type { ApiConfig, ApiDeps, ResolvedDeps } from './deps.ts';

const JSON_LIMIT = '256kb';

/** Everything under /api/v1. Exported so tests can walk every route it has. */
export function apiRouter(deps: ResolvedDeps): Router {
  const api = Router();
  api.use(cors({ origin: deps.config.webOrigin, credentials: false, maxAge: 600 }));
  api.use(jsonBody(JSON_LIMIT));
  api.use(authRoutes(deps));
  api.use(tenantRoutes(deps));
  api.use(authenticate(deps));
  api.use(meRoutes(deps));
  api.use(currentTenantRoutes(deps));
  api.use(operatorRoutes(deps));
  api.use(deviceRoutes(deps));
  api.use(clientRoutes(deps));
  api.use(searchRoutes(deps));
  api.use(auditLogRoutes(deps));
  api.use(apiKeyRoutes(deps));
  api.use(conversationRoutes(deps));
  api.use(eventRoutes(deps));
  api.use(channelAccountRoutes(deps));
  api.use(queueRoutes(deps));
  api.use(queueStatsRoutes(deps));
  api.use(tagRoutes(deps));
  api.use(cannedResponseRoutes(deps));
  api.use(autoReplyRoutes(deps));
  api.use(slaPolicyRoutes(deps));
  api.use(funnelStageRoutes(deps));
  return api;
}

/** The deployment's provider base URLs are trusted; a URL a provider hands back and every redirect must pass the policy. */
function apiEgress(input: ApiDeps, metrics: Metrics): Egress {
  return createEgress({
    allow: input.config.outbound.allow,
    trustedUrls: [input.config.providers.telegramBaseUrl, input.config.providers.whatsappBaseUrl],
    onRefused: (reason) => {
      metrics.egressRefused.inc({ caller: 'api' });
      input.logger.warn({ reason }, 'outbound request refused by the egress policy');
    },
  });
}

export function resolveDeps(input: ApiDeps): ResolvedDeps {
  const metrics = input.metrics ?? createMetrics({ app: 'api' });
  return {
    ...input,
    publisher: input.publisher ?? logOnlyPublisher,
    onPublishError: publishFailureReporter({ logger: input.logger, dropped: metrics.eventsPublishDropped }),
    metrics,
    pushGraceMs: input.config.push?.graceMs,
    egress: apiEgress(input, metrics),
    authLimiters: createAuthLimiters({ ...input, metrics, limits: input.authLimits }),
    webhookAccounts: input.webhookAccounts ?? uncachedWebhookAccounts(input.sql),
  };
}

/** The API's request listener: for node:http's createServer, or a server's 'request' event. */
export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The Express application alone: every route, webhooks included, through the whole pipeline. */
export function createExpressApp(deps: ResolvedDeps, webhookHandlers?: WebhookHandlers): Express {
  const app = express();
  app.disable('x-powered-by');
  // req.ip feeds the per-IP login and sign-up limits: only a configured proxy may name it.
  app.set('trust proxy', deps.config.trustProxy);
  app.use(healthRoutes(deps));
  app.use(metricsRoutes(deps));
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use(helmet());
  app.use(docsRoutes(deps));
  // After health and docs (their own bounds), before every route that waits on the database.
  app.use(requestDeadline(deps.config.database.statementTimeoutMs));

  // Express forgets baseUrl once a router is left; metrics need the mount point.
  app.use('/api/v1', (_req, res, next) => {
    res.locals.mount = '/api/v1';
    next();
  });
  app.use('/api/v1', apiRouter(deps));
  app.use(webhookRoutes(deps, webhookHandlers));

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/** Webhooks go through the lean ingress (http/webhook-ingress.ts); everything else through Express. */
export function createApi(input: ApiDeps): ApiHandler {
  const deps = resolveDeps(input);
  const app = createExpressApp(deps);
  const webhooks = webhookIngress(deps);
  return (req, res) => {
    if (!webhooks(req, res)) app(req, res);
  };
}
