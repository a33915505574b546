// The module table shared by the one-file bundles (build-config-bundle.mjs and
// build-yaml-bundle.mjs): each module's code becomes a function in a table, wrapped in
// parentheses so V8 compiles it with the bundle rather than on first call, and a small
// load(id) runs a module once and keeps its exports, as require() does.

/** The line that gives a bundle Node's built-in modules without importing them. */
export const builtinSource = 'const builtin = (name) => process.getBuiltinModule(name);';

/** One entry of the table: `code` as a function of `parameters` (e.g. 'exports, module'). */
export const moduleEntry = (id, parameters, code) => `${JSON.stringify(id)}: (function (${parameters}) {\n${code}\n}),`;

/** The table `files` of the entries (one a line), then load(id), which calls a module's function with `callArguments`. */
export const moduleTableSource = (entries, callArguments) => `const files = {
${entries}
};
const cache = new Map();
const load = (id) => {
  const cached = cache.get(id);
  if (cached !== undefined) return cached.exports;
  const module = { exports: {} };
  cache.set(id, module);
  files[id].call(module.exports, ${callArguments});
  return module.exports;
};`;
