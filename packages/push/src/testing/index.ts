// @relay/push/testing: a local FCM (HTTP v1 sends and Google OAuth's token
// grant over HTTPS) for tests and development; never imported by app code.
export { type FcmV1Message, fcmSendBodySchema } from './fcm-send-body.ts';
export {
  type FcmSendRecord,
  type FcmStandIn,
  type FcmStandInOptions,
  type OAuthGrantRecord,
  startFcmStandIn,
} from './fcm-stand-in.ts';
export {
  type FcmErrorCode,
  type FcmResponse,
  fcmError,
  googleErrorBody,
  type ScriptedResponse,
} from './google-errors.ts';
export { FCM_SCOPE, JWT_BEARER_GRANT } from './oauth-jwt-grant.ts';
export { type GeneratedServiceAccount, generateServiceAccount, type ServiceAccountJson } from './stand-in-keys.ts';
