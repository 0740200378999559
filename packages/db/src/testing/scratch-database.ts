// A throwaway database on a PostgreSQL server, for test harnesses of any kind
// (Vitest's test-db.ts, the Playwright suite). No test-runner imports here.
import { randomBytes } from 'node:crypto';
import { createDb } from '../create-db.ts';

export type ScratchDatabase = { url: string; drop(): Promise<void> };

/** Creates an empty database next to the one `serverUrl` names; drop() removes it. */
export async function createServerScratchDatabase(
  serverUrl: string,
  prefix = 'relay_scratch',
): Promise<ScratchDatabase> {
  const url = new URL(serverUrl);
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = createDb({ url: url.toString(), max: 1 });
  await admin.unsafe(`create database ${name}`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
