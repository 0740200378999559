// Owns the primitives that keep secrets secret: password hashes, one-way
// hashes of bearer tokens, random tokens, and encryption of stored credentials.
export { hashPassword, verifyPassword } from './passwords.ts';
export { openSecret, SecretBoxError, sealSecret } from './secret-box.ts';
export { hashToken, randomToken } from './tokens.ts';
