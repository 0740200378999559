import { AutoRepliesAdmin } from '../../../features/auto-replies/auto-replies-admin.tsx';

export default function AutoRepliesPage() {
  return <AutoRepliesAdmin />;
}
