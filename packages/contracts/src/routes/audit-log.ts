// The audit log: who changed what, newest first, for admins.
import { auditLogPage, auditLogQuery } from '../http/audit-log.ts';
import { defineRoute } from './define-route.ts';

export const auditLogRoutes = {
  listAuditLog: defineRoute({
    method: 'GET',
    path: '/audit-log',
    operationId: 'listAuditLog',
    summary: 'Who changed what, newest first (admin)',
    tag: 'audit',
    role: 'admin',
    query: auditLogQuery,
    responses: { 200: auditLogPage },
  }),
};
