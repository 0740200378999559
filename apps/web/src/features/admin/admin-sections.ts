// The admin area's sections: their URL, label and the least role that sees
// them. Supervisors see every section but the audit log, and each section
// offers only what the API lets the role change (a supervisor edits tags,
// canned responses and queue members, and reads the rest).
import type { OperatorRole } from '@relay/contracts';

export type AdminSection = { slug: string; label: string; least: OperatorRole };

export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { slug: 'operators', label: 'Operators', least: 'supervisor' },
  { slug: 'channels', label: 'Channels', least: 'supervisor' },
  { slug: 'queues', label: 'Queues', least: 'supervisor' },
  { slug: 'sla', label: 'SLA policies', least: 'supervisor' },
  { slug: 'canned-responses', label: 'Canned responses', least: 'supervisor' },
  { slug: 'auto-replies', label: 'Auto replies', least: 'supervisor' },
  { slug: 'tags', label: 'Tags', least: 'supervisor' },
  { slug: 'devices', label: 'My devices', least: 'operator' },
  { slug: 'workspace', label: 'Workspace & limits', least: 'supervisor' },
  { slug: 'audit-log', label: 'Audit log', least: 'admin' },
];
