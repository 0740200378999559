// The sales funnel's routes: everyone lists the stages, admins define them.
import { idParams } from '../http/common.ts';
import { createFunnelStageBody, funnelStage, funnelStageList, patchFunnelStageBody } from '../http/funnel-stages.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'funnel stages';

export const funnelStageRoutes = {
  listFunnelStages: defineRoute({
    method: 'GET',
    path: '/funnel-stages',
    operationId: 'listFunnelStages',
    summary: 'Funnel stages by position',
    tag: TAG,
    responses: { 200: funnelStageList },
  }),
  createFunnelStage: defineRoute({
    method: 'POST',
    path: '/funnel-stages',
    operationId: 'createFunnelStage',
    summary: 'Create a funnel stage, after the last one unless placed (admin+)',
    tag: TAG,
    role: 'admin',
    body: createFunnelStageBody,
    responses: { 201: funnelStage },
  }),
  updateFunnelStage: defineRoute({
    method: 'PATCH',
    path: '/funnel-stages/:id',
    operationId: 'updateFunnelStage',
    summary: 'Rename, move or (un)finalise a funnel stage (admin+)',
    tag: TAG,
    role: 'admin',
    params: idParams,
    body: patchFunnelStageBody,
    responses: { 200: funnelStage },
  }),
  deleteFunnelStage: defineRoute({
    method: 'DELETE',
    path: '/funnel-stages/:id',
    operationId: 'deleteFunnelStage',
    summary: 'Delete a funnel stage; its conversations are left without one (admin+)',
    tag: TAG,
    role: 'admin',
    params: idParams,
    responses: { 204: null },
  }),
};
