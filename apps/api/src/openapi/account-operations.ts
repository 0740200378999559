// The people still on the operations table (me, operators); the other account routes moved onto
// route contracts (@relay/contracts apiRoutes).
import {
  changePasswordBody,
  createOperatorBody,
  idParams,
  listOperatorsQuery,
  patchMeBody,
  patchOperatorBody,
} from '@relay/contracts';
import type { Operation } from './operation.ts';

const v1 = (path: string) => `/api/v1${path}`;

export const ACCOUNT_OPERATIONS: Operation[] = [
  {
    method: 'PATCH',
    path: v1('/me'),
    operationId: 'updateMe',
    summary: 'Change name, availability, notification settings',
    tag: 'me',
    body: patchMeBody,
  },
  {
    method: 'POST',
    path: v1('/me/password'),
    operationId: 'changePassword',
    summary: 'Change the password; ends the caller’s other sessions',
    tag: 'me',
    body: changePasswordBody,
    success: 204,
  },
  {
    method: 'GET',
    path: v1('/operators'),
    operationId: 'listOperators',
    summary: 'Operators of the workspace',
    tag: 'operators',
    query: listOperatorsQuery,
  },
  {
    method: 'GET',
    path: v1('/operators/:id'),
    operationId: 'getOperator',
    summary: 'One operator',
    tag: 'operators',
    params: idParams,
  },
  {
    method: 'POST',
    path: v1('/operators'),
    operationId: 'createOperator',
    summary: 'Add an operator (admin; within the plan’s max_operators)',
    tag: 'operators',
    body: createOperatorBody,
    success: 201,
  },
  {
    method: 'PATCH',
    path: v1('/operators/:id'),
    operationId: 'updateOperator',
    summary: 'Rename, change role or capacity, (de)activate (admin)',
    tag: 'operators',
    params: idParams,
    body: patchOperatorBody,
  },
];
