// The tag vocabulary's routes: everyone lists, supervisors and up shape it.
import { idParams } from '../http/common.ts';
import { createTagBody, patchTagBody, tag, tagList } from '../http/tags.ts';
import { defineRoute } from './define-route.ts';

const TAG = 'tags';

export const tagRoutes = {
  listTags: defineRoute({
    method: 'GET',
    path: '/tags',
    operationId: 'listTags',
    summary: 'The tag vocabulary, by name',
    tag: TAG,
    responses: { 200: tagList },
  }),
  createTag: defineRoute({
    method: 'POST',
    path: '/tags',
    operationId: 'createTag',
    summary: 'Create a tag (supervisor+); names are unique whatever the case',
    tag: TAG,
    role: 'supervisor',
    body: createTagBody,
    responses: { 201: tag },
  }),
  updateTag: defineRoute({
    method: 'PATCH',
    path: '/tags/:id',
    operationId: 'updateTag',
    summary: 'Rename or recolour a tag (supervisor+)',
    tag: TAG,
    role: 'supervisor',
    params: idParams,
    body: patchTagBody,
    responses: { 200: tag },
  }),
  deleteTag: defineRoute({
    method: 'DELETE',
    path: '/tags/:id',
    operationId: 'deleteTag',
    summary: 'Delete a tag; it comes off every conversation (supervisor+)',
    tag: TAG,
    role: 'supervisor',
    params: idParams,
    responses: { 204: null },
  }),
};
