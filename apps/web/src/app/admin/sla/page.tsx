import { SlaAdmin } from '../../../features/sla-settings/sla-admin.tsx';

export default function SlaPage() {
  return <SlaAdmin />;
}
