'use client';
// The sign-in form: workspace (tenant slug), email, password. The API's
// error is shown as it says it, in an alert beside the form.
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { errorText } from '../../lib/api.ts';
import { logIn } from './auth-actions.ts';
import styles from './login-form.module.css';
import { useSession } from './use-session.ts';

export function LoginForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const session = useSession();

  // Already signed in (say, in another tab): straight to the inbox.
  useEffect(() => {
    if (session) router.replace('/inbox');
  }, [router, session]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await logIn({
        tenant: String(form.get('tenant') ?? ''),
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
      });
      router.replace('/inbox');
    } catch (caught) {
      setError(errorText(caught));
      setBusy(false);
    }
  }

  return (
    <main className={styles.page}>
      <form className={styles.card} onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title" className={styles.title}>
          Sign in to Relay
        </h1>
        <label className={styles.field}>
          <span>Workspace</span>
          <input name="tenant" autoComplete="organization" required defaultValue="" placeholder="acme" />
        </label>
        <label className={styles.field}>
          <span>Email</span>
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label className={styles.field}>
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        ) : null}
        <button type="submit" className={styles.submit} disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
