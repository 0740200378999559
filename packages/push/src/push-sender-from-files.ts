// The PushSender as configured by env: a service-account file, optionally a
// project override, and, for development and tests, a host:port that FCM and
// Google OAuth traffic goes to instead, with the CA to trust there.
import { readFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import { type Credential, cert } from 'firebase-admin/app';
import { connectingAgent } from './connecting-agent.ts';
import { createPushSender } from './create-push-sender.ts';
import type { PushSender } from './push-sender.ts';
import { readServiceAccountFile } from './service-account-file.ts';

export type PushSenderFiles = {
  /** Without it there is no push: undefined is returned. */
  credentialsPath?: string;
  /** Defaults to the service account's project_id. */
  projectId?: string;
  connectTo?: string;
  caPath?: string;
};

async function readCa(caPath: string): Promise<string> {
  try {
    return await readFile(caPath, 'utf8');
  } catch (error) {
    throw new Error(`FCM CA file ${caPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown'})`);
  }
}

export async function pushSenderFromFiles(files: PushSenderFiles): Promise<PushSender | undefined> {
  if (!files.credentialsPath) return undefined;
  // Checked here first, for an error that names the file and never quotes the key.
  const account = await readServiceAccountFile(files.credentialsPath);
  const ca = files.caPath ? await readCa(files.caPath) : undefined;
  // One keep-alive agent for the OAuth token request and every send, closed with the sender.
  const agent = files.connectTo
    ? connectingAgent({ connectTo: files.connectTo, ...(ca ? { ca } : {}) })
    : new Agent({ keepAlive: true, ...(ca ? { ca } : {}) });
  let credential: Credential;
  try {
    // The path, not the parsed object: given an object, firebase-admin 13 builds its OAuth client
    // without the agent (firebase-admin-node#2960) and the token request would go straight to Google.
    credential = cert(files.credentialsPath, agent);
  } catch {
    agent.destroy();
    throw new Error(`FCM credentials file ${files.credentialsPath} has a private_key that cannot be parsed`);
  }
  const sender = createPushSender({ projectId: files.projectId ?? account.project_id, credential, httpAgent: agent });
  return {
    send: (messages) => sender.send(messages),
    async close() {
      await sender.close();
      agent.destroy();
    },
  };
}
