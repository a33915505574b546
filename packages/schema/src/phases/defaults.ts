// Phase 7, defaults: what Compose fills in when a file leaves it out — the `default`
// network for services that name none, resource names prefixed with the project name,
// `required: true` on env files.
import { type Tree, type TreeMap, isMap } from '../tree.js';

const prefixNames = (objects: Tree | undefined, projectName: string): TreeMap => {
  if (!isMap(objects)) return {};
  const result: TreeMap = {};
  for (const [key, definition] of Object.entries(objects)) {
    const entry: TreeMap = isMap(definition) ? { ...definition } : {};
    const external = entry.external === true || isMap(entry.external);
    if (isMap(entry.external) && typeof entry.external.name === 'string' && entry.name === undefined) {
      entry.name = entry.external.name;
      entry.external = true;
    }
    if (typeof entry.name !== 'string') entry.name = external ? key : `${projectName}_${key}`;
    result[key] = entry;
  }
  return result;
};

export const applyDefaults = (tree: TreeMap, projectName: string): TreeMap => {
  const services: TreeMap = {};
  let usesDefaultNetwork = false;
  for (const [name, definition] of Object.entries(isMap(tree.services) ? tree.services : {})) {
    const service: TreeMap = isMap(definition) ? { ...definition } : {};
    if (service.networks === undefined && service.network_mode === undefined) service.networks = { default: null };
    if (isMap(service.networks) && 'default' in service.networks) usesDefaultNetwork = true;
    services[name] = service;
  }
  const networks = isMap(tree.networks) ? { ...tree.networks } : {};
  if (usesDefaultNetwork && !('default' in networks)) networks.default = {};
  return {
    ...tree,
    name: projectName,
    services,
    networks: prefixNames(networks, projectName),
    volumes: prefixNames(tree.volumes, projectName),
    secrets: prefixNames(tree.secrets, projectName),
    configs: prefixNames(tree.configs, projectName),
  };
};
