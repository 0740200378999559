// The caller's own account through the typed client: every answer is parsed with its route's
// contract (apiRoutes.me). Bodies the types refuse (an unknown availability, an empty patch) go raw.
import { apiRoutes, type RequestInput } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { expectErrorShape, refused, useApi } from './support/api-harness.ts';

const api = useApi();
const { getMe, updateMe, changePassword } = apiRoutes.me;

const me = (token: string) => api.client(token).call(getMe);
const patchMe = (token: string, body: RequestInput<typeof updateMe>['body']) =>
  api.client(token).call(updateMe, { body });
const newPassword = (token: string, body: RequestInput<typeof changePassword>['body']) =>
  api.client(token).call(changePassword, { body });
/** The paths a 400 names. */
const badPaths = async (call: Promise<unknown>) =>
  ((await refused(call, 400, 'bad_request')).error.details as { path: string[] }[]).map((d) => d.path);

describe('PATCH /me', () => {
  it('changes name, availability and notification settings, merging settings field by field', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const token = alice.accessToken;
    const first = await patchMe(token, {
      name: 'Alice I.',
      availability: 'online',
      settings: { muted: true, quietHours: { from: '22:00', to: '08:00', timezone: 'Europe/Moscow' } },
    });
    expect(first).toMatchObject({ name: 'Alice I.', availability: 'online', settings: { muted: true } });

    const second = await patchMe(token, { settings: { sound: false } });
    expect(second.settings).toEqual({
      muted: true,
      sound: false,
      quietHours: { from: '22:00', to: '08:00', timezone: 'Europe/Moscow' },
    });
    const cleared = await patchMe(token, { settings: { quietHours: null } });
    expect(cleared.settings.quietHours).toBeNull();
    expect((await me(token)).settings).toMatchObject({ muted: true, sound: false });

    const [row] = await api.sql`select name, availability from operators where id = ${alice.operator.id}`;
    expect(row).toEqual({ name: 'Alice I.', availability: 'online' });
    const audit = await api.sql`
      select action from audit_log where tenant_id = ${tenantId} and operator_id = ${alice.operator.id} and action = 'me.update'`;
    expect(audit).toHaveLength(3);
  });

  it('announces availability changes tenant-wide as operator.updated, and only real changes', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const bob = await api.login(slug, 'bob@demo.test');
    const events = () => api.published.filter((e) => e.tenantId === tenantId && e.type === 'operator.updated');
    await patchMe(bob.accessToken, { availability: 'away' });
    expect(events()).toHaveLength(1);
    expect(events()[0]?.audience).toEqual({});
    expect(events()[0]?.payload).toMatchObject({ operatorId: bob.operator.id, availability: 'away' });

    await patchMe(bob.accessToken, { availability: 'away' });
    await patchMe(bob.accessToken, { settings: { desktop: true } });
    expect(events()).toHaveLength(1);

    // It is for the whole tenant: another operator gets it on catch-up.
    const carol = await api.login(slug, 'carol@demo.test');
    const caughtUp = await api.client(carol.accessToken).call(apiRoutes.events.listEvents, { query: { after: 0 } });
    expect(caughtUp.events.map((e) => e.type)).toContain('operator.updated');
  });

  it('refuses bad settings with the field named', async () => {
    const { slug } = await api.demoTenant();
    const { accessToken: token } = await api.login(slug, 'alice@demo.test');
    expect(
      await badPaths(
        patchMe(token, { settings: { quietHours: { from: '22:00', to: '08:00', timezone: 'Mars/Olympus' } } }),
      ),
    ).toEqual([['settings', 'quietHours', 'timezone']]);
    expect(
      (
        await badPaths(patchMe(token, { settings: { quietHours: { from: '24:00', to: '08:00', timezone: 'UTC' } } }))
      )[0],
    ).toEqual(['settings', 'quietHours', 'from']);
    // Raw: bodies the types refuse.
    expectErrorShape(await api.call('PATCH', '/api/v1/me', { token, body: { availability: 'busy' } }), 400);
    expectErrorShape(await api.call('PATCH', '/api/v1/me', { token, body: {} }), 400);
  });
});

describe('POST /me/password', () => {
  it('needs the current password, then ends the other sessions but not this one', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const here = await api.login(slug, 'alice@demo.test');
    const elsewhere = await api.login(slug, 'alice@demo.test');

    const wrong = await refused(
      newPassword(here.accessToken, { currentPassword: 'not-it', newPassword: 'a much better one' }),
      422,
      'unprocessable',
    );
    expect(wrong.message).toMatch(/current password/);
    expect(
      (await badPaths(newPassword(here.accessToken, { currentPassword: 'demo1234', newPassword: 'short' })))[0],
    ).toEqual(['newPassword']);
    expect((await me(elsewhere.accessToken)).id).toBe(elsewhere.operator.id);

    expect(
      await newPassword(here.accessToken, { currentPassword: 'demo1234', newPassword: 'a much better one' }),
    ).toBeUndefined();
    expect((await me(here.accessToken)).id).toBe(here.operator.id);
    await refused(me(elsewhere.accessToken), 401, 'unauthorized');
    await refused(
      api.client().call(apiRoutes.auth.refreshTokens, { body: { refreshToken: elsewhere.refreshToken } }),
      401,
    );
    await refused(
      api.client().call(apiRoutes.auth.logIn, {
        body: { tenant: slug, email: 'alice@demo.test', password: 'demo1234' },
      }),
      401,
    );
    expect((await api.login(slug, 'alice@demo.test', 'a much better one')).operator.id).toBe(here.operator.id);
    const [audit] = await api.sql`
      select details from audit_log where tenant_id = ${tenantId} and action = 'me.password'`;
    expect(audit?.details).toEqual({ sessionsEnded: 1 });
  });
});
