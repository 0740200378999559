'use client';
// `/`: to the inbox when signed in, to the login page otherwise.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useSession } from '../features/auth/use-session.ts';

export default function Home() {
  const router = useRouter();
  const session = useSession();
  useEffect(() => {
    if (session !== undefined) router.replace(session ? '/inbox' : '/login');
  }, [router, session]);
  return null;
}
