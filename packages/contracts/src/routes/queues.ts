// Queues' routes: everyone reads them, admins and up create, change and delete them, supervisors
// and up set who works one.
import { idParams } from '../http/common.ts';
import { createQueueBody, patchQueueBody, putQueueMembersBody, queue, queueList } from '../http/queues.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'queues';
const WHAT = 'a queue';

export const queueRoutes = {
  listQueues: defineRoute({
    method: 'GET',
    path: '/queues',
    operationId: 'listQueues',
    summary: 'Queues with member ids and waiting/assigned counts',
    tag: TAG,
    responses: { 200: queueList },
  }),
  getQueue: defineRoute({
    method: 'GET',
    path: '/queues/:id',
    operationId: 'getQueue',
    summary: 'One queue with members and counts',
    tag: TAG,
    params: idParams,
    responses: { 200: queue },
  }),
  createQueue: defineRoute({
    method: 'POST',
    path: '/queues',
    operationId: 'createQueue',
    summary: `Create ${WHAT} (admin+)`,
    tag: TAG,
    role: 'admin',
    body: createQueueBody,
    responses: { 201: queue },
  }),
  updateQueue: defineRoute({
    method: 'PATCH',
    path: '/queues/:id',
    operationId: 'updateQueue',
    summary: `Change ${WHAT} (admin+)`,
    tag: TAG,
    role: 'admin',
    params: idParams,
    body: patchQueueBody,
    responses: { 200: queue },
  }),
  deleteQueue: defineRoute({
    method: 'DELETE',
    path: '/queues/:id',
    operationId: 'deleteQueue',
    summary: `Delete ${WHAT} (admin+)`,
    tag: TAG,
    role: 'admin',
    params: idParams,
    responses: { 204: null },
  }),
  replaceQueueMembers: defineRoute({
    method: 'PUT',
    path: '/queues/:id/members',
    operationId: 'replaceQueueMembers',
    summary: 'Replace the member set (supervisor+)',
    tag: TAG,
    role: 'supervisor',
    params: idParams,
    body: putQueueMembersBody,
    responses: { 200: queue },
  }),
};
