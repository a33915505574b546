// Typed values read out of the canonical tree for the model: text, maps and lists of
// text, commands, booleans, numbers, octal modes, `x-` extensions; a value of another
// shape reads as absent (or empty), since validation has already reported it.
import { type Tree, type TreeMap, isList, isMap } from '../../tree.js';

export const extensionsOf = (value: TreeMap): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([key]) => key.startsWith('x-') && key !== 'x-dev'));

export const text = (value: Tree | undefined): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'object' ? JSON.stringify(value) : String(value);

export const stringMap = (value: Tree | undefined): Record<string, string> => {
  if (!isMap(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, text(entry) ?? '']));
};

export const nullableStringMap = (value: Tree | undefined): Record<string, string | null> => {
  if (!isMap(value)) return {};
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [key, entry === null ? null : (text(entry) ?? '')]),
  );
};

export const stringList = (value: Tree | undefined): string[] =>
  isList(value) ? value.map((entry) => text(entry) ?? '') : [];

export const commandOf = (value: Tree | undefined): string[] | null | undefined => {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return isList(value) ? stringList(value) : [String(value)];
};

export const optionalBoolean = (value: Tree | undefined): boolean | undefined =>
  typeof value === 'boolean' ? value : undefined;

export const numberOf = (value: Tree | undefined): number | undefined => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
};

export const modeOf = (value: Tree | undefined): number | undefined =>
  typeof value === 'string' ? Number.parseInt(value, 8) : typeof value === 'number' ? value : undefined;

/** Sets `key` only when there is a value, so absent keys stay absent. */
export const assign = <T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void => {
  if (value !== undefined) target[key] = value;
};
