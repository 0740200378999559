import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';

const api = useApi();

const phone = { deviceType: 'mobile', platform: 'android', name: 'Pixel 8' };

async function deviceRow(tenantId: string, deviceId: string) {
  return api.sql`
    select o.email, d.device_type, d.platform, d.name, d.fcm_token, d.is_active
      from operator_devices d join operators o on o.tenant_id = d.tenant_id and o.id = d.operator_id
     where d.tenant_id = ${tenantId} and d.device_id = ${deviceId} order by o.email`;
}

describe('devices', () => {
  it('registers, updates, keeps the token when none is sent, and never shows the token', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const { accessToken: token } = await api.login(slug, 'alice@demo.test');
    const put = await api.call('PUT', '/api/v1/devices/pixel-8:a1b2.c3_d4', {
      token,
      body: { ...phone, fcmToken: 'fcm-token-alice-1' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ deviceId: 'pixel-8:a1b2.c3_d4', platform: 'android', hasFcmToken: true });
    expect(JSON.stringify(put.body)).not.toContain('fcm-token-alice-1');

    const renamed = await api.call('PUT', '/api/v1/devices/pixel-8:a1b2.c3_d4', {
      token,
      body: { deviceType: 'mobile', platform: 'android', name: 'Work phone' },
    });
    expect(renamed.body).toMatchObject({ id: put.body.id, name: 'Work phone', hasFcmToken: true });
    expect(await deviceRow(tenantId, 'pixel-8:a1b2.c3_d4')).toEqual([
      {
        email: 'alice@demo.test',
        deviceType: 'mobile',
        platform: 'android',
        name: 'Work phone',
        fcmToken: 'fcm-token-alice-1',
        isActive: true,
      },
    ]);
    const list = await api.call('GET', '/api/v1/devices', { token });
    expect(list.body.items.map((d: { deviceId: string }) => d.deviceId)).toEqual(['pixel-8:a1b2.c3_d4']);
  });

  it('moves a token to the device that registers it last', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const bob = await api.login(slug, 'bob@demo.test');
    await api.call('PUT', '/api/v1/devices/old-install', {
      token: alice.accessToken,
      body: { ...phone, fcmToken: 'tok-1' },
    });
    await api.call('PUT', '/api/v1/devices/new-install', {
      token: alice.accessToken,
      body: { ...phone, fcmToken: 'tok-1' },
    });
    const mine = await api.call('GET', '/api/v1/devices', { token: alice.accessToken });
    const byId = Object.fromEntries(
      mine.body.items.map((d: { deviceId: string; hasFcmToken: boolean }) => [d.deviceId, d.hasFcmToken]),
    );
    expect(byId).toEqual({ 'old-install': false, 'new-install': true });

    // The same phone, now logged in as Bob: the token follows the install.
    await api.call('PUT', '/api/v1/devices/bobs-phone', {
      token: bob.accessToken,
      body: { ...phone, fcmToken: 'tok-1' },
    });
    const [holder] = await api.sql`
      select o.email, d.device_id from operator_devices d join operators o on o.tenant_id = d.tenant_id and o.id = d.operator_id
       where d.tenant_id = ${tenantId} and d.fcm_token = 'tok-1'`;
    expect(holder).toEqual({ email: 'bob@demo.test', deviceId: 'bobs-phone' });
  });

  it('deactivates a device: no token, not active, and 404 for one that is not the caller’s', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const { accessToken: token } = await api.login(slug, 'alice@demo.test');
    await api.call('PUT', '/api/v1/devices/tablet', { token, body: { ...phone, fcmToken: 'tok-tablet' } });
    expect((await api.call('DELETE', '/api/v1/devices/tablet', { token })).status).toBe(204);
    const [row] = await deviceRow(tenantId, 'tablet');
    expect(row).toMatchObject({ fcmToken: null, isActive: false });
    expect((await api.call('GET', '/api/v1/devices', { token })).body.items[0]).toMatchObject({
      deviceId: 'tablet',
      isActive: false,
      hasFcmToken: false,
    });
    expectErrorShape(await api.call('DELETE', '/api/v1/devices/never-seen', { token }), 404, 'not_found');
    // Registering again brings it back.
    const back = await api.call('PUT', '/api/v1/devices/tablet', { token, body: phone });
    expect(back.body.isActive).toBe(true);
    const audit = await api.sql`
      select action from audit_log where tenant_id = ${tenantId} and target_type = 'device' order by created_at`;
    expect(audit.map((a) => a.action)).toEqual(['device.register', 'device.deactivate', 'device.register']);
  });

  it('refuses device ids outside 1-200 of A-Z a-z 0-9 . _ : - with the parameter named', async () => {
    const { slug } = await api.demoTenant();
    const { accessToken: token } = await api.login(slug, 'alice@demo.test');
    for (const bad of ['has%20space', 'a'.repeat(201), 'semi%3Bcolon', '%C3%A9t%C3%A9']) {
      const reply = await api.call('PUT', `/api/v1/devices/${bad}`, { token, body: phone });
      expectErrorShape(reply, 400, 'bad_request');
      expect(reply.body.error.details[0].path).toEqual(['deviceId']);
    }
    const badBody = await api.call('PUT', '/api/v1/devices/ok', {
      token,
      body: { deviceType: 'fridge', platform: 'web' },
    });
    expect(badBody.body.error.details[0].path).toEqual(['deviceType']);
  });
});

describe('device walls', () => {
  it('keeps an operator’s devices from other operators, whatever their role', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const owner = await api.login(slug, 'owner@demo.test');
    await api.call('PUT', '/api/v1/devices/alice-phone', {
      token: alice.accessToken,
      body: { ...phone, fcmToken: 'tok-a' },
    });

    expect((await api.call('GET', '/api/v1/devices', { token: owner.accessToken })).body.items).toEqual([]);
    expectErrorShape(await api.call('DELETE', '/api/v1/devices/alice-phone', { token: owner.accessToken }), 404);
    // The same deviceId from someone else is their own row; Alice's stays as it was.
    await api.call('PUT', '/api/v1/devices/alice-phone', {
      token: owner.accessToken,
      body: { ...phone, name: 'Owner' },
    });
    expect(await deviceRow(tenantId, 'alice-phone')).toEqual([
      expect.objectContaining({ email: 'alice@demo.test', name: 'Pixel 8', fcmToken: 'tok-a', isActive: true }),
      expect.objectContaining({ email: 'owner@demo.test', name: 'Owner', fcmToken: null }),
    ]);
  });

  it('keeps tenants apart: nothing of tenant B’s devices can be seen or changed from tenant A', async () => {
    const a = await api.demoTenant();
    const b = await api.demoTenant();
    const ownerA = await api.login(a.slug, 'owner@demo.test');
    const ownerB = await api.login(b.slug, 'owner@demo.test');
    await api.call('PUT', '/api/v1/devices/shared-id', {
      token: ownerB.accessToken,
      body: { ...phone, fcmToken: 'tok-b' },
    });

    expect((await api.call('GET', '/api/v1/devices', { token: ownerA.accessToken })).body.items).toEqual([]);
    expectErrorShape(await api.call('DELETE', '/api/v1/devices/shared-id', { token: ownerA.accessToken }), 404);
    // Even the same token registered in A leaves B's registration alone.
    await api.call('PUT', '/api/v1/devices/shared-id', {
      token: ownerA.accessToken,
      body: { ...phone, fcmToken: 'tok-b' },
    });
    expect(await deviceRow(b.tenantId, 'shared-id')).toEqual([
      expect.objectContaining({ email: 'owner@demo.test', fcmToken: 'tok-b', isActive: true }),
    ]);
    const [countB] = await api.sql`select count(*)::int as n from operator_devices where tenant_id = ${b.tenantId}`;
    expect(countB?.n).toBe(1);
  });
});
