// Owns the primitives that keep secrets secret: password hashes, one-way
// hashes of bearer tokens, random tokens, access JWTs, and encryption of stored
// credentials.
export { type AccessClaims, signAccessToken, type VerifiedAccessClaims, verifyAccessToken } from './access-token.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export { openSecret, SecretBoxError, sealSecret } from './secret-box.ts';
export { hashToken, randomToken } from './tokens.ts';
