// Devices through the typed client: every answer is parsed with its route's contract
// (apiRoutes.devices), so a drifting answer fails here too.
import { apiRoutes, type PutDeviceBody } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, refused, useApi } from './support/api-harness.ts';

const api = useApi();
const { listDevices, registerDevice, deactivateDevice } = apiRoutes.devices;

const phone: PutDeviceBody = { deviceType: 'mobile', platform: 'android', name: 'Pixel 8' };

const register = (token: string, deviceId: string, body: PutDeviceBody) =>
  api.client(token).call(registerDevice, { params: { deviceId }, body });
const list = async (token: string) => (await api.client(token).call(listDevices)).items;
const deactivate = (token: string, deviceId: string) =>
  api.client(token).call(deactivateDevice, { params: { deviceId } });

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
    const put = await register(token, 'pixel-8:a1b2.c3_d4', { ...phone, fcmToken: 'fcm-token-alice-1' });
    expect(put).toMatchObject({ deviceId: 'pixel-8:a1b2.c3_d4', platform: 'android', hasFcmToken: true });
    expect(JSON.stringify(put)).not.toContain('fcm-token-alice-1');

    const renamed = await register(token, 'pixel-8:a1b2.c3_d4', {
      deviceType: 'mobile',
      platform: 'android',
      name: 'Work phone',
    });
    expect(renamed).toMatchObject({ id: put.id, name: 'Work phone', hasFcmToken: true });
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
    expect((await list(token)).map((d) => d.deviceId)).toEqual(['pixel-8:a1b2.c3_d4']);
  });

  it('moves a token to the device that registers it last', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const bob = await api.login(slug, 'bob@demo.test');
    await register(alice.accessToken, 'old-install', { ...phone, fcmToken: 'tok-1' });
    await register(alice.accessToken, 'new-install', { ...phone, fcmToken: 'tok-1' });
    const byId = Object.fromEntries((await list(alice.accessToken)).map((d) => [d.deviceId, d.hasFcmToken]));
    expect(byId).toEqual({ 'old-install': false, 'new-install': true });

    // The same phone, now logged in as Bob: the token follows the install.
    await register(bob.accessToken, 'bobs-phone', { ...phone, fcmToken: 'tok-1' });
    const [holder] = await api.sql`
      select o.email, d.device_id from operator_devices d join operators o on o.tenant_id = d.tenant_id and o.id = d.operator_id
       where d.tenant_id = ${tenantId} and d.fcm_token = 'tok-1'`;
    expect(holder).toEqual({ email: 'bob@demo.test', deviceId: 'bobs-phone' });
  });

  it('deactivates a device: no token, not active, and 404 for one that is not the caller’s', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const { accessToken: token } = await api.login(slug, 'alice@demo.test');
    await register(token, 'tablet', { ...phone, fcmToken: 'tok-tablet' });
    expect(await deactivate(token, 'tablet')).toBeUndefined();
    const [row] = await deviceRow(tenantId, 'tablet');
    expect(row).toMatchObject({ fcmToken: null, isActive: false });
    expect((await list(token))[0]).toMatchObject({
      deviceId: 'tablet',
      isActive: false,
      hasFcmToken: false,
    });
    await refused(deactivate(token, 'never-seen'), 404, 'not_found');
    // Registering again brings it back.
    const back = await register(token, 'tablet', phone);
    expect(back.isActive).toBe(true);
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
    expectErrorShape(badBody, 400, 'bad_request');
    expect(badBody.body.error.details[0].path).toEqual(['deviceType']);
  });
});

describe('device walls', () => {
  it('keeps an operator’s devices from other operators, whatever their role', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const owner = await api.login(slug, 'owner@demo.test');
    await register(alice.accessToken, 'alice-phone', { ...phone, fcmToken: 'tok-a' });

    expect(await list(owner.accessToken)).toEqual([]);
    await refused(deactivate(owner.accessToken, 'alice-phone'), 404);
    // The same deviceId from someone else is their own row; Alice's stays as it was.
    await register(owner.accessToken, 'alice-phone', { ...phone, name: 'Owner' });
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
    await register(ownerB.accessToken, 'shared-id', { ...phone, fcmToken: 'tok-b' });

    expect(await list(ownerA.accessToken)).toEqual([]);
    await refused(deactivate(ownerA.accessToken, 'shared-id'), 404);
    // Even the same token registered in A leaves B's registration alone.
    await register(ownerA.accessToken, 'shared-id', { ...phone, fcmToken: 'tok-b' });
    expect(await deviceRow(b.tenantId, 'shared-id')).toEqual([
      expect.objectContaining({ email: 'owner@demo.test', fcmToken: 'tok-b', isActive: true }),
    ]);
    const [countB] = await api.sql`select count(*)::int as n from operator_devices where tenant_id = ${b.tenantId}`;
    expect(countB?.n).toBe(1);
  });
});
