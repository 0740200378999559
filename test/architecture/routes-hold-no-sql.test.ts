// The API's route files only parse, authorize and call (issue 14): SQL lives in
// @relay/db's query functions and business operations in @relay/inbox. This
// reads every file under apps/api/src/routes with the TypeScript parser (not a
// regex, so `sql <Row[]>\`…\``, `deps.sql\`…\`` or a renamed handle are caught
// and comments or strings that merely mention SQL are not) and names the file
// and line of anything that writes SQL:
// - any tagged template: in route files the only tags are the postgres driver's
//   (`sql\`\``, `tx\`\``), however the handle is named;
// - any `.unsafe(…)` call: the driver's raw-string escape hatch;
// - importing the driver itself ('postgres').
// Passing a transaction along (`withTenant(sql, id, (tx) => getX(tx, …))`,
// a `type Tx` parameter) is not SQL and is fine.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const ROUTES = join(ROOT, 'apps', 'api', 'src', 'routes');

type Finding = { line: number; what: string };

function sqlIn(fileName: string, text: string): Finding[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, what: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push({ line: line + 1, what });
  };
  const visit = (node: ts.Node) => {
    if (ts.isTaggedTemplateExpression(node)) {
      report(
        node,
        `a tagged template (\`${node.tag.getText(source)}\`…\`\`): SQL belongs in a @relay/db query function`,
      );
    } else if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'unsafe'
    ) {
      report(node, `${node.expression.getText(source)}(…): raw SQL belongs in a @relay/db query function`);
    } else if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text === 'postgres'
    ) {
      report(node, "an import of the 'postgres' driver: routes reach the database through @relay/db");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(?:ts|tsx|mts|cts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

describe('the API route files', () => {
  it('hold no SQL: no tagged template, no .unsafe(), no postgres import (file:line of each)', () => {
    const files = sourceFiles(ROUTES);
    // A wrong path must not pass for "no SQL found".
    expect(files.length).toBeGreaterThan(20);
    const findings = files.flatMap((file) =>
      sqlIn(file, readFileSync(file, 'utf8')).map(({ line, what }) => `${relative(ROOT, file)}:${line}: ${what}`),
    );
    expect(findings, `SQL in route files:\n${findings.join('\n')}`).toEqual([]);
  });
});

describe('the SQL detector', () => {
  it('finds SQL however it is written', () => {
    const text = [
      "import postgres from 'postgres';",
      'const a = await tx`select 1`;',
      'const [b] = await sql<{ id: string }[]>`select id from queues where is_default`;',
      'await deps.sql`select 1`;',
      'const q = tx; await q `delete from notes`;',
      "await tx.unsafe('select ' + column);",
      'await deps.sql.unsafe(text, []);',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text for the parser, not a template
      'const nested = await tx`select ${tx`1`}`;',
    ].join('\n');
    expect(sqlIn('x.ts', text).map((f) => f.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 8]);
  });

  it('lets a route pass a transaction along and mention SQL in words', () => {
    const text = [
      "import { type Tx, getQueue, withTenant } from '@relay/db';",
      '// the old `select 1 from queues` is getQueue now; tx`…` is not written here',
      "const note = 'sql`x` in a string is not SQL';",
      'const row = await withTenant(sql, tenantId, (tx: Tx) => getQueue(tx, tenantId, id));',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text for the parser, not a template
      'const message = `queue ${id} not found`;',
      'res.json({ items: rows });',
    ].join('\n');
    expect(sqlIn('x.ts', text)).toEqual([]);
  });
});
