import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.ts';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

describe('TRUST_PROXY', () => {
  it('is off by default and when set to off', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    for (const off of ['false', 'off', '0', 'none']) expect(loadConfig({ TRUST_PROXY: off }).trustProxy).toBe(false);
  });

  it('takes a hop count or a list of addresses, CIDRs and range names', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: ' loopback, 10.0.0.0/8 ,fd00::/8, 192.0.2.7 ' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
  });

  it('refuses "true", names it does not know, bad prefixes and silly hop counts in one line', () => {
    for (const bad of ['true', 'everyone', '10.0.0.0/33', '::1/129', '1.2.3.4/8/9', 'loopback,', '11']) {
      const message = errorOf({ TRUST_PROXY: bad });
      expect(message).toMatch(/^Invalid configuration: TRUST_PROXY must be off, a hop count/);
      expect(message).toContain(`(got "${bad}")`);
      expect(message).not.toContain('\n');
    }
  });
});

describe('REFRESH_GRACE_SECONDS', () => {
  it('defaults to 30 s and may be 0 (no grace) up to 300', () => {
    expect(loadConfig({}).auth.refreshGraceSeconds).toBe(30);
    expect(loadConfig({ REFRESH_GRACE_SECONDS: '0' }).auth.refreshGraceSeconds).toBe(0);
    expect(errorOf({ REFRESH_GRACE_SECONDS: '301' })).toMatch(/REFRESH_GRACE_SECONDS/);
  });
});
