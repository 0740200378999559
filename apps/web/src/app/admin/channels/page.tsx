import { ChannelsScreen } from '../../../features/channels/channels-screen.tsx';

export default function ChannelsPage() {
  return <ChannelsScreen />;
}
