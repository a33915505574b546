// Service volumes, short ("source:target[:mode]") and long, to Compose's long form.
import { posix } from 'node:path';
import { type TreeMap, isMap } from '../tree.js';

/** A container path cleaned as Compose cleans it (no trailing slash, no `..`). */
export const cleanContainerPath = (path: string): string =>
  path.startsWith('/') ? posix.normalize(path).replace(/(.)\/$/, '$1') : path;

const propagations = new Set(['shared', 'slave', 'private', 'rshared', 'rslave', 'rprivate']);

const isHostPath = (source: string): boolean =>
  source.startsWith('.') || source.startsWith('/') || source.startsWith('~') || /^[a-zA-Z]:[\\/]/.test(source);

export const parseShortVolume = (spec: string): TreeMap | VolumeError => {
  const parts = spec.split(':');
  if (parts.length === 1) return { type: 'volume', target: cleanContainerPath(spec), volume: {} };
  if (parts.length > 3 || parts.some((part, index) => part === '' && index < 2)) {
    return { invalid: true, error: `invalid volume "${spec}": expected [source:]target[:mode]` };
  }
  const [source = '', target = '', modeText = ''] = parts;
  const bind = isHostPath(source);
  const volume: TreeMap = { type: bind ? 'bind' : 'volume', source, target: cleanContainerPath(target) };
  const bindOptions: TreeMap = { create_host_path: true };
  const volumeOptions: TreeMap = {};
  for (const mode of modeText === '' ? [] : modeText.split(',')) {
    if (mode === 'ro') volume.read_only = true;
    else if (mode === 'rw') continue;
    else if (mode === 'z' || mode === 'Z') bindOptions.selinux = mode;
    else if (mode === 'nocopy') volumeOptions.nocopy = true;
    else if (propagations.has(mode)) bindOptions.propagation = mode;
    else if (['consistent', 'cached', 'delegated'].includes(mode)) volume.consistency = mode;
    else return { invalid: true, error: `invalid volume "${spec}": unknown mode "${mode}"` };
  }
  if (bind) volume.bind = bindOptions;
  else volume.volume = volumeOptions;
  return volume;
};

export interface VolumeError {
  error: string;
  invalid: true;
}

export const canonicalVolume = (entry: unknown): TreeMap | VolumeError => {
  if (typeof entry === 'string') return parseShortVolume(entry);
  if (!isMap(entry)) return { invalid: true, error: 'a volume must be a string or a mapping' };
  return typeof entry.target === 'string' ? { ...entry, target: cleanContainerPath(entry.target) } : { ...entry };
};
