'use client';
// /admin itself: off to the first section the signed-in role may open (an
// operator has only their devices; a supervisor starts at Operators).
import { atLeast } from '@relay/contracts';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useSession } from '../auth/use-session.ts';
import { ADMIN_SECTIONS } from './admin-sections.ts';

export function AdminHome() {
  const router = useRouter();
  const session = useSession();
  useEffect(() => {
    if (!session) return; // the shell sends a signed-out visitor to /login
    const first = ADMIN_SECTIONS.find((section) => atLeast(session.operator.role, section.least));
    router.replace(`/admin/${first?.slug ?? 'devices'}`);
  }, [router, session]);
  return null;
}
