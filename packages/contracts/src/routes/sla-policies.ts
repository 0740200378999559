// SLA policies' routes: everyone reads them (the targets show on conversations), admins and up write.
import { idParams } from '../http/common.ts';
import { createSlaPolicyBody, patchSlaPolicyBody, slaPolicy, slaPolicyList } from '../http/sla-policies.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'SLA policies';
const WHAT = 'an SLA policy (seconds or minutes)';

export const slaPolicyRoutes = {
  listSlaPolicies: defineRoute({
    method: 'GET',
    path: '/sla-policies',
    operationId: 'listSlaPolicies',
    summary: 'SLA policies',
    tag: TAG,
    responses: { 200: slaPolicyList },
  }),
  createSlaPolicy: defineRoute({
    method: 'POST',
    path: '/sla-policies',
    operationId: 'createSlaPolicy',
    summary: `Create ${WHAT} (admin+)`,
    tag: TAG,
    role: 'admin',
    body: createSlaPolicyBody,
    responses: { 201: slaPolicy },
  }),
  updateSlaPolicy: defineRoute({
    method: 'PATCH',
    path: '/sla-policies/:id',
    operationId: 'updateSlaPolicy',
    summary: `Change ${WHAT} (admin+)`,
    tag: TAG,
    role: 'admin',
    params: idParams,
    body: patchSlaPolicyBody,
    responses: { 200: slaPolicy },
  }),
  deleteSlaPolicy: defineRoute({
    method: 'DELETE',
    path: '/sla-policies/:id',
    operationId: 'deleteSlaPolicy',
    summary: `Delete ${WHAT} (admin+)`,
    tag: TAG,
    role: 'admin',
    params: idParams,
    responses: { 204: null },
  }),
};
