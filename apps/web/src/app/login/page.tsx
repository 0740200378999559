import type { Metadata } from 'next';
import { LoginForm } from '../../features/auth/login-form.tsx';

export const metadata: Metadata = { title: 'Sign in · Relay' };

export default function LoginPage() {
  return <LoginForm />;
}
