// SQL lives in packages/db: routes, the domain layer, the worker and the
// gateway call its query functions and hold no statement of their own
// (issue 14). This reads every source file outside packages/db and fails on
// a postgres.js tagged template (sql`…`, tx`…`, tx<Row[]>`…`), an unsafe()
// call, or a template literal that opens with a SQL verb.
import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DIRS = [
  ...readdirSync(join(ROOT, 'apps')).map((app) => join('apps', app, 'src')),
  ...readdirSync(join(ROOT, 'packages'))
    .filter((name) => name !== 'db')
    .map((name) => join('packages', name, 'src')),
];

function sources(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

const TAGGED = /\b(?:sql|tx|db|trx|reserved)\s*(?:<[^>`]*>)?\s*`/;
const UNSAFE = /\.unsafe\(/;
const VERB = /`\s*(?:select|insert\s+into|update\s+\w+\s+set|delete\s+from|with\s+\w+\s+as\s*\()\b/i;

function inlineSql(text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => !line.startsWith('//') && !line.startsWith('*'))
    .filter(({ line }) => TAGGED.test(line) || UNSAFE.test(line) || VERB.test(line))
    .map(({ line, n }) => `${n}: ${line}`);
}

describe('no inline SQL outside packages/db', () => {
  it('finds the patterns it looks for (so an empty result means something)', () => {
    expect(inlineSql('const rows = await tx<Row[]>`select 1`;')).toHaveLength(1);
    expect(inlineSql('await sql`update conversations set status = $1`;')).toHaveLength(1);
    expect(inlineSql('await sql.unsafe(text);')).toHaveLength(1);
    expect(inlineSql('const q = `select * from messages`;')).toHaveLength(1);
    const message = "throw new AppError('conflict', `a tag named $" + '{name} already exists`);';
    expect(inlineSql(message)).toHaveLength(0);
  });

  it('routes, the domain layer, the worker, the gateway and the other packages hold none', () => {
    const files = DIRS.flatMap(sources);
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) =>
      inlineSql(readFileSync(join(ROOT, file), 'utf8')).map((hit) => `${relative(ROOT, join(ROOT, file))}:${hit}`),
    );
    expect(found).toEqual([]);
  });
});
