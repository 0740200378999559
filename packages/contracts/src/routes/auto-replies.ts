// Auto-reply rules' routes: supervisors and up look, admins and up edit.
import { autoReply, autoReplyList, createAutoReplyBody, patchAutoReplyBody } from '../http/auto-replies.ts';
import { idParams } from '../http/common.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'auto replies';

export const autoReplyRoutes = {
  listAutoReplies: defineRoute({
    method: 'GET',
    path: '/auto-replies',
    operationId: 'listAutoReplies',
    summary: 'Auto-reply rules (supervisor+)',
    tag: TAG,
    role: 'supervisor',
    responses: { 200: autoReplyList },
  }),
  createAutoReply: defineRoute({
    method: 'POST',
    path: '/auto-replies',
    operationId: 'createAutoReply',
    summary: 'Create an auto reply (admin+)',
    tag: TAG,
    role: 'admin',
    body: createAutoReplyBody,
    responses: { 201: autoReply },
  }),
  updateAutoReply: defineRoute({
    method: 'PATCH',
    path: '/auto-replies/:id',
    operationId: 'updateAutoReply',
    summary: 'Change an auto reply (admin+)',
    tag: TAG,
    role: 'admin',
    params: idParams,
    body: patchAutoReplyBody,
    responses: { 200: autoReply },
  }),
  deleteAutoReply: defineRoute({
    method: 'DELETE',
    path: '/auto-replies/:id',
    operationId: 'deleteAutoReply',
    summary: 'Delete an auto reply (admin+)',
    tag: TAG,
    role: 'admin',
    params: idParams,
    responses: { 204: null },
  }),
};
