import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, type Reply, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();

const pathsOf = (reply: Reply) => reply.body.error.details.map((d: { path: string[] }) => d.path);

describe('SLA policies', () => {
  it('are listed to everyone, in seconds and minutes', async () => {
    const { alice } = await demoStaff(api);
    const reply = await api.call('GET', '/api/v1/sla-policies', { token: alice.token });
    expect(reply.status).toBe(200);
    expect(reply.body.items).toEqual([
      {
        id: expect.any(String),
        name: 'Standard',
        firstResponseSeconds: 300,
        resolutionSeconds: 86400,
        firstResponseMinutes: 5,
        resolutionMinutes: 1440,
        warnAtPercent: 80,
        businessHours: null,
        conditions: {},
        isDefault: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
  });

  it('are written by admins, taking minutes or seconds (one of each pair) and storing seconds', async () => {
    const { tenantId, owner, supervisor, alice } = await demoStaff(api);
    const post = (token: string, body: unknown) => api.call('POST', '/api/v1/sla-policies', { token, body });
    const body = { name: 'Chat', firstResponseMinutes: 1.5, resolutionSeconds: 7200 };
    expectErrorShape(await post(alice.token, body), 403, 'forbidden');
    expectErrorShape(await post(supervisor.token, body), 403, 'forbidden');

    const created = await post(owner.token, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Chat',
      firstResponseSeconds: 90,
      firstResponseMinutes: 1.5,
      resolutionSeconds: 7200,
      resolutionMinutes: 120,
      warnAtPercent: 80,
      businessHours: null,
      conditions: {},
      isDefault: false,
    });
    const [row] = await api.sql`
      select first_response_seconds, resolution_seconds from sla_policies where id = ${created.body.id}`;
    expect(row).toEqual({ firstResponseSeconds: 90, resolutionSeconds: 7200 });

    const both = await post(owner.token, {
      name: 'x',
      firstResponseSeconds: 60,
      firstResponseMinutes: 1,
      resolutionMinutes: 5,
    });
    expectErrorShape(both, 400, 'bad_request');
    expect(both.body.error.details[0]).toMatchObject({
      path: ['firstResponseMinutes'],
      message: 'give firstResponseSeconds or firstResponseMinutes, not both',
    });
    const neither = await post(owner.token, { name: 'x', firstResponseSeconds: 60 });
    expect(pathsOf(neither)).toEqual([['resolutionSeconds']]);
    const noTarget = await post(owner.token, {
      name: 'Resolution only',
      firstResponseSeconds: null,
      resolutionMinutes: 60,
    });
    expect(noTarget.body).toMatchObject({
      firstResponseSeconds: null,
      firstResponseMinutes: null,
      resolutionSeconds: 3600,
    });
    const warn = await post(owner.token, { ...body, warnAtPercent: 100 });
    expect(pathsOf(warn)).toEqual([['warnAtPercent']]);

    const patched = await api.call('PATCH', `/api/v1/sla-policies/${created.body.id}`, {
      token: owner.token,
      body: { resolutionMinutes: 90, warnAtPercent: 50 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ firstResponseSeconds: 90, resolutionSeconds: 5400, warnAtPercent: 50 });
    const cleared = await api.call('PATCH', `/api/v1/sla-policies/${created.body.id}`, {
      token: owner.token,
      body: { firstResponseSeconds: null },
    });
    expect(cleared.body).toMatchObject({ firstResponseSeconds: null, resolutionSeconds: 5400 });
    expect(await auditActionsOf(api, tenantId, created.body.id)).toEqual([
      'sla_policy.create',
      'sla_policy.update',
      'sla_policy.update',
    ]);
  });

  it('validate business hours and conditions, naming the field', async () => {
    const { owner } = await demoStaff(api);
    const post = (extra: Record<string, unknown>) =>
      api.call('POST', '/api/v1/sla-policies', {
        token: owner.token,
        body: { name: 'Office', firstResponseMinutes: 30, resolutionMinutes: 480, ...extra },
      });
    const hours = (timezone: string, days: unknown) => post({ businessHours: { timezone, days } });

    expect(pathsOf(await hours('Mars/Olympus_Mons', {}))).toEqual([['businessHours', 'timezone']]);
    expect(pathsOf(await hours('+03:00', {}))).toEqual([['businessHours', 'timezone']]);
    expect(pathsOf(await hours('Europe/Moscow', { mon: [['18:00', '09:00']] }))).toEqual([
      ['businessHours', 'days', 'mon', '0'],
    ]);
    expect(pathsOf(await hours('Europe/Moscow', { tue: [['9:00', '18:00']] }))).toEqual([
      ['businessHours', 'days', 'tue', '0', '0'],
    ]);
    expect(
      pathsOf(
        await hours('Europe/Moscow', {
          wed: [
            ['09:00', '13:00'],
            ['12:00', '18:00'],
          ],
        }),
      ),
    ).toEqual([['businessHours', 'days', 'wed']]);
    expect(pathsOf(await hours('Europe/Moscow', { monday: [] }))).toEqual([['businessHours', 'days']]);
    expect(pathsOf(await post({ businessHours: { days: {} } }))).toEqual([['businessHours', 'timezone']]);
    expect(pathsOf(await post({ conditions: { channel: ['telegram'] } }))).toEqual([['conditions']]);

    const businessHours = {
      timezone: 'Europe/Moscow',
      days: {
        mon: [
          ['09:00', '13:00'],
          ['14:00', '18:00'],
        ],
        fri: [['09:00', '24:00']],
        sun: [],
      },
    };
    const conditions = { channels: ['telegram', 'whatsapp'], priorityAtLeast: 2 };
    const created = await post({ businessHours, conditions });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ businessHours, conditions });
    const read = await api.call('GET', '/api/v1/sla-policies', { token: owner.token });
    expect(read.body.items.find((p: { id: string }) => p.id === created.body.id)).toMatchObject({
      businessHours,
      conditions,
    });
    const always = await api.call('PATCH', `/api/v1/sla-policies/${created.body.id}`, {
      token: owner.token,
      body: { businessHours: null },
    });
    expect(always.body.businessHours).toBeNull();
  });

  it('keep one default: setting it moves it within the same write', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const defaults = async () =>
      (
        await api.sql<{ name: string }[]>`
          select name from sla_policies where tenant_id = ${tenantId} and is_default order by name`
      ).map((p) => p.name);
    const strict = await api.call('POST', '/api/v1/sla-policies', {
      token: owner.token,
      body: { name: 'Strict', firstResponseSeconds: 30, resolutionSeconds: 600, isDefault: true },
    });
    expect(strict.body.isDefault).toBe(true);
    expect(await defaults()).toEqual(['Strict']);
    const [standard] = await api.sql<{ id: string }[]>`
      select id from sla_policies where tenant_id = ${tenantId} and name = 'Standard'`;
    const back = await api.call('PATCH', `/api/v1/sla-policies/${standard?.id}`, {
      token: owner.token,
      body: { isDefault: true },
    });
    expect(back.body.isDefault).toBe(true);
    expect(await defaults()).toEqual(['Standard']);
  });

  it('leave queues without a policy when deleted, and answer 404 for unknown ids', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const [standard] = await api.sql<{ id: string }[]>`
      select id from sla_policies where tenant_id = ${tenantId} and name = 'Standard'`;
    expect((await api.call('DELETE', `/api/v1/sla-policies/${standard?.id}`, { token: owner.token })).status).toBe(204);
    const queues = await api.sql`select sla_policy_id from queues where tenant_id = ${tenantId}`;
    expect(queues.map((q) => q.slaPolicyId)).toEqual([null, null]);
    expect(await auditActionsOf(api, tenantId, standard?.id as string)).toEqual(['sla_policy.delete']);
    for (const id of [standard?.id, randomUUID()]) {
      expectErrorShape(await api.call('DELETE', `/api/v1/sla-policies/${id}`, { token: owner.token }), 404);
      expectErrorShape(
        await api.call('PATCH', `/api/v1/sla-policies/${id}`, { token: owner.token, body: { name: 'x' } }),
        404,
        'not_found',
      );
    }
  });
});
