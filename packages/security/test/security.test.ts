import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  hashToken,
  openSecret,
  randomToken,
  SecretBoxError,
  sealSecret,
  verifyPassword,
} from '../src/index.ts';

describe('passwords', () => {
  it('verifies the right password only, with argon2id and a salt per hash', async () => {
    const hash = await hashPassword('demo1234');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'demo1234')).toBe(true);
    expect(await verifyPassword(hash, 'demo12345')).toBe(false);
    expect(await hashPassword('demo1234')).not.toBe(hash);
  });

  it('treats a malformed stored hash as a wrong password', async () => {
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });
});

describe('tokens', () => {
  it('are url-safe, distinct, and hashed one way', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
  });
});

describe('the secret box', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const sealed = sealSecret(key, '123456:bot-token');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(sealed).not.toContain('bot-token');
    expect(sealSecret(key, '123456:bot-token')).not.toBe(sealed);
    expect(openSecret(key, sealed)).toBe('123456:bot-token');
  });

  it('refuses a wrong key, tampered data and garbage', () => {
    const sealed = sealSecret(key, 'secret');
    expect(() => openSecret(randomBytes(32), sealed)).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] as string, 'base64url');
    body[0] = (body[0] as number) ^ 1;
    expect(() => openSecret(key, [parts[0], parts[1], parts[2], body.toString('base64url')].join('.'))).toThrow(
      SecretBoxError,
    );
    expect(() => openSecret(key, 'plain text')).toThrow(/not a sealed secret/);
    expect(() => sealSecret(Buffer.alloc(16), 'x')).toThrow(/32 bytes/);
  });
});
