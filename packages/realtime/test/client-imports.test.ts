// @relay/realtime/client ships to the browser: everything it imports, file by
// file, must be socket.io-client, @relay/contracts or its own folder — never
// node: built-ins, @relay/db or the server half of this package.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLIENT_DIR = fileURLToPath(new URL('../src/client', import.meta.url));
const ALLOWED = /^(socket\.io-client|@relay\/contracts|\.\/[\w-]+\.ts)$/;

describe('@relay/realtime/client', () => {
  it('imports only socket.io-client, @relay/contracts and its own files', () => {
    const files = readdirSync(CLIENT_DIR).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const source = readFileSync(join(CLIENT_DIR, file), 'utf8');
      const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1]);
      for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(ALLOWED);
    }
  });
});
