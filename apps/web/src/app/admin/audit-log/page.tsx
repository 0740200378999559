import { AuditLogAdmin } from '../../../features/audit-log/audit-log-admin.tsx';

export default function AuditLogPage() {
  return <AuditLogAdmin />;
}
