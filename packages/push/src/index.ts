// @relay/push: FCM through firebase-admin. Callers pass tokens in; who gets a
// push and when is the worker's business.
export { type ConnectingAgentOptions, connectingAgent } from './connecting-agent.ts';
export { type CreatePushSenderOptions, createPushSender, FCM_BATCH_LIMIT } from './create-push-sender.ts';
export { apnsCollapseId, toFcmMessage } from './fcm-message.ts';
export type { PushMessage, PushOutcome, PushSender } from './push-sender.ts';
export { type PushSenderFiles, pushSenderFromFiles } from './push-sender-from-files.ts';
