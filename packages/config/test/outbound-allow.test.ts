import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/index.ts';

describe('OUTBOUND_ALLOW', () => {
  it('is empty by default: no exceptions to the outbound-URL policy', () => {
    expect(loadConfig({}).outbound.allow).toEqual([]);
  });

  it('reads a comma list of CIDRs and host:port pairs', () => {
    const config = loadConfig({ OUTBOUND_ALLOW: ' 10.0.0.0/8, 127.0.0.1:4010 ,crm.internal:8443,[::1]:9000,' });
    expect(config.outbound.allow).toEqual(['10.0.0.0/8', '127.0.0.1:4010', 'crm.internal:8443', '[::1]:9000']);
  });

  it('refuses an entry it cannot read, naming it', () => {
    expect(() => loadConfig({ OUTBOUND_ALLOW: '10.0.0.0/8,intranet' })).toThrow(
      /OUTBOUND_ALLOW "intranet": expected a CIDR/,
    );
  });
});
