// Channel accounts: everyone lists them (supervisors and up with their webhook URLs), admins connect
// and change them.
import {
  channelAccount,
  channelAccountList,
  createChannelAccountBody,
  createdChannelAccount,
  patchChannelAccountBody,
} from '../http/channel-accounts.ts';
import { idParams } from '../http/common.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'channels';

export const channelAccountRoutes = {
  listChannelAccounts: defineRoute({
    method: 'GET',
    path: '/channel-accounts',
    operationId: 'listChannelAccounts',
    summary: 'Channel accounts',
    tag: TAG,
    responses: { 200: channelAccountList },
  }),
  getChannelAccount: defineRoute({
    method: 'GET',
    path: '/channel-accounts/:id',
    operationId: 'getChannelAccount',
    summary: 'One channel account with its webhook URL',
    tag: TAG,
    params: idParams,
    responses: { 200: channelAccount },
  }),
  createChannelAccount: defineRoute({
    method: 'POST',
    path: '/channel-accounts',
    operationId: 'createChannelAccount',
    summary:
      'Connect a channel; the secret is shown only here. A callbackUrl the outbound policy can never reach (credentials, a loopback/private/link-local address) is 422',
    tag: TAG,
    role: 'admin',
    body: createChannelAccountBody,
    responses: { 201: createdChannelAccount },
  }),
  updateChannelAccount: defineRoute({
    method: 'PATCH',
    path: '/channel-accounts/:id',
    operationId: 'updateChannelAccount',
    summary: 'Rename, move to a queue, (de)activate',
    tag: TAG,
    role: 'admin',
    params: idParams,
    body: patchChannelAccountBody,
    responses: { 200: channelAccount },
  }),
};
