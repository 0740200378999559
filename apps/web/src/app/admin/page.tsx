import { redirect } from 'next/navigation';
import { FIRST_SECTION } from '../../features/admin/admin-sections.ts';

export default function AdminIndex() {
  redirect(`/admin/${FIRST_SECTION}`);
}
