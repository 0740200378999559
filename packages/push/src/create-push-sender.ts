// A PushSender on firebase-admin's own client: one named App per sender (so
// several coexist in one process, e.g. in tests), FCM HTTP v1 over HTTP/1.1
// so every request goes through the given agent.
import { randomUUID } from 'node:crypto';
import type { Agent } from 'node:http';
import { type App, type Credential, deleteApp, initializeApp } from 'firebase-admin/app';
import { getMessaging, type Messaging, type SendResponse } from 'firebase-admin/messaging';
import { toFcmMessage } from './fcm-message.ts';
import { outcomeFromError } from './outcome-from-error.ts';
import type { PushMessage, PushOutcome, PushSender } from './push-sender.ts';

/** sendEach refuses more than this many messages in one call. */
export const FCM_BATCH_LIMIT = 500;

export type CreatePushSenderOptions = {
  projectId: string;
  credential: Credential;
  /**
   * Every FCM request goes through it. The credential's token request does not: give the agent to
   * `cert(path, agent)` too, with a file path (an object loses the agent, see push-sender-from-files.ts).
   */
  httpAgent?: Agent;
  /** Must be unique in the process; a random one by default. */
  appName?: string;
};

function outcomeOf(response: SendResponse | undefined): PushOutcome {
  if (response?.success && response.messageId) return { status: 'sent', messageId: response.messageId };
  return outcomeFromError(response?.error ?? new Error('FCM gave no response for this message'));
}

async function sendBatch(messaging: Messaging, batch: PushMessage[]): Promise<PushOutcome[]> {
  // An empty token would fail firebase-admin's validation anyway; it can only be a dead token.
  const sendable = batch.filter((message) => message.token.trim() !== '');
  let responses: SendResponse[] = [];
  let batchFailure: { error: unknown } | undefined;
  if (sendable.length > 0) {
    try {
      ({ responses } = await messaging.sendEach(sendable.map(toFcmMessage)));
    } catch (error) {
      // A whole-batch failure still owes the caller one outcome per message.
      batchFailure = { error };
    }
  }
  let next = 0;
  return batch.map((message): PushOutcome => {
    if (message.token.trim() === '') return { status: 'invalid_token', error: 'empty registration token' };
    return batchFailure ? outcomeFromError(batchFailure.error) : outcomeOf(responses[next++]);
  });
}

export function createPushSender(options: CreatePushSenderOptions): PushSender {
  const app: App = initializeApp(
    {
      credential: options.credential,
      projectId: options.projectId,
      ...(options.httpAgent ? { httpAgent: options.httpAgent } : {}),
    },
    options.appName ?? `relay-push-${randomUUID()}`,
  );
  const messaging = getMessaging(app);
  // HTTP/2 (firebase-admin's default for sendEach) opens its own session and ignores httpAgent.
  messaging.enableLegacyHttpTransport();
  let closed: Promise<void> | undefined;

  return {
    async send(messages) {
      if (closed) throw new Error('push sender is closed');
      const outcomes: PushOutcome[] = [];
      for (let start = 0; start < messages.length; start += FCM_BATCH_LIMIT) {
        outcomes.push(...(await sendBatch(messaging, messages.slice(start, start + FCM_BATCH_LIMIT))));
      }
      return outcomes;
    },
    close() {
      closed ??= deleteApp(app);
      return closed;
    },
  };
}
