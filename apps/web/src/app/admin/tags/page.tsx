import { TagsAdmin } from '../../../features/tags/tags-admin.tsx';

export default function TagsPage() {
  return <TagsAdmin />;
}
