// The workspace set-up resources still on the operations table (queues). Tags, canned responses,
// funnel stages, auto replies, SLA policies and the live queue moved onto route contracts
// (@relay/contracts apiRoutes).
import { createQueueBody, idParams, patchQueueBody, putQueueMembersBody } from '@relay/contracts';
import type { Operation } from './operation.ts';

const v1 = (path: string) => `/api/v1${path}`;

/**
 * List, create, update, delete of one resource; `who` says which roles may write, and `name`
 * (PascalCase, e.g. Queue/Queues) makes the operationIds listQueues, createQueue, updateQueue, deleteQueue.
 */
function crud(
  path: string,
  tag: string,
  name: { one: string; many: string },
  what: { one: string; many: string; who: string },
  body: { create: Operation['body']; patch: Operation['body'] },
): Operation[] {
  return [
    { method: 'GET', path: v1(path), operationId: `list${name.many}`, summary: what.many, tag },
    {
      method: 'POST',
      path: v1(path),
      operationId: `create${name.one}`,
      summary: `Create ${what.one} (${what.who})`,
      tag,
      body: body.create,
      success: 201,
    },
    {
      method: 'PATCH',
      path: v1(`${path}/:id`),
      operationId: `update${name.one}`,
      summary: `Change ${what.one} (${what.who})`,
      tag,
      params: idParams,
      body: body.patch,
    },
    {
      method: 'DELETE',
      path: v1(`${path}/:id`),
      operationId: `delete${name.one}`,
      summary: `Delete ${what.one} (${what.who})`,
      tag,
      params: idParams,
      success: 204,
    },
  ];
}

export const WORKSPACE_OPERATIONS: Operation[] = [
  ...crud(
    '/queues',
    'queues',
    { one: 'Queue', many: 'Queues' },
    { one: 'a queue', many: 'Queues with member ids and waiting/assigned counts', who: 'admin+' },
    { create: createQueueBody, patch: patchQueueBody },
  ),
  {
    method: 'GET',
    path: v1('/queues/:id'),
    operationId: 'getQueue',
    summary: 'One queue with members and counts',
    tag: 'queues',
    params: idParams,
  },
  {
    method: 'PUT',
    path: v1('/queues/:id/members'),
    operationId: 'replaceQueueMembers',
    summary: 'Replace the member set (supervisor+)',
    tag: 'queues',
    params: idParams,
    body: putQueueMembersBody,
  },
];
