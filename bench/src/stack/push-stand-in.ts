// Owns the run's FCM: the local stand-in from @relay/push/testing, in the
// harness's own process (so scenario 7 reads its receipt times on the same
// clock it sent the webhooks with), and the env that points the worker's real
// firebase-admin client at it, as apps/standalone's worker test does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FcmStandIn, startFcmStandIn } from '@relay/push/testing';

/** PUSH_GRACE_MS of every Relay process in a bench run (the product's default is 3000 ms). */
export const BENCH_PUSH_GRACE_MS = 1000;

export type PushStandIn = {
  fcm: FcmStandIn;
  /** FCM_* for the worker: credentials, project, and the stand-in's address and CA. */
  workerEnv: Record<string, string>;
  stop(): Promise<void>;
};

export async function startPushStandIn(): Promise<PushStandIn> {
  const fcm = await startFcmStandIn({ projectId: 'relay-bench' });
  // The generated service account holds a private key: its own directory, removed at the end.
  const dir = mkdtempSync(join(tmpdir(), 'relay-bench-fcm-'));
  const caPath = join(dir, 'fcm-ca.pem');
  writeFileSync(caPath, fcm.ca);
  const workerEnv = {
    FCM_CREDENTIALS_PATH: await fcm.writeServiceAccount(dir),
    FCM_PROJECT_ID: fcm.projectId,
    FCM_CONNECT_TO: fcm.connectTo,
    FCM_CA_PATH: caPath,
  };
  return {
    fcm,
    workerEnv,
    async stop() {
      await fcm.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
