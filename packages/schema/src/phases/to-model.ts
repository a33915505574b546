// Phase 8, model: the canonical tree -> the typed Project the daemon runs. Keys Compose allows
// but devup does not apply are kept under `unapplied` (so `dev config` still prints them) and
// reported once each as a warning naming the key.
import type { ConfigIssue, FileObject, Network, Project, Volume } from '../model.js';
import type { SourceMap } from '../source-map.js';
import { type PathSegment, type Tree, type TreeMap, isMap } from '../tree.js';
import { serviceOf } from './model/service-model.js';
import { assign, extensionsOf, optionalBoolean, stringMap, text } from './model/tree-values.js';
import {
  fileObjectKeys,
  networkKeys,
  notAppliedWarnings,
  serviceKeys,
  splitUnapplied,
  topLevelKeys,
  volumeKeys,
  type Applied,
} from './model/unapplied-keys.js';

const networkOf = (value: Tree): Network => {
  const entry = isMap(value) ? value : {};
  const network: Network = { name: text(entry.name) ?? '', labels: stringMap(entry.labels) };
  assign(network, 'driver', text(entry.driver));
  assign(network, 'external', optionalBoolean(entry.external));
  assign(network, 'internal', optionalBoolean(entry.internal));
  assign(network, 'attachable', optionalBoolean(entry.attachable));
  if (isMap(entry.driver_opts)) network.driver_opts = stringMap(entry.driver_opts);
  return network;
};

const volumeObjectOf = (value: Tree): Volume => {
  const entry = isMap(value) ? value : {};
  const volume: Volume = { name: text(entry.name) ?? '', labels: stringMap(entry.labels) };
  assign(volume, 'driver', text(entry.driver));
  assign(volume, 'external', optionalBoolean(entry.external));
  if (isMap(entry.driver_opts)) volume.driver_opts = stringMap(entry.driver_opts);
  return volume;
};

const fileObjectOf = (value: Tree): FileObject => {
  const entry = isMap(value) ? value : {};
  const object: FileObject = { name: text(entry.name) ?? '' };
  assign(object, 'file', text(entry.file));
  assign(object, 'environment', text(entry.environment));
  assign(object, 'content', text(entry.content));
  assign(object, 'external', optionalBoolean(entry.external));
  return object;
};

export interface ModelInput {
  tree: TreeMap;
  sourceMap: SourceMap;
  workingDir: string;
  configFiles: string[];
  production: string[];
  profiles: string[];
}

export interface ModelOutput {
  project: Project;
  warnings: ConfigIssue[];
}

export const buildProject = ({
  tree,
  sourceMap,
  workingDir,
  configFiles,
  production,
  profiles,
}: ModelInput): ModelOutput => {
  const found: Array<PathSegment[]> = [];
  const mapOf = <T>(value: Tree | undefined, convert: (entry: Tree, key: string) => T): Record<string, T> =>
    Object.fromEntries(Object.entries(isMap(value) ? value : {}).map(([key, entry]) => [key, convert(entry, key)]));
  const unapplied: TreeMap = {};
  const keep = (section: string, name: string, rest: TreeMap | undefined): void => {
    if (rest === undefined) return;
    const entries = isMap(unapplied[section]) ? unapplied[section] : {};
    entries[name] = rest;
    unapplied[section] = entries;
  };
  const withUnapplied = <T>(
    section: string,
    keys: Applied,
    convert: (entry: Tree, name: string) => T,
  ): Record<string, T> =>
    mapOf(tree[section], (entry, name) => {
      keep(section, name, isMap(entry) ? splitUnapplied(entry, keys, [section, name], found) : undefined);
      return convert(entry, name);
    });
  const services = mapOf(tree.services, (entry, name) => {
    const definition = isMap(entry) ? entry : {};
    const service = serviceOf(name, definition);
    const rest = splitUnapplied(definition, serviceKeys, ['services', name], found);
    if (rest !== undefined) service.unapplied = rest;
    return service;
  });
  const project: Project = {
    name: text(tree.name) ?? '',
    working_dir: workingDir,
    config_files: configFiles,
    services,
    networks: withUnapplied('networks', networkKeys, networkOf),
    volumes: withUnapplied('volumes', volumeKeys, volumeObjectOf),
    secrets: withUnapplied('secrets', fileObjectKeys, fileObjectOf),
    configs: withUnapplied('configs', fileObjectKeys, fileObjectOf),
    profiles_enabled: profiles,
    extensions: extensionsOf(tree),
    dev: { production },
  };
  Object.assign(unapplied, splitUnapplied(tree, topLevelKeys, [], found) ?? {});
  if (Object.keys(unapplied).length > 0) project.unapplied = unapplied;
  return { project, warnings: notAppliedWarnings(found, sourceMap) };
};
