// The caller's own account: anyone signed in reads and changes their own, never someone else's.
import { changePasswordBody, meView, patchMeBody } from '../http/me.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'me';

export const meRoutes = {
  getMe: defineRoute({
    method: 'GET',
    path: '/me',
    operationId: 'getMe',
    summary: 'The caller',
    tag: TAG,
    responses: { 200: meView },
  }),
  updateMe: defineRoute({
    method: 'PATCH',
    path: '/me',
    operationId: 'updateMe',
    summary: 'Change name, availability, notification settings',
    tag: TAG,
    body: patchMeBody,
    responses: { 200: meView },
  }),
  changePassword: defineRoute({
    method: 'POST',
    path: '/me/password',
    operationId: 'changePassword',
    summary: 'Change the password; ends the caller’s other sessions',
    tag: TAG,
    body: changePasswordBody,
    responses: { 204: null },
  }),
};
