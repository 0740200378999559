// Logging in and out. Login and refresh carry no bearer token (they are how one is got), so the API
// mounts them before authenticate; logout ends the caller's own session.
import { loginBody, logoutBody, refreshBody, tokenPair } from '../http/auth.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'auth';

export const authRoutes = {
  logIn: defineRoute({
    method: 'POST',
    path: '/auth/login',
    operationId: 'logIn',
    summary: 'Log in',
    tag: TAG,
    auth: false,
    body: loginBody,
    responses: { 200: tokenPair },
  }),
  refreshTokens: defineRoute({
    method: 'POST',
    path: '/auth/refresh',
    operationId: 'refreshTokens',
    summary: 'Rotate the refresh token',
    tag: TAG,
    auth: false,
    body: refreshBody,
    responses: { 200: tokenPair },
  }),
  logOut: defineRoute({
    method: 'POST',
    path: '/auth/logout',
    operationId: 'logOut',
    summary: 'End this session',
    tag: TAG,
    body: logoutBody,
    responses: { 204: null },
  }),
};
