// Polls a readiness check until it passes, failing fast when the process
// being waited for has already died (alive() throws with its log).
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  alive: () => void,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    alive();
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** True when GET url answers 2xx within 2 s. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}
