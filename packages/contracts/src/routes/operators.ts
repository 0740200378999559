// Operators of the workspace: any staff member reads the team, admins add and change people
// (who may make or change an owner is decided in the handler, as it depends on the row).
import { idParams } from '../http/common.ts';
import {
  createOperatorBody,
  listOperatorsQuery,
  operatorList,
  operatorView,
  patchOperatorBody,
} from '../http/operators.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'operators';

export const operatorRoutes = {
  listOperators: defineRoute({
    method: 'GET',
    path: '/operators',
    operationId: 'listOperators',
    summary: 'Operators of the workspace',
    tag: TAG,
    query: listOperatorsQuery,
    responses: { 200: operatorList },
  }),
  getOperator: defineRoute({
    method: 'GET',
    path: '/operators/:id',
    operationId: 'getOperator',
    summary: 'One operator',
    tag: TAG,
    params: idParams,
    responses: { 200: operatorView },
  }),
  createOperator: defineRoute({
    method: 'POST',
    path: '/operators',
    operationId: 'createOperator',
    summary: 'Add an operator (admin; within the plan’s max_operators)',
    tag: TAG,
    role: 'admin',
    body: createOperatorBody,
    responses: { 201: operatorView },
  }),
  updateOperator: defineRoute({
    method: 'PATCH',
    path: '/operators/:id',
    operationId: 'updateOperator',
    summary: 'Rename, change role or capacity, (de)activate (admin)',
    tag: TAG,
    role: 'admin',
    params: idParams,
    body: patchOperatorBody,
    responses: { 200: operatorView },
  }),
};
