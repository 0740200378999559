// Fails on any import cycle across the workspaces, type-only imports included: a module that
// imports, directly or through others, a module that imports it. Each workspace's files and
// compiler options come from its own tsconfig.json, and every specifier is resolved by the
// TypeScript compiler itself, so `.ts` suffixes, `@relay/*` packages (through their package.json
// exports), subpath exports and the web app's path aliases resolve exactly as `tsc` sees them.
// madge was tried first: it follows relative `.ts` imports but skips every `@relay/*` import, so a
// cycle between two packages would pass. Dynamic `import()` is left out on purpose: it is how a
// module loads another lazily, and it does not run when the importing module loads.
// Usage: node scripts/check-import-cycles.mjs   (exit 1 and one line per cycle when there is one)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = `${join(dirname(fileURLToPath(import.meta.url)), '..')}/`;
const workspaces = ['apps', 'packages'].flatMap((dir) =>
  ts.sys.getDirectories(join(root, dir)).map((name) => join(root, dir, name)),
);
const generated = /[\\/](node_modules|\.next|dist)[\\/]/;

/** file -> the repository files it imports (statically, values and types alike). */
const graph = new Map();

for (const workspace of workspaces) {
  const configPath = join(workspace, 'tsconfig.json');
  if (!existsSync(configPath)) continue;
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic },
  );
  if (!config) continue;
  const host = ts.createCompilerHost(config.options);
  const cache = ts.createModuleResolutionCache(workspace, (name) => name, config.options);
  for (const file of config.fileNames) {
    if (generated.test(file) || graph.has(file)) continue;
    const imports = new Set();
    for (const specifier of staticSpecifiers(file)) {
      const target = ts.resolveModuleName(specifier, file, config.options, host, cache).resolvedModule
        ?.resolvedFileName;
      // Workspace packages resolve through node_modules symlinks to their sources here (TypeScript still
      // flags them external), so what counts is where the file is, not how it was found.
      if (!target?.startsWith(root) || generated.test(target)) continue;
      imports.add(target);
    }
    graph.set(file, imports);
  }
}

function onUnRecoverableConfigFileDiagnostic(diagnostic) {
  throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

/** Module specifiers of import/export declarations, `import x = require()` and `import('…')` types. */
function staticSpecifiers(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push(expression.text);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument) && ts.isStringLiteral(argument.literal)) found.push(argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// Tarjan's strongly connected components: every component of two or more files (or a file that
// imports itself) is a cycle. Iterative, so a long chain cannot overflow the stack.
function cycles(edges) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const found = [];
  let next = 0;
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work = [{ node: start, targets: [...(edges.get(start) ?? [])], i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.targets.length) {
        const target = frame.targets[frame.i++];
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, targets: [...(edges.get(target) ?? [])], i: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(target)));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node), low.get(frame.node)));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || edges.get(frame.node)?.has(frame.node)) found.push(component);
    }
  }
  return found;
}

/** One concrete loop through a component, for the message: start at its first file, follow edges inside it. */
function loopThrough(component, edges) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const path = [start];
  const seen = new Set([start]);
  const walk = (node) => {
    for (const target of edges.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) return true;
      if (seen.has(target)) continue;
      seen.add(target);
      path.push(target);
      if (walk(target)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return [...path, start];
}

// Cycles someone else is taking apart, each listed by its files exactly: the check still fails if
// one grows or another appears, and says when one is gone so its entry is removed. Keep this short.
const KNOWN = [];

const name = (file) => relative(root, file);
const key = (files) => [...files].sort().join(' ');
const known = new Set(KNOWN.map(key));
const found = cycles(graph);
const fresh = found.filter((component) => !known.has(key(component.map(name))));
const gone = KNOWN.filter((files) => !found.some((component) => key(component.map(name)) === key(files)));
for (const component of found) {
  const loop = loopThrough(component, graph).map(name).join(' -> ');
  if (fresh.includes(component)) process.stderr.write(`import cycle (${component.length} files): ${loop}\n`);
  else process.stdout.write(`known import cycle, allowed for now: ${loop}\n`);
}
for (const files of gone) process.stdout.write(`no longer a cycle, remove it from KNOWN: ${files.join(', ')}\n`);
if (fresh.length > 0) {
  process.stderr.write(
    `${fresh.length} new import cycle(s): move what both sides need to a module of its own (deps.ts)\n`,
  );
  process.exit(1);
}
process.stdout.write(`no new import cycles in ${graph.size} files\n`);
