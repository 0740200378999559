// Development-only secrets. They make `npm start` work with no setup and are
// refused in production, where a leaked default would sign anyone's tokens.
export const DEV_JWT_SECRET = 'relay-development-jwt-secret-do-not-use-in-production';
// 32 bytes, base64: the AES-256-GCM key for channel credentials at rest.
export const DEV_ENCRYPTION_KEY = 'cmVsYXktZGV2LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU=';
