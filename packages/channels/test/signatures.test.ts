import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hmacSha256Hex,
  safeEqual,
  verifyApiSignature,
  verifyTelegramSecret,
  verifyWhatsAppSignature,
  WebhookSignatureError,
  whatsAppChallenge,
} from '../src/index.ts';

const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const secret = 'app-secret-1';
const good = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('hmacSha256Hex and safeEqual', () => {
  it('signs like node:crypto and compares exactly', () => {
    expect(`sha256=${hmacSha256Hex(secret, body)}`).toBe(good);
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});

describe.each([
  ['verifyWhatsAppSignature', verifyWhatsAppSignature],
  ['verifyApiSignature', verifyApiSignature],
])('%s', (_name, verify) => {
  it('accepts the HMAC of the exact body, in either hex case', () => {
    expect(() => verify(body, good, secret)).not.toThrow();
    expect(() => verify(body, `sha256=${good.slice(7).toUpperCase()}`, secret)).not.toThrow();
  });

  it('rejects a missing, malformed, wrong-key or tampered signature', () => {
    const tampered = Buffer.from(body.toString().replace('[]', '[{}]'));
    const cases: Array<[Buffer, string | undefined, string]> = [
      [body, undefined, secret],
      [body, '', secret],
      [body, good.slice(7), secret],
      [body, `sha1=${good.slice(7)}`, secret],
      [body, `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`, secret],
      [body, good, 'another-secret'],
      [tampered, good, secret],
      [body, `sha256=${hmacSha256Hex('', body)}`, ''],
    ];
    for (const [raw, header, key] of cases) expect(() => verify(raw, header, key)).toThrow(WebhookSignatureError);
  });
});

describe('verifyTelegramSecret', () => {
  it('accepts only the configured secret', () => {
    expect(() => verifyTelegramSecret('s3cret_Token-1', 's3cret_Token-1')).not.toThrow();
    for (const header of [undefined, '', 's3cret_Token-2', 's3cret_Token-1 ', 's3cret_Token']) {
      expect(() => verifyTelegramSecret(header, 's3cret_Token-1')).toThrow(WebhookSignatureError);
    }
    expect(() => verifyTelegramSecret('', '')).toThrow(WebhookSignatureError);
  });
});

describe('whatsAppChallenge', () => {
  const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' };

  it('answers the challenge for the right token, flat or nested query keys', () => {
    expect(whatsAppChallenge(query, 'verify-me')).toBe('1158201444');
    const nested = { hub: { mode: 'subscribe', verify_token: 'verify-me', challenge: '42' } };
    expect(whatsAppChallenge(nested, 'verify-me')).toBe('42');
  });

  it('refuses a wrong token or mode, a missing part, or a challenge that is not a plain token', () => {
    expect(whatsAppChallenge(query, 'other')).toBeNull();
    expect(whatsAppChallenge(query, '')).toBeNull();
    expect(whatsAppChallenge({ ...query, 'hub.mode': 'unsubscribe' }, 'verify-me')).toBeNull();
    expect(whatsAppChallenge({ ...query, 'hub.challenge': undefined }, 'verify-me')).toBeNull();
    expect(whatsAppChallenge({ ...query, 'hub.verify_token': ['verify-me'] }, 'verify-me')).toBeNull();
    expect(whatsAppChallenge({ ...query, 'hub.challenge': '<script>' }, 'verify-me')).toBeNull();
    expect(whatsAppChallenge({}, 'verify-me')).toBeNull();
  });
});
