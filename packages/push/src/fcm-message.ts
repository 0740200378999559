// How one PushMessage becomes one FCM HTTP v1 message: a visible
// notification that wakes the phone now (Android priority high, APNs priority
// 10, web Urgency high) and replaces an older undelivered one of the same
// conversation (one collapse key on every platform).
import { createHash } from 'node:crypto';
import type { TokenMessage } from 'firebase-admin/messaging';
import type { PushMessage } from './push-sender.ts';

/** APNs rejects an apns-collapse-id longer than this many bytes. */
const APNS_COLLAPSE_ID_MAX_BYTES = 64;

/** The collapse key as APNs accepts it: as is when short enough, else a stable digest of it. */
export function apnsCollapseId(collapseKey: string): string {
  if (Buffer.byteLength(collapseKey, 'utf8') <= APNS_COLLAPSE_ID_MAX_BYTES) return collapseKey;
  // Same key in, same id out, so collapsing still works for long keys.
  return createHash('sha256').update(collapseKey).digest('base64url');
}

export function toFcmMessage(message: PushMessage): TokenMessage {
  return {
    token: message.token,
    notification: { title: message.title, body: message.body },
    data: { ...message.data },
    android: { priority: 'high', collapseKey: message.collapseKey },
    apns: {
      headers: { 'apns-priority': '10', 'apns-collapse-id': apnsCollapseId(message.collapseKey) },
      payload: { aps: { sound: 'default' } },
    },
    webpush: { headers: { Urgency: 'high' } },
  };
}
