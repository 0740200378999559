import { QueueSettingsScreen } from '../../../features/queue-settings/queue-settings-screen.tsx';

export default function QueuesPage() {
  return <QueueSettingsScreen />;
}
