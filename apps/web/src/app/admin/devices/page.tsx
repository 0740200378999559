import { DevicesAdmin } from '../../../features/devices/devices-admin.tsx';

export default function DevicesPage() {
  return <DevicesAdmin />;
}
