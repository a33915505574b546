// Short texts for the values a parity difference names, and the JSON form it carries.
import { isAbsolute, relative } from 'node:path';
import type { Port, ReloadRecipe, ServiceVolume, WatchRule } from '../model.js';
import type { JsonValue } from './parity-difference.js';

const secretName = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;

/** Values of variables whose names look secret are never printed. */
export const isSecretName = (name: string): boolean => secretName.test(name);

export const maskedValue = '******';

/** A host path as people read it: relative to the project folder when inside it. */
export const displayPath = (path: string, workingDir: string): string => {
  if (!isAbsolute(path) || workingDir === '') return path;
  const inside = relative(workingDir, path);
  if (inside === '') return '.';
  return inside.startsWith('..') || isAbsolute(inside) ? path : `./${inside}`;
};

const quoteWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : JSON.stringify(word));

export const describeWords = (words: readonly string[]): string => words.map(quoteWord).join(' ');

export const describePort = (port: Port): string => {
  const host =
    port.published === undefined ? '' : `${port.host_ip === undefined ? '' : `${port.host_ip}:`}${port.published}->`;
  const mode = port.mode === 'host' ? ' (host mode)' : '';
  return `${host}${port.target}/${port.protocol}${mode}`;
};

export const describeVolume = (volume: ServiceVolume, workingDir: string): string => {
  const readOnly = volume.read_only === true ? ':ro' : '';
  switch (volume.type) {
    case 'bind':
      return `bind ${displayPath(volume.source, workingDir)}:${volume.target}${readOnly}`;
    case 'volume':
      return `volume ${volume.source ?? '(anonymous)'}:${volume.target}${readOnly}`;
    case 'tmpfs':
      return `tmpfs ${volume.target}${readOnly}`;
  }
};

export const describeWatchRule = (rule: WatchRule, workingDir: string): string => {
  const target = rule.target === undefined ? '' : ` -> ${rule.target}`;
  const exec = rule.exec === undefined ? '' : ` then ${describeWords(rule.exec.command)}`;
  return `${rule.action} ${displayPath(rule.path, workingDir)}${target}${exec}`;
};

export const describeReload = (recipe: ReloadRecipe, workingDir: string): string => {
  const scope = recipe.path === undefined ? '' : ` on ${displayPath(recipe.path, workingDir)}`;
  return 'exec' in recipe ? `exec ${describeWords(recipe.exec)}${scope}` : `signal ${recipe.signal}${scope}`;
};

/** Any model value as one line. */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return '(unset)';
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return describeWords(value);
  return JSON.stringify(value);
};

/** A JSON copy of a model value (undefined members dropped). */
export const toJson = (value: unknown): JsonValue => {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
};

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return Object.fromEntries(entries.map(([key, member]) => [key, sortKeys(member)]));
  }
  return value;
};

/** A key that is equal for deeply equal values regardless of member order. */
export const identityOf = (value: unknown): string => JSON.stringify(sortKeys(value)) ?? 'undefined';

export const isSameValue = (left: unknown, right: unknown): boolean => identityOf(left) === identityOf(right);
