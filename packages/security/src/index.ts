// Owns the primitives that keep secrets secret: password hashes, one-way
// hashes of bearer tokens, random tokens, access JWTs, encryption of stored
// credentials, and the verdict on whether a session still grants access.
export { type AccessClaims, signAccessToken, type VerifiedAccessClaims, verifyAccessToken } from './access-token.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { openSecret, SecretBoxError, sealSecret } from './secret-box.ts';
export {
  type SessionEndReason,
  type SessionFacts,
  type SessionRefusal,
  type SessionVerdict,
  sessionRefusal,
  sessionVerdict,
} from './session-verdict.ts';
export { hashToken, randomToken } from './tokens.ts';
