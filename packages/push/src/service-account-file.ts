// Reading a Firebase service-account JSON file. A bad file fails with one
// line naming the file and the fields at fault, never their values: the file
// holds a private key, and error messages end up in logs.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const serviceAccountSchema = z.looseObject({
  type: z.literal('service_account'),
  project_id: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY'),
  client_email: z.email(),
});

export type ServiceAccountFile = z.infer<typeof serviceAccountSchema>;

function fail(path: string, reason: string): never {
  throw new Error(`FCM credentials file ${path} ${reason}`);
}

export async function readServiceAccountFile(path: string): Promise<ServiceAccountFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    fail(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the fault, which may be the key.
    fail(path, 'is not valid JSON');
  }
  const parsed = serviceAccountSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
    fail(path, `is not a Firebase service-account key: missing or invalid ${fields.join(', ')}`);
  }
  return parsed.data;
}
