// API keys for integrations: admins list, create and revoke them; the key is in the creation answer only.
import { apiKeyList, createApiKeyBody, createdApiKey } from '../http/api-keys.ts';
import { idParams } from '../http/common.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'api-keys';

export const apiKeyRoutes = {
  listApiKeys: defineRoute({
    method: 'GET',
    path: '/api-keys',
    operationId: 'listApiKeys',
    summary: 'API keys, without the keys (admin)',
    tag: TAG,
    role: 'admin',
    responses: { 200: apiKeyList },
  }),
  createApiKey: defineRoute({
    method: 'POST',
    path: '/api-keys',
    operationId: 'createApiKey',
    summary: 'Create an API key; the key is shown only here (admin)',
    tag: TAG,
    role: 'admin',
    body: createApiKeyBody,
    responses: { 201: createdApiKey },
  }),
  revokeApiKey: defineRoute({
    method: 'DELETE',
    path: '/api-keys/:id',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key (admin)',
    tag: TAG,
    role: 'admin',
    params: idParams,
    responses: { 204: null },
  }),
};
