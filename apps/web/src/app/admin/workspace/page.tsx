import { WorkspaceAdmin } from '../../../features/workspace/workspace-admin.tsx';

export default function WorkspacePage() {
  return <WorkspaceAdmin />;
}
