// Clients' routes: any staff list, read and edit them; supervisors and up merge duplicates.
import {
  client,
  clientDetail,
  clientPage,
  listClientsQuery,
  mergeClientBody,
  patchClientBody,
} from '../http/clients.ts';
import { idParams } from '../http/common.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'clients';

export const clientRoutes = {
  listClients: defineRoute({
    method: 'GET',
    path: '/clients',
    operationId: 'listClients',
    summary: 'Clients, newest first, with search',
    tag: TAG,
    query: listClientsQuery,
    responses: { 200: clientPage },
  }),
  getClient: defineRoute({
    method: 'GET',
    path: '/clients/:id',
    operationId: 'getClient',
    summary: 'One client with identities and recent conversations',
    tag: TAG,
    params: idParams,
    responses: { 200: clientDetail },
  }),
  updateClient: defineRoute({
    method: 'PATCH',
    path: '/clients/:id',
    operationId: 'updateClient',
    summary: 'Change name, phone, email; merge attributes',
    tag: TAG,
    params: idParams,
    body: patchClientBody,
    responses: { 200: client },
  }),
  mergeClient: defineRoute({
    method: 'POST',
    path: '/clients/:id/merge',
    operationId: 'mergeClient',
    summary: 'Merge a duplicate into this client (supervisor)',
    tag: TAG,
    role: 'supervisor',
    params: idParams,
    body: mergeClientBody,
    responses: { 200: clientDetail },
  }),
};
