// Keys Compose allows but devup does not apply: the tables of what devup applies, per
// place; the part of a definition outside them (kept under `unapplied`, so `dev config`
// still prints it); and one warning per such key, naming it.
import type { ConfigIssue } from '../../model.js';
import { issueAt } from '../../issues.js';
import type { SourceMap } from '../../source-map.js';
import { type PathSegment, type TreeMap, isMap } from '../../tree.js';

/** Keys devup applies, per place; `true` = the whole value, a nested table = per sub-key. */
export interface Applied {
  [key: string]: true | Applied;
}

export const serviceKeys: Applied = {
  name: true,
  image: true,
  build: { context: true, dockerfile: true, args: true, target: true, labels: true },
  command: true,
  entrypoint: true,
  environment: true,
  env_file: true,
  ports: true,
  expose: true,
  volumes: true,
  depends_on: true,
  healthcheck: true,
  restart: true,
  pull_policy: true,
  profiles: true,
  networks: true,
  labels: true,
  working_dir: true,
  user: true,
  stop_signal: true,
  stop_grace_period: true,
  init: true,
  tty: true,
  stdin_open: true,
  container_name: true,
  hostname: true,
  extra_hosts: true,
  secrets: true,
  configs: true,
  develop: true,
  deploy: { replicas: true, resources: { limits: true } },
  scale: true,
  'x-dev': true,
};

export const topLevelKeys: Applied = {
  name: true,
  services: true,
  networks: true,
  volumes: true,
  secrets: true,
  configs: true,
  'x-dev': true,
};

export const networkKeys: Applied = {
  name: true,
  driver: true,
  external: true,
  internal: true,
  attachable: true,
  labels: true,
  driver_opts: true,
};
export const volumeKeys: Applied = { name: true, driver: true, external: true, labels: true, driver_opts: true };
export const fileObjectKeys: Applied = { name: true, file: true, environment: true, content: true, external: true };

/** The part of `value` not covered by `applied` (undefined when nothing is left). */
export const splitUnapplied = (
  value: TreeMap,
  applied: Applied,
  path: PathSegment[],
  found: Array<PathSegment[]>,
): TreeMap | undefined => {
  const rest: TreeMap = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key.startsWith('x-')) continue;
    const rule = applied[key];
    if (rule === true) continue;
    if (rule === undefined || !isMap(entry)) {
      if (rule === undefined) {
        rest[key] = entry;
        found.push([...path, key]);
      }
      continue;
    }
    const nested = splitUnapplied(entry, rule, [...path, key], found);
    if (nested !== undefined) rest[key] = nested;
  }
  return Object.keys(rest).length === 0 ? undefined : rest;
};

/** One warning per unapplied key, services' (and other sections') entries counted once per key. */
export const notAppliedWarnings = (found: Array<PathSegment[]>, sourceMap: SourceMap): ConfigIssue[] => {
  const reported = new Set<string>();
  const warnings: ConfigIssue[] = [];
  for (const path of found) {
    const pattern = path.map((segment, index) => (index === 1 && path.length > 2 ? '*' : String(segment))).join('.');
    if (reported.has(pattern)) continue;
    reported.add(pattern);
    warnings.push(
      issueAt(sourceMap.locateKey(path), path, {
        code: 'not-applied',
        severity: 'warning',
        message:
          path.length === 1 && path[0] === 'version'
            ? 'the "version" key is obsolete and ignored'
            : 'valid Compose, but devup does not apply it (kept in the configuration, ignored when running)',
      }),
    );
  }
  return warnings;
};
