// Phase 3b, extends: `extends: base` / `extends: {service, file}` -> the base service merged
// under the local one by the override rules. Bases from other files arrive with their paths
// already resolved against their own folder. Cycles and unknown bases are located issues.
import type { LoadedDocument } from '../document.js';
import type { ConfigIssue } from '../model.js';
import { issueAt } from '../issues.js';
import { didYouMean } from '../suggest.js';
import { type Tree, type TreeMap, isMap } from '../tree.js';
import { mergeTrees, tagLookupFrom } from './merge.js';

/** Loads another file (already interpolated, extended and path-resolved), or says it is missing. */
export type LoadOtherFile = (file: string) => LoadedDocument | 'missing';

export const applyExtends = (document: LoadedDocument, loadOther: LoadOtherFile): LoadedDocument => {
  const services = document.tree.services;
  if (!isMap(services)) return document;
  const issues: ConfigIssue[] = [];
  const resolved = new Map<string, Tree>();
  const tagOf = tagLookupFrom(document.tags);

  const resolveService = (name: string, stack: string[]): Tree => {
    const done = resolved.get(name);
    if (done !== undefined) return done;
    const service = services[name];
    if (!isMap(service) || service.extends === undefined) {
      resolved.set(name, service ?? null);
      return service ?? null;
    }
    const path = ['services', name, 'extends'];
    const location = document.sourceMap.locate(path);
    const reference = service.extends;
    const baseName = typeof reference === 'string' ? reference : isMap(reference) ? reference.service : undefined;
    const baseFile = isMap(reference) && typeof reference.file === 'string' ? reference.file : undefined;
    const { extends: _removed, ...local } = service;
    const fail = (message: string, hint?: string): Tree => {
      issues.push(issueAt(location, path, { code: 'extends', message, ...(hint === undefined ? {} : { hint }) }));
      resolved.set(name, local);
      return local;
    };
    if (typeof baseName !== 'string') return fail('extends must name a service');
    let base: Tree;
    if (baseFile !== undefined) {
      const other = loadOther(baseFile);
      if (other === 'missing') return fail(`extends: file "${baseFile}" not found`);
      if (other.issues.some((issue) => issue.severity === 'error')) {
        issues.push(...other.issues);
        resolved.set(name, local);
        return local;
      }
      const otherServices = isMap(other.tree.services) ? other.tree.services : {};
      const found = otherServices[baseName];
      if (found === undefined) {
        return fail(
          `extends: service "${baseName}" not found in ${baseFile}`,
          didYouMean(baseName, Object.keys(otherServices)),
        );
      }
      base = found;
      document.sourceMap.copySubtree(['services', baseName], ['services', name], other.sourceMap);
    } else {
      if (!(baseName in services)) {
        return fail(`extends: unknown service "${baseName}"`, didYouMean(baseName, Object.keys(services)));
      }
      if (stack.includes(baseName) || baseName === name) {
        return fail(`extends cycle: ${[...stack, name, baseName].join(' -> ')}`);
      }
      base = resolveService(baseName, [...stack, name]);
      document.sourceMap.copySubtree(['services', baseName], ['services', name]);
    }
    const merged = isMap(base) ? mergeTrees(base, local, tagOf, ['services', name]) : local;
    resolved.set(name, merged);
    return merged;
  };

  const result: TreeMap = {};
  for (const name of Object.keys(services)) result[name] = resolveService(name, []);
  return { ...document, tree: { ...document.tree, services: result }, issues: [...document.issues, ...issues] };
};
