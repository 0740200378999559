// Test support: an access token from a running process's login route, for
// tests that talk to an API started as its own process (child-entry.ts).

/** Logs `email` of workspace `slug` in with the demo password; throws with the answer when refused. */
export async function logInOverHttp(port: number, slug: string, email = 'owner@demo.test'): Promise<string> {
  const reply = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: slug, email, password: 'demo1234' }),
  });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status} ${await reply.text()}`);
  return ((await reply.json()) as { accessToken: string }).accessToken;
}
