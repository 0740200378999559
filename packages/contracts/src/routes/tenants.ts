// Workspaces: public sign-up (no token: it creates the workspace and logs its owner in) and the
// caller's own workspace, which any staff may read and only an owner changes.
import { currentTenant, patchTenantBody, signUpBody, signUpResult } from '../http/tenants.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'tenants';

export const tenantRoutes = {
  signUp: defineRoute({
    method: 'POST',
    path: '/tenants',
    operationId: 'signUp',
    summary: 'Sign up: a new workspace and its owner, logged in (rate-limited per IP)',
    tag: TAG,
    auth: false,
    body: signUpBody,
    responses: { 201: signUpResult },
  }),
  getTenant: defineRoute({
    method: 'GET',
    path: '/tenant',
    operationId: 'getTenant',
    summary: 'The caller’s workspace: plan limits and how much of them is used',
    tag: TAG,
    responses: { 200: currentTenant },
  }),
  updateTenant: defineRoute({
    method: 'PATCH',
    path: '/tenant',
    operationId: 'updateTenant',
    summary: 'Rename the workspace or change its limits (owner; gateways apply socket limits within 10 s)',
    tag: TAG,
    role: 'owner',
    body: patchTenantBody,
    responses: { 200: currentTenant },
  }),
};
