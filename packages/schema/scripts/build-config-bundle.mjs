// Packs what `dev config` runs (the CLI's dispatcher, the config command and the whole
// loader, from the built dist/ files) into one script, packages/tui/dist/cli/config-bundle.js.
// One file instead of ~55 modules saves Node's per-module resolution, linking and cache lookups on
// every run; built-in modules are taken with process.getBuiltinModule (an ESM import of
// node:fs or node:util also loads streams, readline and more, ~4 ms); each module's function
// is wrapped in parentheses so V8 compiles it with the bundle, even before a code cache exists.
// The code is the modules' own: each becomes a CommonJS-style function in a table
// (TypeScript's transpiler rewrites import/export), with a small require() over the table.
// Dynamic imports of modules outside the config path stay real imports of the dist files.
// The bundle is a classic script, not a module, so the CLI can keep V8's code cache of it
// as it is after a run (with the functions that run compiled), not only as first compiled.
// It lists its inputs with their sizes and times; the CLI uses it only while they are
// unchanged (see packages/tui/src/bin/load-cli.ts), so a later `tsc -b` never runs stale code.
// Usage: node packages/schema/scripts/build-config-bundle.mjs  (run by `pnpm build`)
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { builtinSource, moduleEntry, moduleTableSource } from './module-table.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const tuiDist = join(repoRoot, 'packages/tui/dist');
const schemaEntry = join(repoRoot, 'packages/schema/dist/index.js');
const entry = join(tuiDist, 'cli/main.js');
const target = join(tuiDist, 'cli/config-bundle.js');

// The dynamic imports on the config path; every other one stays a real import().
const followDynamic = new Set(['./commands/config-command.js', '@devup/schema']);

const isBuiltin = (specifier) => specifier.startsWith('node:') || builtinModules.includes(specifier);

const resolveFrom = (file, specifier) => {
  if (specifier === '@devup/schema') return schemaEntry;
  if (specifier.startsWith('.')) return resolve(dirname(file), specifier);
  return createRequire(file).resolve(specifier);
};

const transpile = (file, source) =>
  ts.transpileModule(source, {
    fileName: file.replace(/\.js$/, '.cts'),
    compilerOptions: {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      esModuleInterop: true,
      noEmitHelpers: true,
      removeComments: true,
      sourceMap: false,
    },
  }).outputText;

// file -> { code, requires: Map(specifier -> file), dynamic: Map(specifier -> file) }
const modules = new Map();
const requirePattern = /\brequire\((["'])([^"']+)\1\)/g;
const importPattern = /\bimport\((["'])([^"']+)\1\)/g;

const visit = (file) => {
  if (modules.has(file)) return;
  const source = readFileSync(file, 'utf8');
  const record = { code: '', requires: new Map(), dynamic: new Map() };
  modules.set(file, record);
  if (file.endsWith('.json')) {
    // Parsed on first use: the loader needs the Compose schema only to explain a validation error.
    const text = JSON.stringify(JSON.stringify(JSON.parse(source)));
    record.code = `let value;\nmodule.exports = { __esModule: true, get default() { return (value ??= JSON.parse(${text})); } };`;
    return;
  }
  const isEsm = !file.includes('/node_modules/');
  record.code = (isEsm ? transpile(file, source) : source).replace(/^"use strict";\n/, '');
  for (const [, , specifier] of record.code.matchAll(requirePattern)) {
    if (isBuiltin(specifier)) continue;
    const resolved = resolveFrom(file, specifier);
    record.requires.set(specifier, resolved);
    visit(resolved);
  }
  for (const [, , specifier] of record.code.matchAll(importPattern)) {
    if (!followDynamic.has(specifier)) continue;
    const resolved = resolveFrom(file, specifier);
    record.dynamic.set(specifier, resolved);
    visit(resolved);
  }
};
visit(entry);
// Writes the config command's output straight to a pipe or file (see the bundle's runCli below).
const configOutput = join(tuiDist, 'cli/commands/config-output.js');
visit(configOutput);

const idOf = (file) => relative(repoRoot, file);
const specifierFromBundle = (file, specifier) => {
  if (!specifier.startsWith('.')) return specifier;
  const path = relative(dirname(target), resolve(dirname(file), specifier));
  return path.startsWith('.') ? path : `./${path}`;
};

const table = [...modules]
  .map(([file, record]) => {
    const code = record.code
      .replace(requirePattern, (whole, _quote, specifier) => {
        if (isBuiltin(specifier)) return `builtin(${JSON.stringify(specifier)})`;
        return `load(${JSON.stringify(idOf(record.requires.get(specifier)))})`;
      })
      .replace(importPattern, (whole, _quote, specifier) => {
        const bundled = record.dynamic.get(specifier);
        if (bundled !== undefined) return `Promise.resolve(load(${JSON.stringify(idOf(bundled))}))`;
        return `context.importModule(${JSON.stringify(specifierFromBundle(file, specifier))})`;
      })
      .replace(/\bimport\.meta\.url\b/g, 'context.url');
    // A script has no import() of its own, nor import.meta: what is left would fail at run time.
    const unsupported = /\bimport\s*\(|\bimport\.meta\b|\brequire\s*\((?!["'])/.exec(code);
    if (unsupported !== null) {
      throw new Error(`${idOf(file)}: cannot bundle "${unsupported[0]}" (only literal imports and import.meta.url)`);
    }
    return moduleEntry(idOf(file), 'exports, module', code);
  })
  .join('\n');

// TypeScript's module helpers, once for the whole bundle (noEmitHelpers above).
const helpers = ts
  .transpileModule(`import a from './a.js'; import * as b from './b.js'; export * from './c.js'; export { a, b };`, {
    fileName: 'helpers.cts',
    compilerOptions: { module: ts.ModuleKind.NodeNext, esModuleInterop: true },
  })
  .outputText.split('Object.defineProperty(exports, "__esModule"')[0]
  .replace(/^"use strict";\n/, '');

const inputs = [...modules.keys()].map((file) => {
  const { size, mtimeMs } = statSync(file);
  return [file, size, mtimeMs];
});

const text = `// Generated by packages/schema/scripts/build-config-bundle.mjs from the built dist/ files
// (the CLI's dispatcher, the config command and the loader). Do not edit; \`pnpm build\` writes it.
// A script whose value is a function of { url, importModule }: url stands for import.meta.url,
// importModule for import() relative to this file. See packages/tui/src/bin/load-cli.ts.
(function (context) {
'use strict';
${builtinSource}
${helpers}
${moduleTableSource(table, 'module.exports, module')}
/** The files this bundle was made from, with their size and modification time then. */
const inputs = ${JSON.stringify(inputs)};
/**
 * The CLI's runCli for \`dev config\`, writing to stdout and stderr directly when they are
 * pipes or files; any other command line goes to the modules themselves (their classes, e.g.
 * CliError, must be the ones the dispatcher checks for).
 */
let usedStreams = () => true;
const runCli = async (argv, io, hooks) => {
  let parsed;
  try {
    parsed = load(${JSON.stringify(idOf(join(tuiDist, 'cli/global-options.js')))}).parseCommandLine(argv);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || parsed.command !== 'config' || parsed.globals.help || parsed.globals.version) {
    return (await context.importModule('./main.js')).runCli(argv, io, hooks);
  }
  const { directOutput } = load(${JSON.stringify(idOf(configOutput))});
  const stdout = directOutput(1, () => io.stdout);
  const stderr = directOutput(2, () => io.stderr);
  usedStreams = () => stdout.usedStream() || stderr.usedStream();
  const directIo = {
    stdout: stdout.output,
    stderr: stderr.output,
    get stdin() {
      return io.stdin;
    },
    env: io.env,
    cwd: io.cwd,
    interrupted: io.interrupted,
  };
  return load(${JSON.stringify(idOf(entry))}).runCli(argv, directIo, hooks);
};
/** Whether process.stdout or process.stderr took output (to flush before exiting). */
return { inputs, runCli, usedStreams: () => usedStreams() };
})
`;
// ASCII only (other characters as \u escapes, which mean the same in strings, templates,
// regular expressions and names): the CLI reads it as latin1 without decoding UTF-8 and V8
// keeps it as a one-byte string (~2 ms less per run).
const ascii = text.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync(target, ascii);
console.log(`wrote ${relative(repoRoot, target)} (${modules.size} modules, ${ascii.length} bytes)`);
