import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AdminShell } from '../../features/admin/admin-shell.tsx';

export const metadata: Metadata = { title: 'Settings · Relay' };

export default function AdminLayout({ children }: { children: ReactNode }) {
  return <AdminShell>{children}</AdminShell>;
}
