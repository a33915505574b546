// The part of a service's configuration that shapes its containers, its hash (Compose's
// config-hash label decides recreation) and per-key digests that name what changed, so a
// recreation can say "config changed: environment.DEBUG".

import { createHash } from 'node:crypto';
import type { Project, Service } from '@devup/schema';

/**
 * What a container is made from. Like Compose, leaves out what does not change a
 * container: build (the image decides), replicas, depends_on, profiles, develop, x-dev.
 */
export const canonicalServiceConfig = (service: Service, project: Project): Record<string, unknown> => {
  const {
    build: _build,
    replicas: _replicas,
    depends_on: _dependsOn,
    profiles: _profiles,
    develop: _develop,
    dev: _dev,
    extensions: _extensions,
    ...shaping
  } = service;
  const fileObjects = (refs: Service['secrets'], objects: Project['secrets']) =>
    refs.map((ref) => ({ ...ref, object: objects[ref.source] ?? null }));
  return {
    ...shaping,
    secrets: fileObjects(service.secrets, project.secrets),
    configs: fileObjects(service.configs, project.configs),
  };
};

/** Flattens to key paths: objects recurse ("environment.DEBUG"), arrays and scalars are leaves. */
export const flattenConfig = (value: unknown, prefix = ''): Record<string, string> => {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, child]) => child !== undefined);
    // An empty object contributes nothing: `labels: {}` and no labels are the same config.
    return Object.assign(
      {},
      ...entries.map(([key, child]) => flattenConfig(child, prefix === '' ? key : `${prefix}.${key}`)),
    ) as Record<string, string>;
  }
  return { [prefix]: JSON.stringify(value) };
};

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface ConfigFingerprint {
  /** The config-hash label value. */
  hash: string;
  /** Key path -> 8-hex digest of its value. */
  keyDigests: Record<string, string>;
}

export const fingerprintConfig = (config: Record<string, unknown>): ConfigFingerprint => {
  const flat = flattenConfig(config);
  const keys = Object.keys(flat).sort();
  const keyDigests = Object.fromEntries(keys.map((key) => [key, digest(flat[key] ?? '').slice(0, 8)]));
  return { hash: digest(JSON.stringify(keys.map((key) => [key, flat[key]]))), keyDigests };
};

/** Key paths whose value differs, was added, or was removed; sorted. */
export const changedConfigKeys = (before: Record<string, string>, after: Record<string, string>): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => before[key] !== after[key]).sort();

/** A cause for a recreation: "config changed: environment.DEBUG, ports". */
export const describeConfigChange = (changedKeys: string[]): string => {
  if (changedKeys.length === 0) return 'config changed';
  const shown = changedKeys.slice(0, 4).join(', ');
  return `config changed: ${shown}${changedKeys.length > 4 ? ` and ${changedKeys.length - 4} more` : ''}`;
};
