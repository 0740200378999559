import { CannedAdmin } from '../../../features/canned/canned-admin.tsx';

export default function CannedResponsesPage() {
  return <CannedAdmin />;
}
