// Relative host paths -> absolute, against the folder that gives them meaning: the project
// directory for the files given with -f, the file's own folder for `extends: {file}`, the
// include's project directory for `include`. Runs on the raw tree, short forms included.
import { isAbsolute, resolve } from 'node:path';
import { type Tree, type TreeMap, isList, isMap } from '../tree.js';

export interface PathBase {
  directory: string;
  home: string | undefined;
}

const isRemote = (value: string): boolean =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@') || value.startsWith('github.com/');

export const resolveHostPath = (value: string, base: PathBase): string => {
  if (value === '~' || value.startsWith('~/')) {
    return base.home === undefined ? value : resolve(base.home, value.slice(2));
  }
  if (isAbsolute(value)) return value;
  return resolve(base.directory, value);
};

const resolveString = (value: Tree, base: PathBase): Tree =>
  typeof value === 'string' && value !== '' ? resolveHostPath(value, base) : value;

/** A short volume's source is a host path when it starts with ".", "/" or "~". */
const isHostPathSource = (source: string): boolean =>
  source.startsWith('.') || source.startsWith('/') || source.startsWith('~');

const resolveShortVolume = (value: string, base: PathBase): string => {
  const parts = value.split(':');
  if (parts.length < 2) return value;
  const source = parts[0] ?? '';
  if (!isHostPathSource(source)) return value;
  return [resolveHostPath(source, base), ...parts.slice(1)].join(':');
};

const resolveBuild = (build: Tree, base: PathBase): Tree => {
  if (typeof build === 'string') return isRemote(build) ? build : resolveHostPath(build, base);
  if (!isMap(build)) return build;
  const context = build.context ?? '.';
  if (typeof context !== 'string' || isRemote(context)) return build;
  return { ...build, context: resolveHostPath(context, base) };
};

const resolveService = (service: TreeMap, base: PathBase): TreeMap => {
  const result: TreeMap = { ...service };
  if (service.build !== undefined) result.build = resolveBuild(service.build, base);
  const envFile = service.env_file;
  if (typeof envFile === 'string') result.env_file = resolveString(envFile, base);
  else if (isList(envFile)) {
    result.env_file = envFile.map((entry) =>
      isMap(entry) ? { ...entry, path: resolveString(entry.path ?? null, base) } : resolveString(entry, base),
    );
  }
  const labelFile = service.label_file;
  if (typeof labelFile === 'string') result.label_file = resolveString(labelFile, base);
  else if (isList(labelFile)) result.label_file = labelFile.map((entry) => resolveString(entry, base));
  if (isList(service.volumes)) {
    result.volumes = service.volumes.map((volume) => {
      if (typeof volume === 'string') return resolveShortVolume(volume, base);
      if (isMap(volume) && volume.type === 'bind' && typeof volume.source === 'string') {
        return { ...volume, source: resolveHostPath(volume.source, base) };
      }
      return volume;
    });
  }
  if (isMap(service.extends) && typeof service.extends.file === 'string') {
    result.extends = { ...service.extends, file: resolveHostPath(service.extends.file, base) };
  }
  const develop = service.develop;
  if (isMap(develop) && isList(develop.watch)) {
    result.develop = {
      ...develop,
      watch: develop.watch.map((rule) =>
        isMap(rule) && typeof rule.path === 'string' ? { ...rule, path: resolveHostPath(rule.path, base) } : rule,
      ),
    };
  }
  const dev = service['x-dev'];
  if (isMap(dev)) {
    const resolvedDev: TreeMap = { ...dev };
    if (isList(dev.restart_on)) resolvedDev.restart_on = dev.restart_on.map((entry) => resolveString(entry, base));
    if (isList(dev.reload)) {
      resolvedDev.reload = dev.reload.map((recipe) =>
        isMap(recipe) && typeof recipe.path === 'string'
          ? { ...recipe, path: resolveHostPath(recipe.path, base) }
          : recipe,
      );
    }
    result['x-dev'] = resolvedDev;
  }
  return result;
};

const resolveFileObjects = (objects: Tree, base: PathBase): Tree => {
  if (!isMap(objects)) return objects;
  const result: TreeMap = {};
  for (const [name, definition] of Object.entries(objects)) {
    result[name] =
      isMap(definition) && typeof definition.file === 'string'
        ? { ...definition, file: resolveHostPath(definition.file, base) }
        : definition;
  }
  return result;
};

/** Resolve every relative host path of a document tree against `base`. */
export const resolveRelativePaths = (tree: Tree, base: PathBase): Tree => {
  if (!isMap(tree)) return tree;
  const result: TreeMap = { ...tree };
  if (isMap(tree.services)) {
    const services: TreeMap = {};
    for (const [name, service] of Object.entries(tree.services)) {
      services[name] = isMap(service) ? resolveService(service, base) : service;
    }
    result.services = services;
  }
  if (tree.secrets !== undefined) result.secrets = resolveFileObjects(tree.secrets, base);
  if (tree.configs !== undefined) result.configs = resolveFileObjects(tree.configs, base);
  return result;
};
