import { OperatorsAdmin } from '../../../features/operators/operators-admin.tsx';

export default function OperatorsPage() {
  return <OperatorsAdmin />;
}
