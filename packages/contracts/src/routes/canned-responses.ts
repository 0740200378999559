// Canned responses' routes. Shared ones are the workspace's (supervisors and up change them),
// personal ones their owner's; that rule depends on the row, so the handlers enforce it, not `role`.
import {
  cannedResponse,
  cannedResponseList,
  createCannedResponseBody,
  listCannedResponsesQuery,
  patchCannedResponseBody,
  useCannedResponseBody,
} from '../http/canned-responses.ts';
import { idParams } from '../http/common.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'canned responses';
const WHO = 'shared ones: supervisor+; personal: the owner';

export const cannedResponseRoutes = {
  listCannedResponses: defineRoute({
    method: 'GET',
    path: '/canned-responses',
    operationId: 'listCannedResponses',
    summary: "Shared canned responses and the caller's own; ?q= searches title, shortcut and content",
    tag: TAG,
    query: listCannedResponsesQuery,
    responses: { 200: cannedResponseList },
  }),
  createCannedResponse: defineRoute({
    method: 'POST',
    path: '/canned-responses',
    operationId: 'createCannedResponse',
    summary: `Create a canned response (${WHO})`,
    tag: TAG,
    body: createCannedResponseBody,
    responses: { 201: cannedResponse },
  }),
  updateCannedResponse: defineRoute({
    method: 'PATCH',
    path: '/canned-responses/:id',
    operationId: 'updateCannedResponse',
    summary: `Change a canned response (${WHO})`,
    tag: TAG,
    params: idParams,
    body: patchCannedResponseBody,
    responses: { 200: cannedResponse },
  }),
  deleteCannedResponse: defineRoute({
    method: 'DELETE',
    path: '/canned-responses/:id',
    operationId: 'deleteCannedResponse',
    summary: `Delete a canned response (${WHO})`,
    tag: TAG,
    params: idParams,
    responses: { 204: null },
  }),
  recordCannedResponseUse: defineRoute({
    method: 'POST',
    path: '/canned-responses/:id/use',
    operationId: 'recordCannedResponseUse',
    summary: 'Count a use from the composer (anyone who sees it)',
    tag: TAG,
    params: idParams,
    body: useCannedResponseBody,
    responses: { 200: cannedResponse },
  }),
};
