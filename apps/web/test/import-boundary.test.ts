// The web app ships to browsers: it may import only React, Next, TanStack
// Query, the contracts and the browser-safe realtime client — never the
// database, push, firebase-admin or Node built-ins (STYLE.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const ALLOWED = [
  /^react(-dom)?(\/|$)/,
  /^next(\/|$)/,
  /^@tanstack\/react-query$/,
  /^@relay\/contracts$/,
  /^@relay\/realtime\/client$/,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe('apps/web imports', () => {
  it('reach only browser-safe modules', () => {
    const offending: string[] = [];
    const files = sources(SRC);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        if (!specifier || specifier.startsWith('.') || specifier.startsWith('@/')) continue;
        if (!ALLOWED.some((pattern) => pattern.test(specifier))) offending.push(`${relative(SRC, file)}: ${specifier}`);
      }
    }
    expect(files.length).toBeGreaterThan(10);
    expect(offending).toEqual([]);
  });
});
