// The env-configured sender: a real service-account file, a real OAuth JWT
// grant against the stand-in's /token, and errors that never quote the key.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pushSenderFromFiles } from '../src/index.ts';
import { FCM_SCOPE } from '../src/testing/index.ts';
import { closeAfterTest, pushMessage, standIn, tempDir } from './support/push-fixtures.ts';

const FAKE_KEY =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7SECRETSECRET\n-----END PRIVATE KEY-----\n';

async function loadFailure(path: string): Promise<Error> {
  const error = await pushSenderFromFiles({ credentialsPath: path }).then(
    () => expect.unreachable('the file was accepted'),
    (reason: unknown) => reason as Error,
  );
  expect(error.message).not.toContain('\n');
  expect(error.message).not.toMatch(/SECRET|PRIVATE KEY|MIIE/);
  expect(error.message).toContain(path);
  return error;
}

describe('pushSenderFromFiles', () => {
  it('fetches an OAuth token from the stand-in with a verified JWT and sends with it', async () => {
    const fcm = await standIn({ projectId: 'relay-files' });
    const dir = await tempDir();
    const credentialsPath = await fcm.writeServiceAccount(dir);
    const caPath = join(dir, 'ca.pem');
    await writeFile(caPath, fcm.ca);
    const sender = await pushSenderFromFiles({ credentialsPath, connectTo: fcm.connectTo, caPath });
    if (!sender) return expect.unreachable('no sender');
    closeAfterTest(sender.close);

    const outcomes = await sender.send([pushMessage('t-1'), pushMessage('t-2')]);

    expect(outcomes.map((o) => o.status)).toEqual(['sent', 'sent']);
    // One grant, for the service account, cached across both sends.
    expect(fcm.grants).toEqual([
      {
        clientEmail: fcm.serviceAccount().client_email,
        scope: expect.stringContaining(FCM_SCOPE),
        accessToken: expect.any(String),
        at: expect.any(Number),
      },
    ]);
    const bearer = `Bearer ${fcm.grants[0]?.accessToken}`;
    expect(fcm.requests.map((r) => [r.projectId, r.authorization])).toEqual([
      ['relay-files', bearer],
      ['relay-files', bearer],
    ]);
  });

  it('sends to the project given over the one in the file', async () => {
    const fcm = await standIn();
    const dir = await tempDir();
    const caPath = join(dir, 'ca.pem');
    await writeFile(caPath, fcm.ca);
    const sender = await pushSenderFromFiles({
      credentialsPath: await fcm.writeServiceAccount(dir),
      projectId: 'relay-override',
      connectTo: fcm.connectTo,
      caPath,
    });
    if (!sender) return expect.unreachable('no sender');
    closeAfterTest(sender.close);

    expect(await sender.send([pushMessage('t-1')])).toEqual([{ status: 'sent', messageId: expect.any(String) }]);
    expect(fcm.requests[0]?.projectId).toBe('relay-override');
  });

  it('is undefined without a credentials path', async () => {
    expect(await pushSenderFromFiles({})).toBeUndefined();
    expect(await pushSenderFromFiles({ credentialsPath: '', connectTo: '127.0.0.1:1' })).toBeUndefined();
  });

  it('refuses a file that is not JSON in one line, without quoting it', async () => {
    const path = join(await tempDir(), 'broken.json');
    await writeFile(path, `{"type": "service_account", "private_key": "${FAKE_KEY}" oops`);
    expect((await loadFailure(path)).message).toBe(`FCM credentials file ${path} is not valid JSON`);
  });

  it('names the fields at fault, never their values', async () => {
    const path = join(await tempDir(), 'wrong.json');
    await writeFile(path, JSON.stringify({ type: 'authorized_user', project_id: 'p', private_key: FAKE_KEY }));
    expect((await loadFailure(path)).message).toBe(
      `FCM credentials file ${path} is not a Firebase service-account key: missing or invalid type, client_email`,
    );
  });

  it('refuses a key that does not parse, without quoting it', async () => {
    const fcm = await standIn();
    const path = join(await tempDir(), 'bad-key.json');
    await writeFile(path, JSON.stringify({ ...fcm.serviceAccount(), private_key: FAKE_KEY }));
    expect((await loadFailure(path)).message).toBe(
      `FCM credentials file ${path} has a private_key that cannot be parsed`,
    );
  });

  it('says a missing file is missing', async () => {
    const path = join(await tempDir(), 'absent.json');
    expect((await loadFailure(path)).message).toBe(`FCM credentials file ${path} cannot be read (ENOENT)`);
  });
});
