// SLA policies through the typed client: every answer is parsed with its route's contract
// (apiRoutes.slaPolicies), so a drifting answer fails here too. Bodies the types refuse go raw.
import { randomUUID } from 'node:crypto';
import { apiRoutes, type RequestInput } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { type Reply, refused, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();
const { listSlaPolicies, createSlaPolicy, updateSlaPolicy, deleteSlaPolicy } = apiRoutes.slaPolicies;

type CreateInput = RequestInput<typeof createSlaPolicy>['body'];
type PatchInput = RequestInput<typeof updateSlaPolicy>['body'];
const create = (token: string, body: CreateInput) => api.client(token).call(createSlaPolicy, { body });
const update = (token: string, id: string, body: PatchInput) =>
  api.client(token).call(updateSlaPolicy, { params: { id }, body });
const remove = (token: string, id: string) => api.client(token).call(deleteSlaPolicy, { params: { id } });
const list = async (token: string) => (await api.client(token).call(listSlaPolicies)).items;

const pathsOf = (reply: Reply) => reply.body.error.details.map((d: { path: string[] }) => d.path);
/** The paths a 400 names. */
const badPaths = async (call: Promise<unknown>) =>
  ((await refused(call, 400, 'bad_request')).error.details as { path: string[] }[]).map((d) => d.path);

describe('SLA policies', () => {
  it('are listed to everyone, in seconds and minutes', async () => {
    const { alice } = await demoStaff(api);
    expect(await list(alice.token)).toEqual([
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
    const body = { name: 'Chat', firstResponseMinutes: 1.5, resolutionSeconds: 7200 };
    await refused(create(alice.token, body), 403, 'forbidden');
    await refused(create(supervisor.token, body), 403, 'forbidden');

    const created = await create(owner.token, body);
    expect(created).toMatchObject({
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
      select first_response_seconds, resolution_seconds from sla_policies where id = ${created.id}`;
    expect(row).toEqual({ firstResponseSeconds: 90, resolutionSeconds: 7200 });

    const both = await refused(
      create(owner.token, { name: 'x', firstResponseSeconds: 60, firstResponseMinutes: 1, resolutionMinutes: 5 }),
      400,
      'bad_request',
    );
    expect((both.error.details as unknown[])[0]).toMatchObject({
      path: ['firstResponseMinutes'],
      message: 'give firstResponseSeconds or firstResponseMinutes, not both',
    });
    expect(await badPaths(create(owner.token, { name: 'x', firstResponseSeconds: 60 }))).toEqual([
      ['resolutionSeconds'],
    ]);
    const noTarget = await create(owner.token, {
      name: 'Resolution only',
      firstResponseSeconds: null,
      resolutionMinutes: 60,
    });
    expect(noTarget).toMatchObject({
      firstResponseSeconds: null,
      firstResponseMinutes: null,
      resolutionSeconds: 3600,
    });
    expect(await badPaths(create(owner.token, { ...body, warnAtPercent: 100 }))).toEqual([['warnAtPercent']]);

    const patched = await update(owner.token, created.id, { resolutionMinutes: 90, warnAtPercent: 50 });
    expect(patched).toMatchObject({ firstResponseSeconds: 90, resolutionSeconds: 5400, warnAtPercent: 50 });
    const cleared = await update(owner.token, created.id, { firstResponseSeconds: null });
    expect(cleared).toMatchObject({ firstResponseSeconds: null, resolutionSeconds: 5400 });
    expect(await auditActionsOf(api, tenantId, created.id)).toEqual([
      'sla_policy.create',
      'sla_policy.update',
      'sla_policy.update',
    ]);
  });

  it('validate business hours and conditions, naming the field', async () => {
    const { owner } = await demoStaff(api);
    const office = { name: 'Office', firstResponseMinutes: 30, resolutionMinutes: 480 };
    // Raw: some of these bodies are ones the types refuse (an unknown day, a missing time zone).
    const post = (extra: Record<string, unknown>) =>
      api.call('POST', '/api/v1/sla-policies', { token: owner.token, body: { ...office, ...extra } });
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

    const businessHours: CreateInput['businessHours'] = {
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
    const conditions: CreateInput['conditions'] = { channels: ['telegram', 'whatsapp'], priorityAtLeast: 2 };
    const created = await create(owner.token, { ...office, businessHours, conditions });
    expect(created).toMatchObject({ businessHours, conditions });
    expect((await list(owner.token)).find((p) => p.id === created.id)).toMatchObject({ businessHours, conditions });
    const always = await update(owner.token, created.id, { businessHours: null });
    expect(always.businessHours).toBeNull();
  });

  it('keep one default: setting it moves it within the same write', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const defaults = async () =>
      (
        await api.sql<{ name: string }[]>`
          select name from sla_policies where tenant_id = ${tenantId} and is_default order by name`
      ).map((p) => p.name);
    const strict = await create(owner.token, {
      name: 'Strict',
      firstResponseSeconds: 30,
      resolutionSeconds: 600,
      isDefault: true,
    });
    expect(strict.isDefault).toBe(true);
    expect(await defaults()).toEqual(['Strict']);
    const [standard] = await api.sql<{ id: string }[]>`
      select id from sla_policies where tenant_id = ${tenantId} and name = 'Standard'`;
    const back = await update(owner.token, standard?.id as string, { isDefault: true });
    expect(back.isDefault).toBe(true);
    expect(await defaults()).toEqual(['Standard']);
  });

  it('leave queues without a policy when deleted, and answer 404 for unknown ids', async () => {
    const { tenantId, owner } = await demoStaff(api);
    const [standard] = await api.sql<{ id: string }[]>`
      select id from sla_policies where tenant_id = ${tenantId} and name = 'Standard'`;
    expect(await remove(owner.token, standard?.id as string)).toBeUndefined();
    const queues = await api.sql`select sla_policy_id from queues where tenant_id = ${tenantId}`;
    expect(queues.map((q) => q.slaPolicyId)).toEqual([null, null]);
    expect(await auditActionsOf(api, tenantId, standard?.id as string)).toEqual(['sla_policy.delete']);
    for (const id of [standard?.id as string, randomUUID()]) {
      await refused(remove(owner.token, id), 404);
      await refused(update(owner.token, id, { name: 'x' }), 404, 'not_found');
    }
  });
});
