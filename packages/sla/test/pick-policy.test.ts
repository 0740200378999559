import { describe, expect, it } from 'vitest';
import { pickPolicy, type SlaSubject, type StoredSlaPolicy, slaTimers } from '../src/index.ts';

const QUEUE_A = '00000000-0000-4000-8000-00000000000a';
const QUEUE_B = '00000000-0000-4000-8000-00000000000b';

function policy(id: string, fields: Partial<StoredSlaPolicy> = {}): StoredSlaPolicy {
  return {
    id,
    firstResponseSeconds: 60,
    resolutionSeconds: 3600,
    warnAtPercent: 80,
    businessHours: null,
    conditions: {},
    isDefault: false,
    ...fields,
  };
}

const subject = (fields: Partial<SlaSubject> = {}): SlaSubject => ({
  queueId: QUEUE_A,
  queuePolicyId: 'queue',
  channel: 'telegram',
  priority: 1,
  ...fields,
});

describe('pickPolicy', () => {
  const queuePolicy = policy('queue', { conditions: { channels: ['telegram'] } });
  const fallback = policy('default', { isDefault: true });

  it("takes the queue's policy when its conditions match", () => {
    expect(pickPolicy([fallback, queuePolicy], subject())?.id).toBe('queue');
  });

  it("falls back to the tenant default when the queue's policy does not match, or there is none", () => {
    expect(pickPolicy([fallback, queuePolicy], subject({ channel: 'whatsapp' }))?.id).toBe('default');
    expect(pickPolicy([fallback, queuePolicy], subject({ queuePolicyId: null }))?.id).toBe('default');
  });

  it('gives none when neither matches, and never picks some other policy', () => {
    const picky = policy('default', { isDefault: true, conditions: { priorityAtLeast: 2 } });
    expect(pickPolicy([picky, queuePolicy, policy('other')], subject({ channel: 'vk' }))).toBeUndefined();
    expect(pickPolicy([policy('other')], subject({ queuePolicyId: null }))).toBeUndefined();
  });

  it('needs every condition given to hold', () => {
    const strict = policy('queue', {
      conditions: { channels: ['telegram', 'vk'], queueIds: [QUEUE_A], priorityAtLeast: 2 },
    });
    expect(pickPolicy([strict], subject({ priority: 2 }))?.id).toBe('queue');
    expect(pickPolicy([strict], subject({ priority: 3, channel: 'vk' }))?.id).toBe('queue');
    expect(pickPolicy([strict], subject({ priority: 1 }))).toBeUndefined();
    expect(pickPolicy([strict], subject({ priority: 2, queueId: QUEUE_B }))).toBeUndefined();
    expect(pickPolicy([strict], subject({ priority: 2, queueId: null }))).toBeUndefined();
    expect(pickPolicy([strict], subject({ priority: 2, channel: 'api' }))).toBeUndefined();
  });

  it('treats an empty list as no restriction', () => {
    const open = policy('queue', { conditions: { channels: [], queueIds: [] } });
    expect(pickPolicy([open], subject({ channel: 'phone', queueId: null }))?.id).toBe('queue');
  });

  it('skips a policy whose stored jsonb does not parse', () => {
    const broken = policy('queue', { businessHours: { timezone: 'Not/AZone', days: {} } });
    const typo = policy('default', { isDefault: true, conditions: { channel: ['telegram'] } });
    expect(pickPolicy([broken, fallback], subject())?.id).toBe('default');
    expect(pickPolicy([typo], subject())).toBeUndefined();
  });
});

describe('slaTimers', () => {
  const start = new Date('2025-06-03T10:00:00Z');

  it('gives each target its due and warning moments', () => {
    const picked = pickPolicy(
      [policy('p', { isDefault: true, firstResponseSeconds: 2, resolutionSeconds: 100 })],
      subject(),
    );
    expect(slaTimers(picked, start)).toEqual({
      firstResponseDueAt: new Date('2025-06-03T10:00:02Z'),
      firstResponseWarnAt: new Date('2025-06-03T10:00:01.600Z'),
      resolutionDueAt: new Date('2025-06-03T10:01:40Z'),
      resolutionWarnAt: new Date('2025-06-03T10:01:20Z'),
    });
  });

  it('leaves a target the policy does not set, and everything without a policy, empty', () => {
    const picked = pickPolicy([policy('p', { isDefault: true, resolutionSeconds: null })], subject());
    expect(slaTimers(picked, start)).toMatchObject({ resolutionDueAt: null, resolutionWarnAt: null });
    expect(slaTimers(undefined, start)).toEqual({
      firstResponseDueAt: null,
      firstResponseWarnAt: null,
      resolutionDueAt: null,
      resolutionWarnAt: null,
    });
  });
});
