import { describe, expect, it } from 'vitest';
import { allowEntryProblem, createPolicy, staticUrlProblem } from '../src/index.ts';
import { addressProblem } from '../src/policy.ts';

const strict = createPolicy();

describe('addressProblem', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::127.0.0.1', 'loopback'],
    ['::a00:1', 'ipv4Embedded'],
    ['::808:808', 'ipv4Embedded'],
    ['::ffff:0:a00:1', 'rfc6145'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['64:ff9b:1::a00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['2001:0:4136:e378::1', 'teredo'],
  ])('refuses %s (%s) with no allowlist', (address, range) => {
    expect(addressProblem(strict, address, 80)).toBe(`the destination is a ${range} address, which is not allowed`);
  });

  it.each(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'])(
    'lets the public address %s through',
    (address) => {
      expect(addressProblem(strict, address, 443)).toBeNull();
    },
  );

  it('lets an allowlisted CIDR through on any port, and an IP:port entry on that port only', () => {
    const policy = createPolicy({ allow: '10.0.0.0/8, 127.0.0.1:8080, fd00::/8' });
    expect(addressProblem(policy, '10.20.30.40', 5432)).toBeNull();
    expect(addressProblem(policy, 'fd00::5', 80)).toBeNull();
    expect(addressProblem(policy, '127.0.0.1', 8080)).toBeNull();
    expect(addressProblem(policy, '::ffff:127.0.0.1', 8080)).toBeNull();
    expect(addressProblem(policy, '127.0.0.1', 8081)).toMatch(/loopback/);
    expect(addressProblem(policy, '169.254.169.254', 80)).toMatch(/linkLocal/);
  });
});

describe('staticUrlProblem (what a saved callback URL is checked against)', () => {
  it.each([
    ['ftp://example.com/x', 'only http and https URLs are allowed'],
    ['file:///etc/passwd', 'only http and https URLs are allowed'],
    ['https://user:pw@example.com/x', 'URLs with a user name or password are not allowed'],
    ['http://127.0.0.1:4000/admin', 'the destination is a loopback address, which is not allowed'],
    ['http://[::1]/admin', 'the destination is a loopback address, which is not allowed'],
    ['http://[::ffff:127.0.0.1]/', 'the destination is a loopback address, which is not allowed'],
    ['http://2130706433/', 'the destination is a loopback address, which is not allowed'],
    ['http://10.0.0.1/', 'the destination is a private address, which is not allowed'],
    ['http://169.254.169.254/latest/meta-data/', 'the destination is a linkLocal address, which is not allowed'],
    ['http://localhost:3000/', 'the destination is a loopback address, which is not allowed'],
    ['http://api.localhost/', 'the destination is a loopback address, which is not allowed'],
    ['not a url', 'not a valid URL'],
  ])('refuses %s', (url, problem) => {
    expect(staticUrlProblem(strict, url)).toBe(problem);
  });

  it('leaves names to be judged when they are resolved, and passes allowlisted ones', () => {
    expect(staticUrlProblem(strict, 'https://hooks.example.com/relay')).toBeNull();
    const policy = createPolicy({ allow: ['127.0.0.1:4000', 'localhost:3000'] });
    expect(staticUrlProblem(policy, 'http://127.0.0.1:4000/cb')).toBeNull();
    expect(staticUrlProblem(policy, 'http://localhost:3000/cb')).toBeNull();
    expect(staticUrlProblem(policy, 'http://127.0.0.1:4001/cb')).toMatch(/loopback/);
  });

  it('trusts the host:port of a deployment-configured URL', () => {
    const policy = createPolicy({ trustedUrls: ['http://127.0.0.1:9000/bot'] });
    expect(staticUrlProblem(policy, 'http://127.0.0.1:9000/other')).toBeNull();
    expect(staticUrlProblem(policy, 'http://127.0.0.1:9001/')).toMatch(/loopback/);
  });
});

describe('allowEntryProblem (OUTBOUND_ALLOW entries)', () => {
  it.each(['10.0.0.0/8', '127.0.0.1', '127.0.0.1:8080', '[::1]:8080', 'fd00::/8', 'crm.internal:443'])(
    'accepts %s',
    (entry) => expect(allowEntryProblem(entry)).toBeNull(),
  );
  it.each(['10.0.0.0/33', 'crm.internal', 'http://x', '127.0.0.1:0', '1.2.3.4/x'])('refuses %s', (entry) => {
    expect(allowEntryProblem(entry)).toMatch(new RegExp(entry.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
  });
});
